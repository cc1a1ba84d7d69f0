"""The console's district overview reads each school's stage and status from the synced
records of its current partnership year, leaves out archived schools and other
districts, and names the officers assigned."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.vocabulary import PartnershipStatus, Stage
from server.console.district_view import counts, district_schools, per_officer
from server.db import open_database
from server.directory import assign, find_school, user_by_name
from server.models import ChangeLog, Device, District, Record, SeqCounter
from server.schools import import_schools
from tests.server_harness import seed_users, sqlite_url


def _record(session: Session, table: str, school_id: str, fields: dict[str, object]) -> None:
    counter = session.scalars(select(SeqCounter)).one()
    counter.value += 1
    session.add(
        Record(
            table_name=table,
            row_id=school_id if table == "schools" else str(uuid.uuid4()),
            school_id=school_id,
            fields=fields,
            field_versions=dict.fromkeys(fields, 1),
            row_version=1,
            deleted=False,
            seq=counter.value,
        )
    )


def test_stage_status_and_officers_per_school(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    users = seed_users(url)
    db = open_database(url)
    with db.writing() as session:
        rows = [{"name": n} for n in ("Kōwhai Primary", "Rimu School", "Old Mill School")]
        import_schools(session, rows, users.district)
        import_schools(session, [{"name": "Tōtara Kura"}], users.other_district)
        kowhai = find_school(session, "Kōwhai Primary").id
        rimu = find_school(session, "Rimu School").id
        old = session.get(Record, ("schools", find_school(session, "Old Mill School").id))
        assert old is not None
        old.fields = {**old.fields, "archived": True}
        _record(session, "partnerships", kowhai, {"school_id": kowhai, "status": "active"})
        _record(  # an earlier year stays behind: the latest year is the current one
            session,
            "partnership_years",
            kowhai,
            {"school_id": kowhai, "year": 2025, "stage": 4, "status": "active"},
        )
        _record(
            session,
            "partnership_years",
            kowhai,
            {"school_id": kowhai, "year": 2026, "stage": 2, "status": "maintaining"},
        )
        assign(session, user_by_name(session, users.officer), find_school(session, kowhai))
        district = session.scalar(select(District).where(District.name == users.district))
        assert district is not None
        district_id = district.id
    with db.reading() as session:
        lines = district_schools(session, district_id)
    db.dispose()
    assert [(x.name, x.stage, x.status, x.officers) for x in lines] == [
        ("Kōwhai Primary", Stage.ANALYSIS, PartnershipStatus.MAINTAINING, (users.officer,)),
        ("Rimu School", None, None, ()),
    ]
    assert rimu == lines[1].id
    summary = counts(lines)
    assert summary.schools == 2 and summary.unassigned == 1
    assert summary.by_stage[Stage.ANALYSIS] == 1 and summary.by_stage[None] == 1
    assert summary.by_status[PartnershipStatus.MAINTAINING] == 1


def test_overdue_figures_follow_the_desktop_rules(tmp_path: Path) -> None:
    """Only the current year's plan counts, a closed partnership owes nothing, and each
    assigned officer's line adds up their schools (unassigned schools get a line too)."""
    today = date(2026, 11, 24)
    url = sqlite_url(tmp_path)
    users = seed_users(url)
    db = open_database(url)
    with db.writing() as session:
        names = ("Kōwhai Primary", "Rimu School", "Closed Kura", "Mātai College")
        import_schools(session, [{"name": n} for n in names], users.district)
        ids = {n: find_school(session, n).id for n in names}
        for name, status in (("Kōwhai Primary", "active"), ("Closed Kura", "closed")):
            sid = ids[name]
            _record(session, "partnerships", sid, {"school_id": sid, "status": status})
            _record(
                session,
                "partnership_years",
                sid,
                {"school_id": sid, "year": 2026, "stage": 3, "status": "active"},
            )
            for year in (2025, 2026):  # last year's undone activity is history
                plan = str(uuid.uuid4())
                _plan(session, sid, plan, year)
                _record(
                    session,
                    "plan_activities",
                    sid,
                    {
                        "school_id": sid,
                        "plan_id": plan,
                        "position": 0,
                        "title": "Kia Kaha",
                        "status": "planned",
                        "horizon": "long_term",
                        "starts_on": f"{year}-09-01",
                        "due_on": f"{year}-11-01",
                    },
                )
        assign(session, user_by_name(session, users.officer), find_school(session, ids[names[0]]))
        assign(session, user_by_name(session, users.officer), find_school(session, ids[names[2]]))
        district_id = find_school(session, ids[names[0]]).district_id
    with db.reading() as session:
        lines = {line.name: line for line in district_schools(session, district_id, today)}
    db.dispose()
    kowhai = lines["Kōwhai Primary"].standing
    assert (kowhai.stage, kowhai.overdue_activities, kowhai.overdue_reviews) == (
        Stage.RESPONSE,
        1,  # 2026's activity; 2025's is history
        0,  # long-term: quarterly from 01/09/2026, due 01/12/2026
    )
    assert kowhai.profile_out_of_date and not kowhai.agreement_due
    closed = lines["Closed Kura"].standing
    assert closed.status is PartnershipStatus.CLOSED
    assert closed.overdue_total == 0 and not closed.profile_out_of_date
    assert not lines["Rimu School"].synced
    assert not lines["Rimu School"].needs_attention  # nothing known, so nothing late
    assert lines["Kōwhai Primary"].needs_attention and not lines["Closed Kura"].needs_attention
    officers = per_officer(list(lines.values()))
    assert [
        (o.officer, o.schools, o.overdue_activities, o.profiles_out_of_date) for o in officers
    ] == [
        (users.officer, 2, 1, 1),
        ("", 2, 0, 0),  # Rimu and Mātai: nothing synced, so nothing counted
    ]
    assert officers[0].user_id is not None and officers[1].user_id is None
    figures = counts(list(lines.values())).figures
    assert (figures.overdue_activities, figures.profiles_out_of_date) == (1, 1)


