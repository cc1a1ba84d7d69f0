"""Columns sized from their longest texts get the width Qt's own measure of every row gives."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from app.services.school_list_rows import Reminder, ReminderKind
from app.ui.reminders_panel import RemindersPanel


def _reminder(i: int, name: str, due: date | None) -> Reminder:
    return Reminder(
        ReminderKind.PROFILE_OUT_OF_DATE, f"s{i}", name, due, "prepared 03/02/2025",
        "school_profiles", f"p{i}",
    )  # fmt: skip


def test_the_reminders_columns_fit_every_row_as_qt_would_size_them(qtbot: QtBot) -> None:
    """The longest school name is on the 300th reminder, past the 200 rows Qt samples."""
    reminders = [_reminder(i, f"School {i:03}", date(2026, 3, 1 + i % 28)) for i in range(299)]
    reminders.append(_reminder(299, "Te Kura Kaupapa Māori o Ngā Tapuwae ki Ōtautahi", None))
    panel = RemindersPanel()
    qtbot.addWidget(panel)
    panel.resize(1600, 500)
    panel.set_reminders(reminders, date(2026, 12, 4))
    header = panel.tree.header()
    ours = [header.sectionSize(c) for c in (0, 1)]
    header.setResizeContentsPrecision(-1)  # Qt measures every row
    for c in (0, 1):
        panel.tree.resizeColumnToContents(c)
    assert ours == [header.sectionSize(c) for c in (0, 1)]
    assert ours[1] > panel.tree.fontMetrics().horizontalAdvance(reminders[-1].school_name)
