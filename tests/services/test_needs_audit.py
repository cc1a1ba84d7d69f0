"""The level a needs audit suggests, at each level's boundary, and how audits are saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.models import NeedsAudit
from app.models.vocabulary import AuditFlag, ConcernLevel, InterventionLevel, NationalBand
from app.services.needs_audit import (
    GUIDES,
    Indicators,
    latest_audit,
    latest_audits,
    save_audit,
    suggest_level,
)
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.validation import ValidationError
from tests.services.helpers import add_school

L1, L2, L3, L4, L5 = InterventionLevel

# A school whose every figure is within acceptable levels: the base each case adds to.
CALM = Indicators(
    truancy_band=NationalBand.BELOW_TOP_QUARTILE.value,
    absence_band=NationalBand.BELOW_TOP_QUARTILE.value,
    roll=1000,
    exclusions=10,  # 1 per 100
    offenders_on_roll=0,
    reports_per_week=0.5,
    unsafe_percent=2,
    local_concern=ConcernLevel.LITTLE.value,
    high_crime_area=AuditFlag.NO.value,
    high_turnover=AuditFlag.NO.value,
    rising_offending=AuditFlag.NO.value,
)


def level(**changes: object) -> InterventionLevel:
    return suggest_level(replace(CALM, **changes)).level  # type: ignore[arg-type]


def test_a_calm_school_is_level_five_with_its_reasons() -> None:
    s = suggest_level(CALM)
    assert s.level is L5
    assert "Truancy and absence are below the highest 25%" in s.criteria_text()
    assert "Crime and disorder in and around the school is minimal" in s.criteria_text()
    assert s.missing == ()
    assert s.guide.resources == ("A School Community Officer or other Police staff, as needed",)


@pytest.mark.parametrize(
    ("offenders", "expected"),
    [
        (100, L2),  # exactly 10%: not "above 10 per cent", so level 2 (above 5%)
        (101, L1),
        (50, L3),  # exactly 5%: level 3 (above 2%)
        (51, L2),
        (20, L4),  # exactly 2%: not level 3; local concern is a level 4 criterion
        (21, L3),
    ],
)
def test_offending_proportion_boundaries(offenders: int, expected: InterventionLevel) -> None:
    # Each case has one other criterion of the level it reaches.
    assert (
        level(
            offenders_on_roll=offenders,
            high_crime_area=AuditFlag.YES.value,  # level 1 and 2 criterion
            local_concern=ConcernLevel.SOME.value,  # level 3 and 4 criterion
        )
        is expected
    )


@pytest.mark.parametrize(
    ("reports", "expected"),
    [(5.0, L1), (4.9, L2), (2.0, L2), (1.9, L4), (1.0, L4), (0.9, L5)],
)
def test_reports_per_week_boundaries(reports: float, expected: InterventionLevel) -> None:
    extra = {"high_turnover": AuditFlag.YES.value} if reports >= 2 else {}
    assert level(reports_per_week=reports, **extra) is expected


@pytest.mark.parametrize(
    ("unsafe", "expected"),
    [(25.0, L1), (24.9, L3), (10.0, L3), (9.9, L4), (5.0, L4), (4.9, L5)],
)
def test_feeling_unsafe_boundaries(unsafe: float, expected: InterventionLevel) -> None:
    # A second criterion shared by levels 1 to 3 (a high exclusion rate) to pair with.
    extra = {"exclusions": 50} if unsafe >= 10 else {}
    assert level(unsafe_percent=unsafe, **extra) is expected


def test_truancy_bands() -> None:
    top10, top25 = NationalBand.TOP_DECILE.value, NationalBand.TOP_QUARTILE.value
    assert level(truancy_band=top10, absence_band=top10) is L1
    assert level(truancy_band=top25, absence_band=top25, high_crime_area="yes") is L2
    # Top-quartile attendance alone is level 4 ("either truancy or absence"), not 2 or 3.
    assert level(truancy_band=top25, absence_band=top25) is L4
    assert level(absence_band=top25) is L4


def test_exclusion_rate_boundary() -> None:
    # 5 per 100 is "high" (levels 1 to 3); just under is "low" (a level 4 criterion).
    assert level(exclusions=50, local_concern="some") is L3
    assert level(exclusions=49, local_concern="some") is L4


def test_context_alone_never_raises_the_level() -> None:
    s = suggest_level(
        replace(CALM, high_crime_area="yes", high_turnover="yes", local_concern="high")
    )
    # Neither level 1 nor 2 applies: none of these is a measured figure.
    assert s.level is L4  # high concern counts as "some local concern" at level 4
    assert all(not c.measured for c in s.criteria)


def test_criteria_say_what_led_to_the_level() -> None:
    s = suggest_level(replace(CALM, offenders_on_roll=120, reports_per_week=6))
    assert s.level is L1
    assert s.criteria_text().splitlines() == [
        "Offending: 120 students known to Police, 12% of the roll (more than 10%)",
        "Crime and disorder reports: 6 a week over six months (5 or more)",
    ]
    assert s.guide is GUIDES[L1]
    assert "A constable at the school full time, with no other duties" in s.guide.resources
    assert any("steering group" in e for e in s.guide.expectations)


def test_nothing_entered_is_level_five_and_says_what_is_missing() -> None:
    s = suggest_level(Indicators())
    assert s.level is L5
    assert s.criteria_text() == "No criterion for levels 1 to 4 is met"
    assert "Truancy against national figures" in s.missing
    assert len(s.missing) == 11


def test_save_accepts_the_suggestion(store: Store) -> None:
    school = add_school(store, roll=400)
    values = {
        "assessed_on": date(2026, 3, 2),
        "roll": 400,
        "offenders_on_roll": 48,
        "reports_per_week": "5.5",
        "truancy_band": "top_decile",
    }
    with UnitOfWork(store, actor="Const. Aroha Ngata") as uow:
        audit_id = save_audit(uow, school, values).id
    with store.session() as session:
        audit = session.get(NeedsAudit, audit_id)
        assert audit is not None
        assert (audit.suggested_level, audit.accepted_level, audit.override_reason) == (1, 1, "")
        assert "12% of the roll" in audit.criteria
        assert latest_audit(session, school) is not None


def test_override_needs_a_reason_and_keeps_both_levels(store: Store) -> None:
    school = add_school(store)
    values = {"assessed_on": date(2026, 3, 2), "roll": 300, "reports_per_week": 0.2}
    with pytest.raises(ValidationError) as err, UnitOfWork(store) as uow:
        save_audit(uow, school, values, accepted_level=3, override_reason="  ")
    assert err.value.for_field("override_reason") is not None
    with UnitOfWork(store) as uow:
        save_audit(uow, school, values, accepted_level=3, override_reason="New principal")
    with store.session() as session:
        audit = latest_audits(session)[school]
        assert (audit.suggested_level, audit.accepted_level) == (5, 3)
        assert audit.override_reason == "New principal"


def test_latest_audit_as_of_a_date(store: Store) -> None:
    school = add_school(store)
    with UnitOfWork(store) as uow:
        save_audit(
            uow,
            school,
            {"assessed_on": date(2025, 5, 1), "reports_per_week": 6, "truancy_band": "top_decile"},
        )
        save_audit(uow, school, {"assessed_on": date(2026, 5, 1), "reports_per_week": 0})
    with store.session() as session:
        assert latest_audits(session)[school].suggested_level == 5
        assert latest_audits(session, as_of=date(2025, 12, 31))[school].suggested_level == 1
        assert latest_audits(session, as_of=date(2025, 1, 1)) == {}
