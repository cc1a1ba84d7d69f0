"""Dashboard counts against the known demo district, filters, and outcome series."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from app.models import AnnualPlan, Partnership, PartnershipAgreement, PlanActivity
from app.models.vocabulary import InterventionLevel, PartnershipStatus, Stage
from app.services.dashboard import (
    DashboardFilter,
    build_dashboard,
    make_dashboard,
    outcome_series,
    school_statuses,
)
from app.services.demo import AREAS, AUDIT_PATTERN, CLUSTERS, seed_demo
from app.services.reminders import ReminderKind, compute_reminders
from app.services.schools import archive_school, count_by_stage
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school, fill_stage_one, fill_stage_three

TODAY = date(2026, 11, 24)


def test_counts_for_the_demo_district(store: Store) -> None:
    seed_demo(store, today=TODAY)
    with store.session() as session:
        board = build_dashboard(session, today=TODAY)
        stages = count_by_stage(session)
        reminders = compute_reminders(session, TODAY)
    c = board.counts
    assert c.schools == 30 and len(board.rows) == 30
    # The demo district, as seeded: fixed because the demo is seeded.
    assert c.by_stage == {
        Stage.RELATIONSHIP: 8,
        Stage.ANALYSIS: 6,
        Stage.RESPONSE: 6,
        Stage.ACHIEVEMENT: 10,
    }
    assert c.by_stage == stages  # and the same as the school list's own count
    assert c.by_status == {
        PartnershipStatus.ACTIVE: 28,
        PartnershipStatus.MAINTAINING: 2,
        PartnershipStatus.CLOSED: 0,
    }
    # Levels follow the demo's audit pattern; one school's agreed level (4) overrides 5.
    pattern = Counter(AUDIT_PATTERN * 2)
    assert c.by_level == {
        InterventionLevel(1): pattern[1],
        InterventionLevel(2): pattern[2],
        InterventionLevel(3): pattern[3],
        InterventionLevel(4): pattern[4] + 1,
        InterventionLevel(5): pattern[5] - 1,
        None: pattern[None],
    }
    assert [c.by_level[InterventionLevel(n)] for n in range(1, 6)] == [2, 4, 4, 7, 9]
    assert sum(r.level_overridden for r in board.rows) == 1
    # Overdue and due items agree with the reminders the school list shows.
    kinds = Counter(r.kind for r in reminders)
    assert c.overdue_activities == kinds[ReminderKind.ACTIVITY_OVERDUE] == 4  # short-term ones
    assert c.agreements_due == kinds[ReminderKind.AGREEMENT_REVIEW] == 10
    assert c.profiles_out_of_date == kinds[ReminderKind.PROFILE_OUT_OF_DATE] == 9
    assert c.overdue_reviews == kinds[ReminderKind.PLAN_REVIEW_OVERDUE] == 1
    assert c.schools_needing_attention == 16
    assert board.areas == sorted(AREAS)
    assert set(board.clusters) == set(CLUSTERS)
    assert len(board.officers) == 7


def test_filters_by_area_cluster_and_officer(store: Store) -> None:
    seed_demo(store, today=TODAY)
    with store.session() as session:
        everything = school_statuses(session, TODAY)
    by_area = make_dashboard(everything, DashboardFilter(area="Awa North"), TODAY)
    assert by_area.counts.schools == 10
    assert {r.area for r in by_area.rows} == {"Awa North"}
    officer = "Constable Aroha Ngata"
    by_officer = make_dashboard(everything, DashboardFilter(officer=officer), TODAY)
    assert by_officer.counts.schools == 5  # schools 0, 7, 14, 21, 28
    assert all(officer in r.officers for r in by_officer.rows)
    both = make_dashboard(everything, DashboardFilter(area="Awa North", cluster=CLUSTERS[0]), TODAY)
    assert both.counts.schools == 3  # i divisible by 12: 0, 12, 24
    assert sum(both.counts.by_stage.values()) == 3
    # The choices offered stay those of the whole district.
    assert both.areas == by_area.areas == sorted(AREAS)


def test_closed_and_archived_schools(store: Store) -> None:
    overdue = add_school(store, "Overdue School")
    fill_stage_one(store, overdue, TODAY - timedelta(days=800))
    closed = add_school(store, "Closed School")
    fill_stage_one(store, closed, TODAY - timedelta(days=800))
    gone = add_school(store, "Archived School")
    with UnitOfWork(store) as uow:
        partnership = uow.session.query(Partnership).filter_by(school_id=closed).one()
        uow.update(partnership, status=PartnershipStatus.CLOSED.value)
        archive_school(uow, gone)
    with store.session() as session:
        board = build_dashboard(session, today=TODAY)
    names = [r.name for r in board.rows]
    assert names == ["Closed School", "Overdue School"]
    assert board.counts.by_status[PartnershipStatus.CLOSED] == 1
    # The closed school owes nothing; the other has an expired agreement and old profile.
    assert board.counts.agreements_due == 1
    assert board.counts.profiles_out_of_date == 1
    assert board.counts.by_level[None] == 2


def test_overdue_activity_and_review_are_counted(store: Store) -> None:
    school = add_school(store)
    fill_stage_one(store, school, TODAY)
    fill_stage_three(store, school, TODAY - timedelta(days=100))
    with UnitOfWork(store) as uow:
        act = uow.session.query(PlanActivity).one()
        uow.update(act, starts_on=TODAY - timedelta(days=90), due_on=TODAY - timedelta(days=1))
        plan = uow.session.query(AnnualPlan).one()
        uow.update(plan, agreed_on=TODAY - timedelta(days=100))
        agreement = uow.session.query(PartnershipAgreement).one()
        uow.update(agreement, review_on=TODAY + timedelta(days=200))
    with store.session() as session:
        row = build_dashboard(session, today=TODAY).rows[0]
    assert row.overdue_activities == 1
    assert row.overdue_reviews == 1  # started 90 days ago, never reviewed
    assert not row.agreement_due and not row.profile_out_of_date


def test_outcome_series_has_baseline_target_and_results_in_order(store: Store) -> None:
    seed_demo(store, count=5, today=TODAY)
    with store.session() as session:
        series = outcome_series(session)
        one_school = outcome_series(session, series[0].school_id)
    assert one_school and all(s.school_id == series[0].school_id for s in one_school)
    longest = max(series, key=lambda s: len(s.points))
    assert len(longest.points) >= 12
    dates = [p.on for p in longest.points]
    assert dates == sorted(dates) and dates[-1] <= TODAY
    assert longest.baseline is not None and longest.target is not None
    last = longest.latest()
    assert last is longest.points[-1]
    assert longest.latest(end=dates[0]) == longest.points[0]
    assert longest.latest(start=TODAY + timedelta(days=1)) is None
    progress = longest.progress(last)
    assert progress is not None and 0.3 < progress < 1.3
