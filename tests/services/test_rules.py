"""The partnership rules are stated once (lpc_core.rules), so the district
dashboard, which counts in SQL, and the reminders, which walk the rows, agree."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from app.models import Partnership, PartnershipAgreement, PlanActivity, SchoolProfile
from app.models.vocabulary import ActivityStatus, PartnershipStatus
from app.services import plans
from app.services.dashboard import count, school_statuses
from app.services.demo import seed_demo
from app.services.records import load_school
from app.services.reminders import LOCAL_KINDS, ReminderKind, compute_reminders
from app.services.schools import archive_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from lpc_core import rules
from tests.services.helpers import add_school

TODAY = date.today()  # the demo district is seeded as at today (its SMART aims are checked then)
DAY = timedelta(days=1)


def _agreement(uow: UnitOfWork, school_id: str, agreed: date | None, review: date) -> None:
    uow.add(PartnershipAgreement, school_id=school_id, agreed_on=agreed, review_on=review)


def _activity(uow: UnitOfWork, school_id: str, title: str, status: str, due: date | None) -> str:
    return plans.add_activity(uow, school_id, title=title, status=status, due_on=due).id


def _edge_cases(store: Store) -> dict[str, str]:
    """Schools where a re-spelled rule would drift: ties, gaps, closed and deleted rows."""
    ids = {
        name: add_school(store, name)
        for name in (
            "Tied agreements",
            "Undated agreements",
            "No partnership yet",
            "Closed partnership",
            "Archived kura",
            "Done and cancelled",
            "Old profile, new year",
            "Next year's agreement typed in",
        )
    }
    with UnitOfWork(store, "test") as uow:
        # Agreed the same day: the one created last is current (its review is far off).
        _agreement(uow, ids["Tied agreements"], TODAY - 300 * DAY, TODAY - 5 * DAY)
        _agreement(uow, ids["Tied agreements"], TODAY - 300 * DAY, TODAY + 200 * DAY)
        # Neither dated: again the one created last; a dated one beats both.
        _agreement(uow, ids["Undated agreements"], None, TODAY + 10 * DAY)
        _agreement(uow, ids["Undated agreements"], None, TODAY + 300 * DAY)
        for sid in ids.values():
            uow.add(SchoolProfile, school_id=sid, year=TODAY.year, prepared_on=TODAY - 30 * DAY)
        uow.delete(
            uow.session.query(Partnership).filter_by(school_id=ids["No partnership yet"]).one()
        )
        closed = uow.session.query(Partnership).filter_by(school_id=ids["Closed partnership"]).one()
        uow.update(closed, status=PartnershipStatus.CLOSED.value)
        for sid in (ids["No partnership yet"], ids["Closed partnership"], ids["Archived kura"]):
            _activity(uow, sid, "Road safety talk", ActivityStatus.PLANNED.value, TODAY - 9 * DAY)
        done = ids["Done and cancelled"]
        _activity(uow, done, "Kia Kaha", ActivityStatus.DONE.value, TODAY - 40 * DAY)
        _activity(uow, done, "Assembly", ActivityStatus.CANCELLED.value, TODAY - 20 * DAY)
        _activity(uow, done, "Whānau hui", ActivityStatus.IN_PROGRESS.value, TODAY - 1 * DAY)
        _activity(uow, done, "Due today", ActivityStatus.PLANNED.value, TODAY)
        _activity(uow, done, "No date", ActivityStatus.PLANNED.value, None)
        gone = _activity(uow, done, "Deleted", ActivityStatus.PLANNED.value, TODAY - 3 * DAY)
        uow.delete(uow.get(PlanActivity, gone))
        # Next year's agreement, dated into next year: not in force yet, so this year's
        # (its review due soon) is the one every screen shows.
        ahead = ids["Next year's agreement typed in"]
        _agreement(uow, ahead, TODAY - 300 * DAY, TODAY + 5 * DAY)
        _agreement(uow, ahead, date(TODAY.year + 1, 2, 1), date(TODAY.year + 2, 2, 1))
        old = ids["Old profile, new year"]
        old_profile = uow.session.query(SchoolProfile).filter_by(school_id=old).one()
        uow.update(old_profile, year=TODAY.year - 2, prepared_on=TODAY - 400 * DAY)
        uow.add(SchoolProfile, school_id=old, year=TODAY.year - 1)  # 1 Jan last year: old too
        archive_school(uow, ids["Archived kura"])
    return ids


def test_dashboard_sql_and_reminders_agree_on_a_varied_store(store: Store) -> None:
    seed_demo(store, count=40, today=TODAY)
    edges = _edge_cases(store)
    with store.session() as session:
        reminders = compute_reminders(session, TODAY)
        rows = school_statuses(session, TODAY)
    per_school = Counter((r.school_id, r.kind) for r in reminders)
    kinds = Counter(r.kind for r in reminders)

    for row in rows:
        assert row.overdue_activities == per_school[(row.id, ReminderKind.ACTIVITY_OVERDUE)], (
            row.name
        )
        assert row.overdue_reviews == per_school[(row.id, ReminderKind.PLAN_REVIEW_OVERDUE)], (
            row.name
        )
        assert row.agreement_due == bool(per_school[(row.id, ReminderKind.AGREEMENT_REVIEW)]), (
            row.name
        )
        assert row.profile_out_of_date == bool(
            per_school[(row.id, ReminderKind.PROFILE_OUT_OF_DATE)]
        ), row.name
    totals = count(rows)
    assert totals.overdue_activities == kinds[ReminderKind.ACTIVITY_OVERDUE]
    assert totals.overdue_reviews == kinds[ReminderKind.PLAN_REVIEW_OVERDUE]
    assert totals.agreements_due == kinds[ReminderKind.AGREEMENT_REVIEW]
    assert totals.profiles_out_of_date == kinds[ReminderKind.PROFILE_OUT_OF_DATE]
    # the same schools are overdue, and none of the archived one's items show anywhere
    needing = {r.id for r in rows if r.overdue_total or r.agreement_due or r.profile_out_of_date}
    assert needing == {r.school_id for r in reminders}
    assert totals.schools_needing_attention == len(needing)
    assert edges["Archived kura"] not in {r.id for r in rows} | needing

    # The store is varied enough to mean something: every kind the dashboard counts
    # occurs (a copy with a school is known only to the computer that sent it), and the
    # edge cases land where the rules say.
    assert all(kinds[k] for k in ReminderKind if k not in LOCAL_KINDS), kinds
    by_name = {r.name: r for r in rows}
    assert not by_name["Tied agreements"].agreement_due
    assert by_name["Undated agreements"].agreement_review_on == TODAY + 300 * DAY
    assert by_name["No partnership yet"].overdue_activities == 1
    assert by_name["Closed partnership"].overdue_activities == 0
    assert by_name["Done and cancelled"].overdue_activities == 1  # only the whānau hui
    assert by_name["Old profile, new year"].profile_out_of_date
    ahead = by_name["Next year's agreement typed in"]
    assert ahead.agreement_review_on == TODAY + 5 * DAY and ahead.agreement_due
    with store.session() as session:  # the school's own page shows the same agreement
        in_force = load_school(session, ahead.id).agreement
    assert in_force is not None and in_force.review_on == TODAY + 5 * DAY


def test_the_rules_themselves() -> None:
    assert rules.activity_overdue("planned", TODAY - DAY, TODAY)
    assert not rules.activity_overdue("planned", TODAY, TODAY)
    assert not rules.activity_overdue("done", TODAY - DAY, TODAY)
    assert not rules.activity_overdue("cancelled", TODAY - DAY, TODAY)
    assert not rules.activity_overdue("planned", None, TODAY)
    assert rules.partnership_open(None) and rules.partnership_open("maintaining")
    assert not rules.partnership_open("closed")
    assert rules.profile_date(None, 2025) == date(2025, 1, 1)
    assert rules.profile_out_of_date(None, TODAY)
    assert rules.profile_out_of_date(TODAY - 366 * DAY, TODAY)
    assert not rules.profile_out_of_date(TODAY - 365 * DAY, TODAY)
    assert rules.agreement_review_due(TODAY + 30 * DAY, TODAY)
    assert not rules.agreement_review_due(TODAY + 31 * DAY, TODAY)
