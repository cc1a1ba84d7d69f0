"""The demo district carries perception surveys, Police data rows and Police services: school-level
figures in range, surveys in their profile's year and never after today, and rows tied to
the school's latest profile."""

from __future__ import annotations

from datetime import date

from app.models import PoliceDataRow, School
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
