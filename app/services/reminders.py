"""What is due or overdue across the officer's schools.

Four kinds from the partnership model and the UK Safer School Partnerships guidance
(agreement reviews, school profiles older than a year, monthly action-plan reviews, plan
activities past their due date), and a fifth of this app's own: a copy sent for the school
to complete that has not come back in three weeks. Computed each time; nothing is stored.
The reading is ``app.services.reminders_read``'s, which the schools list shares.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.services.school_list_read import read_reminders
from app.services.school_list_rows import Reminder as Reminder
from app.services.school_list_rows import ReminderKind as ReminderKind
from app.services.school_list_sql import session_rows

LOCAL_KINDS = frozenset({ReminderKind.COPY_WITH_SCHOOL})
"""Kinds kept on this computer only: the district dashboard does not count them."""


def compute_reminders(
    session: Session, today: date | None = None, *, upcoming: bool = False
) -> list[Reminder]:
    """What is due now (overdue, or an agreement review within the warning window).

    ``upcoming``: also every next due date further ahead, by the same rules (the
    officer's calendar file shows them all; the reminders panel only what is due now).
    Kind labels name the due-now case ("Activity past due"), so the calendar titles its
    events itself.
    """
    return read_reminders(session_rows(session), today or date.today(), upcoming)