def _plan(session: Session, school_id: str, plan_id: str, year: int) -> None:
    counter = session.scalars(select(SeqCounter)).one()
    counter.value += 1
    fields = {"school_id": school_id, "year": year, "agreed_on": f"{year}-09-01"}
    session.add(
        Record(
            table_name="annual_plans",
            row_id=plan_id,
            school_id=school_id,
            fields=fields,
            field_versions=dict.fromkeys(fields, 1),
            row_version=1,
            deleted=False,
            seq=counter.value,
        )
    )


def test_a_plans_review_clock_starts_when_it_first_reached_the_server(tmp_path: Path) -> None:
    """A plan with no agreed date and actions with no start: the desktop starts the
    monthly clock when the plan was made; the server, when the plan first arrived (its
    first change logged), not when it last changed."""
    url = sqlite_url(tmp_path)
    users = seed_users(url)
    db = open_database(url)
    today = date.today()
    with db.writing() as session:
        import_schools(session, [{"name": "Kōwhai Primary"}], users.district)
        school = find_school(session, "Kōwhai Primary")
        sid = school.id
        _record(session, "partnerships", sid, {"school_id": sid, "status": "active"})
        plan = str(uuid.uuid4())
        _plan(session, sid, plan, today.year)
        session.get(Record, ("annual_plans", plan)).fields = {  # type: ignore[union-attr]
            "school_id": sid,
            "year": today.year,
            "agreed_on": None,
        }
        _record(
            session,
            "plan_activities",
            sid,
            {"school_id": sid, "plan_id": plan, "position": 0, "title": "Kia Kaha"}
            | {"status": "planned", "horizon": "short_term", "starts_on": None, "due_on": None},
        )
        officer = user_by_name(session, users.officer)
        device = Device(user_id=officer.id, client_device_id="laptop", token_hash="x" * 64)
        session.add(device)
        session.flush()
        for n, days_ago in enumerate((100, 1)):  # made 100 days ago, edited yesterday
            session.add(
                ChangeLog(
                    change_id=f"c{n}",
                    batch_id="b",
                    user_id=officer.id,
                    device_id=device.id,
                    received_at=datetime.now(UTC) - timedelta(days=days_ago),
                    table_name="annual_plans",
                    row_id=plan,
                    status="applied",
                    result={},
                )
            )
        district_id = school.district_id
    with db.reading() as session:
        (line,) = district_schools(session, district_id, today)
    db.dispose()
    assert line.standing.overdue_reviews == 1  # monthly, from 100 days ago
