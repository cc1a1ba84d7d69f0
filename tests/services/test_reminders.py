from __future__ import annotations

from datetime import date, timedelta

from app.models import AnnualPlan, PartnershipAgreement, PlanActivity, PlanReview, SchoolProfile
from app.models.vocabulary import ActivityStatus
from app.services.reminders import ReminderKind, compute_reminders
from app.services.schools import archive_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school

TODAY = date(2026, 11, 24)


def _kinds(store: Store) -> list[tuple[ReminderKind, str]]:
    with store.session() as s:
        return [(r.kind, r.message) for r in compute_reminders(s, TODAY)]


def test_each_kind_of_reminder(store: Store) -> None:
    sid = add_school(store)
    with UnitOfWork(store) as uow:
        uow.add(
            PartnershipAgreement,
            school_id=sid,
            agreed_on=date(2025, 11, 1),
            review_on=date(2026, 11, 1),
        )
        uow.add(SchoolProfile, school_id=sid, year=2025, prepared_on=date(2025, 10, 1))
        plan = uow.add(AnnualPlan, school_id=sid, year=2026, agreed_on=date(2026, 8, 1))
        uow.add(PlanReview, school_id=sid, plan_id=plan.id, reviewed_on=date(2026, 9, 15))
        uow.add(
            PlanActivity,
            school_id=sid,
            plan_id=plan.id,
            title="Road Safe week",
            due_on=date(2026, 11, 20),
        )
        uow.add(
            PlanActivity,
            school_id=sid,
            plan_id=plan.id,
            title="Done thing",
            due_on=date(2026, 10, 1),
            status=ActivityStatus.DONE.value,
        )
    with store.session() as s:
        lines = sorted(r.text for r in compute_reminders(s, TODAY))
    # The detail follows the kind's label and never says it again.
    assert lines == [
        "Activity past due: “Road Safe week” was due on 20/11/2026",
        "Agreement review: was due on 01/11/2026",
        # A calendar month after the last review (the rule the dashboard uses too).
        "Plan review overdue: the 2026 plan's short term actions (monthly) were due on 15/10/2026",
        "School profile out of date: the 2025 one was prepared on 01/10/2025; start this year's",
    ]  # the done activity raises nothing


def test_details_do_not_repeat_their_kind(store: Store) -> None:
    sid = add_school(store)  # no profile at all
    other = add_school(store, "Tōtara School")
    with UnitOfWork(store) as uow:
        uow.add(
            PartnershipAgreement,
            school_id=sid,
            agreed_on=date(2025, 12, 10),
            review_on=TODAY + timedelta(days=10),  # coming up, not yet overdue
        )
        uow.add(SchoolProfile, school_id=other, year=2024)
    with store.session() as s:
        reminders = compute_reminders(s, TODAY)
    texts = sorted(r.text for r in reminders)
    assert texts == [
        "Agreement review: due on 04/12/2026",
        "School profile out of date: none recorded yet",
        "School profile out of date: the latest is for 2024; start this year's",
    ]
    for r in reminders:
        for word in r.kind.label.lower().split():
            if len(word) > 3 and word not in ("date", "past"):
                assert word not in r.message.lower(), (word, r.text)


def test_up_to_date_school_has_no_reminders(store: Store) -> None:
    sid = add_school(store)
    with UnitOfWork(store) as uow:
        uow.add(
            PartnershipAgreement,
            school_id=sid,
            agreed_on=date(2026, 6, 1),
            review_on=date(2027, 6, 1),
        )
        uow.add(SchoolProfile, school_id=sid, year=2026, prepared_on=date(2026, 3, 1))
        plan = uow.add(AnnualPlan, school_id=sid, year=2026)
        uow.add(PlanReview, school_id=sid, plan_id=plan.id, reviewed_on=TODAY - timedelta(days=3))
        uow.add(
            PlanActivity,
            school_id=sid,
            plan_id=plan.id,
            title="Later",
            due_on=TODAY + timedelta(days=9),
        )
    assert _kinds(store) == []


def test_archived_schools_raise_no_reminders(store: Store) -> None:
    sid = add_school(store)
    assert [k for k, _ in _kinds(store)] == [ReminderKind.PROFILE_OUT_OF_DATE]
    with UnitOfWork(store) as uow:
        archive_school(uow, sid)
    assert _kinds(store) == []
