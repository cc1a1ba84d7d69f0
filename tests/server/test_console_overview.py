"""The console's district overview reads each school's stage and status from the synced
records of its current partnership year, leaves out archived schools and other
districts, and names the officers assigned."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.vocabulary import PartnershipStatus, Stage
from server.console.district_view import counts, district_schools
from server.db import open_database
from server.directory import assign, find_school, user_by_name
from server.models import District, Record, SeqCounter
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
