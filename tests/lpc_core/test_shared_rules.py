"""The shared partnership rules over plain values: what the desktop and the district
server both apply (see tests/services/test_rules.py for the desktop's screens agreeing)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.models.vocabulary import InterventionLevel, PartnershipStatus
from lpc_core import rules

TODAY = date(2026, 11, 24)
DAY = timedelta(days=1)


def test_done_and_cancelled_activities_are_never_overdue() -> None:
    assert rules.activity_overdue("planned", TODAY - DAY, TODAY)
    assert rules.activity_overdue("in_progress", TODAY - DAY, TODAY)
    assert not rules.activity_overdue("planned", TODAY, TODAY)  # due today: not yet late
    assert not rules.activity_overdue("done", TODAY - DAY, TODAY)
    assert not rules.activity_overdue("cancelled", TODAY - DAY, TODAY)
    assert not rules.activity_overdue("planned", None, TODAY)


def test_profile_older_than_a_year_is_out_of_date() -> None:
    assert rules.profile_out_of_date(None, TODAY)  # none at all
    assert not rules.profile_out_of_date(TODAY - 365 * DAY, TODAY)
    assert rules.profile_out_of_date(TODAY - 366 * DAY, TODAY)
    assert rules.profile_date(None, 2025) == date(2025, 1, 1)
    assert rules.profile_date(date(2025, 3, 4), 2025) == date(2025, 3, 4)
    assert rules.profile_due(date(2025, 3, 4)) == date(2026, 3, 4)


def test_agreement_review_is_due_thirty_days_ahead() -> None:
    assert rules.agreement_review_due(TODAY + 30 * DAY, TODAY)
    assert not rules.agreement_review_due(TODAY + 31 * DAY, TODAY)
    assert rules.agreement_review_due(TODAY - 100 * DAY, TODAY)
    assert not rules.agreement_review_due(None, TODAY)


def test_current_agreement_is_the_latest_agreed_then_the_latest_made() -> None:
    early, late = datetime(2026, 1, 1), datetime(2026, 2, 1)
    assert rules.agreement_rank(TODAY, early) > rules.agreement_rank(TODAY, datetime.min)
    assert rules.agreement_rank(TODAY - DAY, late) < rules.agreement_rank(TODAY, early)
    assert rules.agreement_rank(None, late) < rules.agreement_rank(TODAY - 900 * DAY, early)


def test_status_and_which_plans_count() -> None:
    assert rules.shown_status("closed", "maintaining") is PartnershipStatus.CLOSED
    assert rules.shown_status("active", "maintaining") is PartnershipStatus.MAINTAINING
    assert rules.shown_status(None, None) is PartnershipStatus.ACTIVE
    assert not rules.partnership_open("closed") and rules.partnership_open(None)
    assert rules.plan_counts(2026, 2026) and not rules.plan_counts(2025, 2026)
    assert rules.plan_counts(2025, None)  # no year started: every plan counts


def test_agreed_level_falls_back_to_the_suggestion() -> None:
    assert rules.agreed_level(2, 4) is InterventionLevel(2)
    assert rules.agreed_level(None, 4) is InterventionLevel(4)
    assert rules.agreed_level(None, None) is None
