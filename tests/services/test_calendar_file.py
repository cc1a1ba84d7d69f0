"""The officer's due dates as an .ics file: what goes in, how it is identified, what stays out."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import vobject

from app.models import PartnershipAgreement, PlanActivity
from app.services.calendar_file import calendar_events, event_uid, write_calendar
from app.services.reminders import ReminderKind, compute_reminders
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.workspace import load_school_list
from tests.services.calendar_store import TODAY, all_secrets, build_calendar_store
from tests.services.helpers import add_school

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def _events(path: Path) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


def _by_uid(path: Path) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in _events(path)}


def _summaries(path: Path) -> dict[str, date]:
    return {str(e["summary"]): e.decoded("dtstart") for e in _events(path)}


def test_one_event_per_due_date_placed_and_titled_for_the_officer(
    store: Store, tmp_path: Path
) -> None:
    build_calendar_store(store)
    written = write_calendar(store, tmp_path / "dates.ics", TODAY, NOW)
    events = _summaries(written.path)
    assert events == {
        # Overdue ones sit on the day of the export, so they are seen today.
        "Overdue: Agreement review – Kōwhai Grove School": TODAY,
        "Overdue: School profile update – Kōwhai Grove School": TODAY,
        "Overdue: Activity due: Road Safe week – Kōwhai Grove School": TODAY,
        "Overdue: Monthly plan review – Kōwhai Grove School": TODAY,
        "Overdue: School profile update – Tōtara School": TODAY,  # none recorded yet
        # The rest on their due dates, however far ahead.
        "Agreement review – Tōtara School": date(2026, 12, 4),
        "Quarterly plan review – Kōwhai Grove School": date(2026, 12, 15),
        "Activity due: Kia Kaha lessons – Kōwhai Grove School": date(2027, 6, 30),
        "Agreement review – Te Kura o Rimu": date(2027, 3, 1),
        "School profile update – Te Kura o Rimu": date(2027, 3, 1),
    }  # the done activity, the closed partnership and the archived school raise nothing
    assert (written.events, written.overdue, written.last_due) == (10, 5, date(2027, 6, 30))
    assert written.summary == (
        "10 due dates, 5 overdue; overdue ones are on 24/11/2026; the last is due on 30/06/2027."
    )


def test_every_reminder_the_app_shows_has_its_event(store: Store, tmp_path: Path) -> None:
    build_calendar_store(store)
    shown = load_school_list(store, today=TODAY).reminders  # what the reminders panel lists
    assert len(shown) == 6  # five overdue, and an agreement review within 30 days
    written = write_calendar(store, tmp_path / "dates.ics", TODAY, NOW)
    in_file = _by_uid(written.path)
    with store.session() as session:
        everything = compute_reminders(session, TODAY, upcoming=True)
    assert len(in_file) == len(everything) == 10
    # Each reminder on screen is one event in the file, on today's date when overdue.
    for reminder in shown:
        event = in_file[event_uid(reminder)]
        assert reminder.school_name in str(event["summary"])
        expected = TODAY if reminder.overdue(TODAY) else reminder.due_on
        assert event.decoded("dtstart") == expected
    # The others are the later due dates the panel does not show yet.
    later = [in_file[event_uid(r)] for r in everything if r not in shown]
    assert len(later) == 4
    assert all(e.decoded("dtstart") > TODAY + timedelta(days=20) for e in later)

    # Once every date has passed, the panel and the calendar hold exactly the same items.
    later = TODAY + timedelta(days=3 * 365)
    with store.session() as session:
        shown_later = compute_reminders(session, later)
        events_later = calendar_events(session, later)
    assert len(events_later) == len(shown_later) == 10
    assert all(e.overdue and e.on == later for e in events_later)


def test_parses_with_two_independent_parsers(store: Store, tmp_path: Path) -> None:
    build_calendar_store(store)
    path = write_calendar(store, tmp_path / "dates.ics", TODAY, NOW).path
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")

    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(cal["x-wr-timezone"]) == "Pacific/Auckland"
    zones = [str(z["tzid"]) for z in cal.walk("VTIMEZONE")]
    assert zones == ["Pacific/Auckland"]

    parsed = vobject.readOne(text)
    vevents = parsed.vevent_list
    assert len(vevents) == 10
    assert parsed.vtimezone.tzid.value == "Pacific/Auckland"
    for ev in vevents:
        start, end = ev.dtstart.value, ev.dtend.value
        assert type(start) is date and end == start + timedelta(days=1)  # all-day events
        assert ev.dtstamp.value == NOW
        assert ev.uid.value.endswith("@lpc-partnerships")
    vobject_titles = {ev.summary.value: ev.dtstart.value for ev in vevents}
    assert vobject_titles == _summaries(path)


def test_uids_are_stable_across_exports_and_follow_the_record(store: Store, tmp_path: Path) -> None:
    ids = build_calendar_store(store)
    first = _by_uid(write_calendar(store, tmp_path / "a.ics", TODAY, NOW).path)
    assert len(first) == 10  # unique: a plan's monthly and quarterly reviews differ
    second = _by_uid(
        write_calendar(store, tmp_path / "b.ics", TODAY, NOW + timedelta(hours=5)).path
    )
    assert second.keys() == first.keys()

    # Dates move; the events keep their identity, so a re-import updates them in place.
    with UnitOfWork(store) as uow:
        road = uow.session.query(PlanActivity).filter_by(title="Road Safe week").one()
        uow.update(road, due_on=date(2026, 12, 20))
        # A new agreement replaces the school's review date: still the same event.
        uow.add(
            PartnershipAgreement,
            school_id=ids["Kōwhai Grove School"],
            agreed_on=date(2026, 11, 20),
            review_on=date(2027, 11, 20),
        )
    third = _by_uid(write_calendar(store, tmp_path / "c.ics", TODAY, NOW).path)
    assert third.keys() == first.keys()
    moved = {
        uid: (str(first[uid]["summary"]), third[uid].decoded("dtstart"))
        for uid in first
        if first[uid].decoded("dtstart") != third[uid].decoded("dtstart")
    }
    assert sorted(moved.values()) == [
        ("Overdue: Activity due: Road Safe week – Kōwhai Grove School", date(2026, 12, 20)),
        ("Overdue: Agreement review – Kōwhai Grove School", date(2027, 11, 20)),
    ]
    for uid in moved:  # and never derived from a date
        assert not re.search(r"20\d\d-?\d\d-?\d\d", uid)


def test_no_text_from_notes_reaches_the_file(store: Store, tmp_path: Path) -> None:
    build_calendar_store(store)
    secrets = all_secrets(store)
    assert len(secrets) > 60  # every notes field of every record, for five schools
    path = write_calendar(store, tmp_path / "dates.ics", TODAY, NOW).path
    raw = path.read_bytes().decode("utf-8")
    unfolded = raw.replace("\r\n ", "")  # long lines are folded; a secret could be split
    assert "Zqx" not in unfolded
    for secret in secrets:
        assert secret not in unfolded
    # Nothing but the school, what is due, and dates: the decoded text says the same.
    for event in _events(path):
        assert "Zqx" not in str(event["summary"]) + str(event["description"])


def test_dates_the_officer_reads_are_dd_mm_yyyy(store: Store, tmp_path: Path) -> None:
    build_calendar_store(store)
    path = write_calendar(store, tmp_path / "dates.ics", TODAY, NOW).path
    details = {str(e["summary"]): str(e["description"]) for e in _events(path)}
    assert details["Overdue: Agreement review – Kōwhai Grove School"].startswith(
        "Was due on 01/11/2026: overdue."
    )
    assert details["Agreement review – Te Kura o Rimu"].startswith("Due on 01/03/2027.")
    assert details["Overdue: School profile update – Tōtara School"].startswith(
        "None recorded yet."
    )
    for text in [*details, *details.values()]:
        assert not re.search(r"\d{4}-\d\d-\d\d|\d\d/\d\d/\d\d\b(?!\d)", text)


def test_an_empty_store_writes_a_valid_empty_calendar(store: Store, tmp_path: Path) -> None:
    written = write_calendar(store, tmp_path / "dates.ics", TODAY, NOW)
    assert written.events == 0 and "no events" in written.summary
    assert _events(written.path) == []
    assert vobject.readOne(written.path.read_bytes().decode("utf-8")).name == "VCALENDAR"


def test_upcoming_reminders_follow_the_same_rules_and_read_in_the_future_tense(
    store: Store,
) -> None:
    build_calendar_store(store)
    with store.session() as session:
        now = compute_reminders(session, TODAY)
        everything = compute_reminders(session, TODAY, upcoming=True)
    assert set(now) < set(everything)  # the panel's reminders, unchanged, and more
    assert {(r.kind, r.message) for r in everything if r not in now} == {
        (ReminderKind.ACTIVITY_OVERDUE, "“Kia Kaha lessons” due on 30/06/2027"),
        (ReminderKind.AGREEMENT_REVIEW, "due on 01/03/2027"),
        (
            ReminderKind.PLAN_REVIEW_OVERDUE,
            "the 2026 plan's long term actions (quarterly) are due on 15/12/2026",
        ),
        (ReminderKind.PROFILE_OUT_OF_DATE, "the 2026 one was prepared on 01/03/2026"),
    }


def test_a_school_name_with_calendar_punctuation_reads_back_as_written(
    store: Store, tmp_path: Path
) -> None:
    name = 'St Mary\'s, Ōtaki; "Kura" \\ Whānau'
    school = add_school(store, name)
    with UnitOfWork(store) as uow:
        uow.add(PartnershipAgreement, school_id=school, agreed_on=date(2026, 3, 1),
                review_on=date(2027, 3, 1))  # fmt: skip
    path = write_calendar(store, tmp_path / "dates.ics", TODAY, NOW).path
    titles = set(_summaries(path))
    assert f"Agreement review – {name}" in titles
    parsed = vobject.readOne(path.read_bytes().decode("utf-8"))
    assert {ev.summary.value for ev in parsed.vevent_list} == titles
