"""``python -m app calendar --out FILE.ics`` as an officer or a script runs it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import icalendar
import vobject

from app.services.reminders import compute_reminders
from app.services.store import Store
from tests.commands.app_process import run_app
from tests.services.calendar_store import all_secrets, build_calendar_store


def _uids(path: Path) -> list[str]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return sorted(str(e["uid"]) for e in cal.walk("VEVENT"))


def test_writes_one_event_per_due_date_with_stable_uids(store: Store, tmp_path: Path) -> None:
    build_calendar_store(store)
    out = tmp_path / "out" / "partnership dates.ics"
    result = run_app("calendar", "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Calendar written: {out}"
    with store.session() as session:  # the store's dates are fixed; today is the clock's
        expected = len(compute_reminders(session, upcoming=True))
    today = date.today().strftime("%d/%m/%Y")
    # Every date printed to the officer is dd/mm/yyyy.
    assert re.fullmatch(
        rf"{expected} due dates, \d+ overdue; overdue ones are on {today}; "
        r"the last is due on \d\d/\d\d/\d{4}\.",
        lines[1],
    )
    first = _uids(out)
    assert len(first) == len(set(first)) == expected >= 9
    assert len(vobject.readOne(out.read_bytes().decode("utf-8")).vevent_list) == expected

    again = run_app("calendar", "--out", str(out))  # replaces the file: same events
    assert again.returncode == 0, again.stderr
    assert _uids(out) == first
    unfolded = out.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert not [s for s in all_secrets(store) if s in unfolded]


def test_refuses_bad_names_and_a_missing_store(tmp_path: Path) -> None:
    no_store = tmp_path / "none"
    missing = run_app("calendar", "--data-dir", str(no_store), "--out", str(tmp_path / "a.ics"))
    assert missing.returncode == 2 and "there is no store" in missing.stderr
    assert not (no_store / "lpc.db").exists() and not (tmp_path / "a.ics").exists()

    not_ics = run_app("calendar", "--out", str(tmp_path / "dates.docx"))
    assert not_ics.returncode == 2
    assert "--out must name a calendar file ending in .ics" in not_ics.stderr
    folder = tmp_path / "folder.ics"
    folder.mkdir()
    is_folder = run_app("calendar", "--out", str(folder))
    assert is_folder.returncode == 2 and "names a folder" in is_folder.stderr
    no_out = run_app("calendar")
    assert no_out.returncode == 2 and "--out" in no_out.stderr
    for r in (missing, not_ics, is_folder, no_out):
        assert "Traceback" not in r.stderr
