"""The partnership rules, now stated in ``lpc_core.rules`` so the district server's
console applies the very same ones; this name stays for the callers that know it."""

from __future__ import annotations

from lpc_core.rules import (
    AGREEMENT_WARNING_DAYS,
    CLOSED_ACTIVITY_STATUSES,
    PROFILE_MAX_AGE_DAYS,
    activity_closed,
    activity_overdue,
    agreement_rank,
    agreement_review_due,
    partnership_open,
    plan_counts,
    profile_date,
    profile_due,
    profile_out_of_date,
    shown_status,
)

__all__ = [
    "AGREEMENT_WARNING_DAYS",
    "CLOSED_ACTIVITY_STATUSES",
    "PROFILE_MAX_AGE_DAYS",
    "activity_closed",
    "activity_overdue",
    "agreement_rank",
    "agreement_review_due",
    "partnership_open",
    "plan_counts",
    "profile_date",
    "profile_due",
    "profile_out_of_date",
    "shown_status",
]
