"""The officer's partnership due dates as an iCalendar (.ics) file, for Outlook.

Officers live in their calendar, not in the app's reminders panel, so the same due dates
go into a file they import there.

Which events: one per due item the reminder rules find (``compute_reminders`` with
``upcoming=True``): every reminder the panel shows now (overdue items, agreement reviews
within the warning window) and every next due date further ahead, by the same rules.
Overdue items, and a profile never recorded, are placed on the day of the export and
titled "Overdue", so they sit where the officer looks today; the rest sit on their due
date. Done or cancelled activities and closed partnerships raise nothing, as in the panel.

Each event is an all-day event (dates, not times) in a calendar declared in New Zealand
time (Pacific/Auckland, with its VTIMEZONE).

Stable UIDs: made from the kind of event and the record it is about, never from a date or
a random value, so importing a newer file moves an event instead of adding a second one.
An agreement review and a profile update are keyed by the school (a new agreement or
profile replaces the old one's date); a plan review by the plan and its horizon (monthly
or quarterly); an activity by the activity.

What an event holds: the school's name, what is due (an activity's title), and dates.
Never text typed into notes, descriptions, protocols, profiles, reviews or contacts: a
calendar is copied to phones and mail servers the store's encryption does not reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event, Timezone
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import APP_NAME, __version__
from app.files import atomic_write_bytes
from app.models import PlanActivity
from app.models.vocabulary import ActionHorizon
from app.services.reminders import Reminder, ReminderKind, compute_reminders
from app.services.store import Store
from lpc_core.formatting import format_nz_date

CALENDAR_TZ = "Pacific/Auckland"
CALENDAR_NAME = f"{APP_NAME} due dates"
DEFAULT_FILE_NAME = "LPC partnership dates.ics"
UID_DOMAIN = "lpc-partnerships"

# Part of every UID ever written: changing one would duplicate events in officers'
# calendars on their next import, so these stay as they are even if the kinds are renamed.
UID_PREFIX: dict[ReminderKind, str] = {
    ReminderKind.AGREEMENT_REVIEW: "agreement-review",
    ReminderKind.PROFILE_OUT_OF_DATE: "profile-due",
    ReminderKind.PLAN_REVIEW_OVERDUE: "plan-review",
    ReminderKind.ACTIVITY_OVERDUE: "activity-due",
    ReminderKind.COPY_WITH_SCHOOL: "school-copy",
}
# Keyed by the school: one agreement review and one profile due per school at a time.
BY_SCHOOL = frozenset(
    {
        ReminderKind.AGREEMENT_REVIEW,
        ReminderKind.PROFILE_OUT_OF_DATE,
        ReminderKind.COPY_WITH_SCHOOL,
    }
)

WHAT: dict[ReminderKind, str] = {
    ReminderKind.AGREEMENT_REVIEW: "Agreement review",
    ReminderKind.PROFILE_OUT_OF_DATE: "School profile update",
    ReminderKind.PLAN_REVIEW_OVERDUE: "Plan review",
    ReminderKind.ACTIVITY_OVERDUE: "Activity due",
    ReminderKind.COPY_WITH_SCHOOL: "Follow up the school's copy",
}


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str
    title: str
    on: date  # the day the event sits on
    due_on: date | None  # None: never done (no profile recorded yet)
    overdue: bool
    detail: str  # the description: when it was due, nothing a person typed


@dataclass(frozen=True, slots=True)
class CalendarWritten:
    path: Path
    events: int
    overdue: int
    today: date
    last_due: date | None

    @property
    def summary(self) -> str:
        """What happened, in the officer's words and dates."""
        if not self.events:
            return "No due dates: the calendar file has no events."
        parts = [f"{self.events} due dates, {self.overdue} overdue"]
        if self.overdue:
            parts.append(f"overdue ones are on {format_nz_date(self.today)}")
        if self.last_due:
            parts.append(f"the last is due on {format_nz_date(self.last_due)}")
        return "; ".join(parts) + "."


