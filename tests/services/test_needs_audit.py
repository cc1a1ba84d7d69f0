"""The level a needs audit suggests, at each level's boundary, and how audits are saved."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest

from app.models import NeedsAudit
from app.models.vocabulary import AuditFlag, ConcernLevel, InterventionLevel, NationalBand
from app.services.needs_audit import (
    GUIDES,
    Indicators,
    criteria_met,
    latest_audit,
    latest_audits,
    save_audit,
    suggest_level,
)
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from lpc_core.validation import ValidationError
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
    assert s.guide.resources == (
        "The Lead Police Contact, with School Community Officers for education programmes, "
        "as needed",
    )


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
    first = s.guide.resources[0]
    assert first.startswith("The Lead Police Contact's time goes mostly to this school")
    assert "(UK: a constable based at the school full time, with no other duties)" in first
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


# -- one criterion alone: level 5 is only for figures within acceptable levels ------------
@pytest.mark.parametrize(
    ("offenders", "expected"),
    [(20, L5), (21, L4), (50, L4), (51, L4), (100, L4), (101, L4)],
)
def test_offending_alone_at_each_threshold(offenders: int, expected: InterventionLevel) -> None:
    # Levels 1 to 3 need two criteria, so offending alone is level 4 above 2% of the roll.
    s = suggest_level(replace(CALM, exclusions=0, offenders_on_roll=offenders))
    assert s.level is expected
    share = f"{offenders / 10:g}%"
    if expected is L4:
        assert s.criteria_text().splitlines() == [
            f"Offending: {offenders} students known to Police, {share} of the roll (more than 2%)"
        ]
    else:
        assert f"Offending: {share} of the roll known to Police (2% or less)" in (
            s.criteria_text().splitlines()
        )


SINGLE_LEVEL_ONE = {
    "truancy in the highest 10%": {"truancy_band": NationalBand.TOP_DECILE.value},
    "absence in the highest 10%": {"absence_band": NationalBand.TOP_DECILE.value},
    "high exclusions": {"exclusions": 60},
    "a high share feeling unsafe": {"unsafe_percent": 25.0},
    "offending above 10%": {"offenders_on_roll": 101},
    "high crime and disorder reports": {"reports_per_week": 5.0},
}


@pytest.mark.parametrize("changes", SINGLE_LEVEL_ONE.values(), ids=SINGLE_LEVEL_ONE.keys())
def test_a_single_measured_level_one_criterion_alone_is_level_four(
    changes: dict[str, object],
) -> None:
    base = replace(CALM, exclusions=0)
    s = suggest_level(replace(base, **changes))  # type: ignore[arg-type]
    assert s.level is L4
    assert len(s.criteria) == 1 and s.criteria[0].measured


@pytest.mark.parametrize(
    ("changes", "context"),
    [
        ({"high_crime_area": "yes"}, "The school is in a high-crime area"),
        ({"high_turnover": "yes"}, "High turnover of students or staff"),
        ({"local_concern": "high"}, "Local concern over crime by students"),
    ],
)
def test_a_single_context_criterion_alone_stays_level_five_and_is_noted(
    changes: dict[str, object], context: str
) -> None:
    s = suggest_level(replace(CALM, exclusions=0, **changes))  # type: ignore[arg-type]
    assert s.level is L5
    assert s.criteria_text().splitlines()[-1] == (
        f"{context} (context only: with no measured figure of concern, it does not raise the level)"
    )


def test_no_measured_level_one_to_three_criterion_ever_leaves_a_school_at_level_five() -> None:
    bands = [b.value for b in NationalBand if b is not NationalBand.UNKNOWN]
    checked = 0
    for truancy, absence, exclusions, offenders, reports, unsafe, area in itertools.product(
        bands, bands, (0, 49, 50), (0, 20, 21, 51, 101), (0.5, 2.0, 5.0), (2, 10, 25), ("no", "yes")
    ):
        ind = replace(
            CALM,
            truancy_band=truancy,
            absence_band=absence,
            exclusions=exclusions,
            offenders_on_roll=offenders,
            reports_per_week=reports,
            unsafe_percent=unsafe,
            high_crime_area=area,
        )
        measured = [c.key for lv in (L1, L2, L3) for c in criteria_met(ind, lv) if c.measured]
        if measured:
            checked += 1
            assert suggest_level(ind).level is not L5, (ind, measured)
    assert checked > 1000
