"""The demo district shows the yearly cycle: schools in their second and third year, each
earlier year complete and closed by the real roll-over, one year spent at stage 1 by
agreement, and outcome results measured in every year."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from itertools import pairwise

import pytest
from sqlalchemy import select

from app.models import AuditEntry, OutcomeMeasurement, PlanActivity, School
from app.models.vocabulary import ActivityStatus, PartnershipStatus
from app.services.demo import seed_demo
from app.services.records import SchoolRecords, load_school
from app.services.store import Store
from app.services.years import list_years

TODAY = date(2026, 11, 24)


@pytest.fixture
def years(store: Store) -> dict[str, list[SchoolRecords]]:
    """Each school with earlier years: its records year by year, the current year last."""
    seed_demo(store, today=TODAY)
    found: dict[str, list[SchoolRecords]] = {}
    with store.session() as session:
        for school in session.scalars(select(School)):
            rows = list_years(session, school.id)
            earlier = rows[:-1]  # (a year holding only last year's profile is not one)
            if earlier and all(
                r.status == PartnershipStatus.MAINTAINING or r.stage4_completed_on for r in earlier
            ):
                found[school.name] = [load_school(session, school.id, r.year) for r in rows]
        session.expunge_all()
    return found


def test_several_schools_are_in_their_second_or_third_year(
    years: dict[str, list[SchoolRecords]],
) -> None:
    assert len(years) >= 5
    assert any(len(by_year) == 3 for by_year in years.values())
    for name, by_year in years.items():
        assert [r.year for r in by_year] == list(range(TODAY.year - len(by_year) + 1, 2027))
        for earlier in by_year[:-1]:  # every earlier year is closed, within its own year
            row = earlier.partnership_year
            assert row is not None
            if row.status == PartnershipStatus.MAINTAINING:
                assert row.maintain_reason.strip() and row.stage1_completed_on, name
                assert not earlier.aims and row.stage2_completed_on is None
                continue
            done = [row.completed_on(n) for n in range(1, 5)]
            assert all(d is not None and d.year == earlier.year for d in done), (name, done)
            assert done == sorted(done)  # type: ignore[type-var]
            assert earlier.reflection is not None and earlier.reflection.next_steps
            assert {a.measured_on and a.measured_on.year for a in earlier.assessments} == {
                earlier.year
            }
            plan = earlier.current_plan
            assert plan is not None and plan.year == earlier.year
            for act in earlier.activities_of(plan):
                assert act.status == ActivityStatus.DONE and act.completed_on is not None
                assert act.completed_on.year == earlier.year <= TODAY.year


def test_one_school_spent_a_year_at_stage_one_by_agreement(
    years: dict[str, list[SchoolRecords]],
) -> None:
    maintained = [
        (name, r)
        for name, by_year in years.items()
        for r in by_year[:-1]
        if r.partnership_year and r.partnership_year.status == PartnershipStatus.MAINTAINING
    ]
    assert len(maintained) == 1
    name, year = maintained[0]
    assert year.partnership_year is not None
    assert "stay at stage 1" in year.partnership_year.maintain_reason
    now = years[name][-1].partnership_year
    assert now is not None and now.status == PartnershipStatus.ACTIVE and now.stage > 1


def test_each_year_has_its_own_aim_and_result(years: dict[str, list[SchoolRecords]]) -> None:
    for name, by_year in years.items():
        worked = [r for r in by_year if r.aims]
        statements = [a.statement for r in worked for a in r.aims]
        assert len(statements) == len(set(statements)) == len(worked), name
        # Each year starts from where the last one's result left the figure.
        for before, after in pairwise(worked):
            (assessed,) = before.assessments
            assert after.aims[0].baseline == assessed.measured_value, name
    # A school-wide intervention writes a narrative each year it is assessed, with that
    # year's result.
    assessed = [[r for r in by_year if r.assessments] for by_year in years.values()]
    school_wide = [done for done in assessed if len(done) >= 2 and all(r.narrative for r in done)]
    assert school_wide
    results = [r.narrative.results for r in school_wide[0] if r.narrative]
    assert len(set(results)) == len(results) >= 2


def test_this_years_aim_grew_from_last_years_next_step(
    store: Store, years: dict[str, list[SchoolRecords]]
) -> None:
    """The roll-over made the aim as a draft from last year's next step (its first audit
    entry says so); the officer then wrote it up as this year's SMART aim."""
    carried = 0
    with store.session() as session:
        for name, by_year in years.items():
            last, now = by_year[-2], by_year[-1]
            if last.reflection is None:
                continue  # a year at stage 1 has no next steps to carry
            aim = next(a for a in now.aims if a.outcome_id is not None)
            entries = session.scalars(
                select(AuditEntry).where(AuditEntry.row_id == aim.id).order_by(AuditEntry.seq)
            ).all()
            first = json.loads(entries[0].changes)
            assert entries[0].operation == "insert", name
            assert first["statement"][1] == last.reflection.next_steps, name
            assert last.reflection.next_steps in aim.attainable, name
            carried += 1
    assert carried >= 4


def test_outcome_results_are_measured_in_every_year(
    store: Store, years: dict[str, list[SchoolRecords]]
) -> None:
    with store.session() as session:
        measured: dict[str, set[int]] = defaultdict(set)
        for m in session.scalars(select(OutcomeMeasurement)):
            measured[m.outcome_id].add(m.measured_on.year)
        done_later = session.scalars(
            select(PlanActivity).where(
                PlanActivity.status == ActivityStatus.DONE, PlanActivity.completed_on > TODAY
            )
        ).all()
    assert done_later == []
    for name, by_year in years.items():
        (outcome,) = by_year[-1].outcomes
        assert measured[outcome.id] == {r.year for r in by_year}, name
