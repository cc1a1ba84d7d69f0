"""The demo district carries perception surveys, Police data rows and Police services: school-level
figures in range, surveys in their profile's year and never after today, and rows tied to
the school's latest profile."""

from __future__ import annotations

from datetime import date

from app.models import PoliceDataRow, School
from app.models.vocabulary import SafetyPerception
from app.services.demo import seed_demo
from app.services.records import load_school
from app.services.store import Store

TODAY = date(2026, 11, 24)


def test_demo_schools_with_a_profile_have_surveys_and_police_rows(store: Store) -> None:
    seed_demo(store, count=12, today=TODAY)
    with store.session() as session:
        with_profile = 0
        groups = set()
        for school in session.query(School):
            records = load_school(session, school.id)
            profile = records.latest_profile
            if profile is None:
                assert not records.surveys and not records.police_rows
                continue
            with_profile += 1
            rows = records.police_rows_of(profile)
            assert len(rows) >= 2
            assert len(rows) == len(records.police_rows)
            for row in rows:
                assert row.category and row.area and row.count is not None
            surveys = records.surveys_for(profile)
            assert surveys == sorted(records.surveys, key=lambda s: s.surveyed_on)
            for survey in surveys:
                assert survey.surveyed_on.year == profile.year
                assert survey.surveyed_on <= TODAY
                assert 0 <= (survey.safe_at_school or 0) <= 100
                assert 0 <= (survey.safe_travelling or 0) <= 100
                assert (survey.respondent_count or 0) >= 8
                groups.add(survey.respondents)
        assert with_profile >= 4
        assert groups >= {"students", "parents_whanau", "staff"}
        assert session.query(PoliceDataRow).count() >= 2 * with_profile
        tiers = [load_school(session, s.id).service_tiers for s in session.query(School)]
        assert all(t[0] == "relationship" for t in tiers)
        assert {tier for t in tiers for tier in t} == {
            "relationship",
            "education_programmes",
            "traffic_safety_team",
            "school_wide_intervention",
        }
        assert sum("school_wide_intervention" in t for t in tiers) <= len(tiers) // 3


def test_each_demo_profiles_perception_agrees_with_its_surveys(store: Store) -> None:
    """The one choice on a profile reads what its surveys found: "Not surveyed" only with
    no survey; "Very safe" only when every group is at 90% or more; never "Often unsafe"
    or "Mixed" beside groups that all feel safe (75% or more)."""
    seed_demo(store, today=TODAY)
    seen: set[SafetyPerception] = set()
    with store.session() as session:
        for school in session.query(School):
            records = load_school(session, school.id)
            profile = records.latest_profile
            if profile is None:
                continue
            choice = SafetyPerception(profile.safety_perception)
            seen.add(choice)
            shares = [s.safe_at_school for s in records.surveys_for(profile)]
            assert all(share is not None for share in shares)
            least = min((s for s in shares if s is not None), default=None)
            where = f"{school.name}: {choice.label} beside {shares}"
            if least is None:
                assert choice is SafetyPerception.UNKNOWN, where
                continue
            assert choice is not SafetyPerception.UNKNOWN, where
            assert (choice is SafetyPerception.VERY_SAFE) == (least >= 90), where
            if least >= 75:
                assert choice in (SafetyPerception.VERY_SAFE, SafetyPerception.MOSTLY_SAFE), where
            else:
                assert choice in (SafetyPerception.MIXED, SafetyPerception.UNSAFE), where
    # The district is not one answer everywhere.
    assert len(seen) >= 2, seen
