"""The partnership rules that more than one screen applies, stated once.

The reminders, the district dashboard, the action-plan reviews, the plan table and the
stage checks each read these, so a school is never overdue on one screen and up to date
on another. Plain values in, plain answers out: a caller that reads whole rows and one
that selects a few columns in SQL apply the same rule.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.models.vocabulary import ActivityStatus, PartnershipStatus

CLOSED_ACTIVITY_STATUSES = frozenset({ActivityStatus.DONE.value, ActivityStatus.CANCELLED.value})
"""An activity done or cancelled needs nothing more: never overdue, never reviewed."""

AGREEMENT_WARNING_DAYS = 30
"""An agreement review shows as due this many days before its date."""

PROFILE_MAX_AGE_DAYS = 365
"""The school profile is updated yearly (PiP stage 1): older than this, it is out of date."""


def activity_closed(status: str) -> bool:
    return status in CLOSED_ACTIVITY_STATUSES


def activity_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Due before today and neither done nor cancelled."""
    return due_on is not None and due_on < today and not activity_closed(status)


def partnership_open(status: str | None) -> bool:
    """Reminders and counts apply to every partnership not closed; a school whose
    partnership has not arrived yet (sync) is treated as active at stage 1, as the
    dashboard shows it."""
    return status != PartnershipStatus.CLOSED.value


def agreement_rank(agreed_on: date | None, created_at: datetime) -> tuple[bool, date, datetime]:
    """Sort key for a school's agreements: the current one is the greatest (agreed most
    recently; of two agreed the same day, or neither dated, the one created last)."""
    return (agreed_on is not None, agreed_on or date.min, created_at)


def agreement_review_due(review_on: date | None, today: date) -> bool:
    return review_on is not None and review_on <= today + timedelta(days=AGREEMENT_WARNING_DAYS)


def profile_date(prepared_on: date | None, year: int) -> date:
    """When a profile was made: the date prepared, else the start of its year."""
    return prepared_on or date(year, 1, 1)


def profile_out_of_date(newest: date | None, today: date) -> bool:
    """``newest`` is the latest ``profile_date`` of a school's profiles (None: none)."""
    return newest is None or (today - newest).days > PROFILE_MAX_AGE_DAYS


def profile_due(newest: date) -> date:
    return newest + timedelta(days=PROFILE_MAX_AGE_DAYS)
