"""Which copies are with schools, and the reminder once one has been out three weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.services.calendar_file import event_uid
from app.services.records import load_school
from app.services.reminders import Reminder, ReminderKind, compute_reminders
from app.services.school_copy import apply_review, review_file, send_school_copy
from app.services.school_copy.sends import copies_out, copy_out, describe
from app.services.store import Store
from tests.services.school_copy.copies import TODAY, fill, open_docx, save, school_with_records


def _overdue(store: Store) -> dict[str, str]:
    """School id -> what the workspace says, for copies out over three weeks."""
    with store.session() as session:
        out = copies_out(session)
    return {sid: describe(r, TODAY) for sid, r in out.items() if r.overdue(TODAY)}


def _copy_reminders(store: Store, upcoming: bool = False) -> list[Reminder]:
    with store.session() as session:
        found = compute_reminders(session, TODAY, upcoming=upcoming)
    return [r for r in found if r.kind is ReminderKind.COPY_WITH_SCHOOL]


def _sent_days_ago(store: Store, school_id: str, days: int, folder: Path) -> Path:
    when = datetime(2026, 12, 3, 9, tzinfo=UTC) - timedelta(days=days)
    return send_school_copy(store, school_id, folder, now=when)[0]


def test_a_copy_out_over_three_weeks_is_a_reminder(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    _sent_days_ago(store, school_id, 21, tmp_path)
    assert _overdue(store) == {}
    record = copy_out(store, school_id)
    assert record is not None
    parts = "Partnership Agreement, School Profile, Reflection"
    assert describe(record, TODAY) == f"{parts}: with the school since 12/11/2026"
    assert record.parts == ["Partnership Agreement", "School Profile", "Reflection"]

    _sent_days_ago(store, school_id, 22, tmp_path)

    assert _overdue(store) == {
        school_id: f"{parts}: with the school since 11/11/2026: over three weeks, "
        "time to follow it up"
    }


def test_a_copy_taken_in_is_no_longer_out(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    sent = _sent_days_ago(store, school_id, 30, tmp_path)
    with store.session() as session:
        agreement = load_school(session, school_id).agreement
        assert agreement is not None
    doc = open_docx(sent)
    fill(doc, "agreement.school_signatory_role", agreement.id, "Tumuaki")
    review = review_file(store, save(doc, tmp_path / "back.docx"), school_id)

    assert apply_review(store, review, [], "Const. Aroha Ngata").ok  # reviewed, none kept

    assert copy_out(store, school_id) is None
    assert _overdue(store) == {}


def test_the_reminders_list_the_copy_once_it_is_over_three_weeks_out(
    store: Store, tmp_path: Path
) -> None:
    school_id = school_with_records(store)
    _sent_days_ago(store, school_id, 21, tmp_path)
    assert _copy_reminders(store) == []
    (ahead,) = _copy_reminders(store, upcoming=True)  # the calendar shows it coming
    assert ahead.due_on == TODAY

    _sent_days_ago(store, school_id, 22, tmp_path)

    (reminder,) = _copy_reminders(store)
    assert reminder.school_id == school_id
    assert reminder.overdue(TODAY)
    assert reminder.text == (
        "School's copy not back: Partnership Agreement, School Profile, Reflection, "
        "sent on 11/11/2026"
    )
    assert reminder.table == "partnership_agreements"  # opens where the copy's parts start
    assert event_uid(reminder) == event_uid(ahead)  # one calendar event, moved not doubled


def test_no_reminder_once_the_copy_is_taken_in(store: Store, tmp_path: Path) -> None:
    school_id = school_with_records(store)
    sent = _sent_days_ago(store, school_id, 30, tmp_path)
    assert len(_copy_reminders(store)) == 1
    review = review_file(store, save(open_docx(sent), tmp_path / "back.docx"), school_id)
    assert apply_review(store, review, [], "Const. Aroha Ngata").ok
    assert _copy_reminders(store) == []
