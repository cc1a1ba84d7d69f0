"""The partnership rules that more than one screen applies, stated once.

The reminders, the district dashboard, the action-plan reviews, the plan table and the
stage checks each read these, and so does the district server's console, so a school is
never overdue on one screen and up to date on another, on a laptop or on the server.
Plain values in, plain answers out: a caller that reads whole rows, one that selects a
few columns in SQL and the server reading synced records' fields apply the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Protocol, TypeVar

from app.models.vocabulary import (
    ActivityStatus,
    AttachmentKind,
    AttachmentLink,
    InterventionLevel,
    PartnershipStatus,
)

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


def shown_status(partnership_status: str | None, year_status: str | None) -> PartnershipStatus:
    """The status people see: closed when the partnership is, else how its current year
    stands (``year_status`` None: no year started yet, so active)."""
    if partnership_status == PartnershipStatus.CLOSED.value:
        return PartnershipStatus.CLOSED
    return PartnershipStatus(year_status) if year_status is not None else PartnershipStatus.ACTIVE


def plan_counts(plan_year: int, current_year: int | None) -> bool:
    """Whether a plan's activities and reviews can be overdue: only the current year's
    plan's can (an earlier year's undone activities are history, carried into the new
    plan only if the officer chose so at the roll-over). A school with no year started
    has every plan counted."""
    return current_year is None or plan_year == current_year


def agreement_rank(agreed_on: date | None, created_at: datetime) -> tuple[bool, date, datetime]:
    """Sort key for a school's agreements: the current one is the greatest (agreed most
    recently; of two agreed the same day, or neither dated, the one created last)."""
    return (agreed_on is not None, agreed_on or date.min, created_at)


class _Agreed(Protocol):
    @property
    def agreed_on(self) -> date | None: ...
    @property
    def created_at(self) -> datetime: ...


A = TypeVar("A", bound=_Agreed)


def agreement_in_force(agreements: Iterable[A], year: int) -> A | None:
    """The agreement in force in a year: the one agreed most recently by its end (or
    created last, when none is dated yet). Every screen shows the one in force in the
    school's current year, so one dated into a year not yet started waits for it."""
    in_force = [a for a in agreements if a.agreed_on is None or a.agreed_on.year <= year]
    return max(in_force, key=lambda a: agreement_rank(a.agreed_on, a.created_at), default=None)


SIGNED_COPY = (AttachmentKind.SIGNED_AGREEMENT.value, AttachmentLink.AGREEMENT.value)
"""An attachment of this kind linked to this table is a signed copy of that agreement."""


def signed_copy_of(kind: str, linked_table: str | None, linked_id: str | None) -> str | None:
    """The agreement an attachment is the signed copy of (None: it is not one). "Signed
    copy attached" holds for the agreement in force only, so a school with no agreement,
    or a new agreement not yet signed, shows none."""
    return linked_id if (kind, linked_table) == SIGNED_COPY and linked_id else None


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


def agreed_level(accepted: int | None, suggested: int | None) -> InterventionLevel | None:
    """The intervention level that applies after a needs audit: the one agreed, or the
    suggestion until one is agreed."""
    value = accepted or suggested
    return InterventionLevel(value) if value else None