def event_uid(reminder: Reminder) -> str:
    """The event's identity across exports: the kind of event and its record."""
    if reminder.kind in BY_SCHOOL:
        record = reminder.school_id
    else:
        record = reminder.row_id or reminder.school_id
    part = f"-{reminder.part}" if reminder.part else ""
    return f"{UID_PREFIX[reminder.kind]}-{record}{part}@{UID_DOMAIN}"


def _what(reminder: Reminder, activity_titles: dict[str, str]) -> str:
    if reminder.kind is ReminderKind.PLAN_REVIEW_OVERDUE and reminder.part:
        every = "Monthly" if reminder.part == ActionHorizon.SHORT_TERM.value else "Quarterly"
        return f"{every} plan review"
    if reminder.kind is ReminderKind.ACTIVITY_OVERDUE:
        title = activity_titles.get(reminder.row_id or "", "").strip()
        return f"Activity due: {title}" if title else WHAT[reminder.kind]
    return WHAT[reminder.kind]


def _detail(reminder: Reminder, overdue: bool) -> str:
    """When it was due: an overdue event sits on the day of the export, not its due date."""
    if reminder.due_on is None:
        return "None recorded yet."
    if overdue:
        return f"Was due on {format_nz_date(reminder.due_on)}: overdue."
    return f"Due on {format_nz_date(reminder.due_on)}."


def _activity_titles(session: Session, reminders: Iterable[Reminder]) -> dict[str, str]:
    ids = [r.row_id for r in reminders if r.kind is ReminderKind.ACTIVITY_OVERDUE and r.row_id]
    if not ids:
        return {}
    rows = session.execute(
        select(PlanActivity.id, PlanActivity.title).where(PlanActivity.id.in_(ids))
    )
    return {row_id: title or "" for row_id, title in rows}


def calendar_events(session: Session, today: date | None = None) -> list[CalendarEvent]:
    """One event per due item, soonest first."""
    today = today or date.today()
    reminders = compute_reminders(session, today, upcoming=True)
    titles = _activity_titles(session, reminders)
    events = []
    for r in reminders:
        overdue = r.overdue(today)
        what = _what(r, titles)
        events.append(
            CalendarEvent(
                uid=event_uid(r),
                title=f"{'Overdue: ' if overdue else ''}{what} – {r.school_name}",
                on=today if overdue or r.due_on is None else r.due_on,
                due_on=r.due_on,
                overdue=overdue,
                detail=_detail(r, overdue),
            )
        )
    return events


def build_calendar(events: Sequence[CalendarEvent], now: datetime) -> Calendar:
    """An RFC 5545 calendar of all-day events; ``now`` stamps each event."""
    days = [e.on for e in events] or [now.date()]
    cal = Calendar()
    cal.add("prodid", f"-//{APP_NAME}//{__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    cal.add("x-wr-timezone", CALENDAR_TZ)
    # The zone's rules over the years the events span (and a year after the last).
    first, last = date(min(days).year, 1, 1), date(max(days).year + 2, 1, 1)
    cal.add_component(Timezone.from_tzid(CALENDAR_TZ, first_date=first, last_date=last))
    stamp = now.astimezone(UTC)
    for e in events:
        event = Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("summary", e.title)
        event.add("dtstart", e.on)
        event.add("dtend", e.on + timedelta(days=1))
        event.add("description", e.detail)
        event.add("categories", [APP_NAME])
        event.add("transp", "TRANSPARENT")  # a due date does not make the officer busy
        cal.add_component(event)
    return cal


def write_calendar(
    store: Store, path: Path, today: date | None = None, now: datetime | None = None
) -> CalendarWritten:
    """Write the officer's due dates to ``path`` (replacing it whole, never half-written)."""
    today = today or date.today()
    with store.session() as session:
        events = calendar_events(session, today)
    cal = build_calendar(events, now or datetime.now(UTC))
    atomic_write_bytes(path, cal.to_ical(), shared=True)
    dated = [e.due_on for e in events if e.due_on is not None]
    return CalendarWritten(
        path, len(events), sum(e.overdue for e in events), today, max(dated, default=None)
    )
