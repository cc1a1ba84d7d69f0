from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.workspace.smart_panel import SmartPanel
from lpc_core.formatting import format_nz_date


def _good_aim() -> dict[str, object]:
    return {
        "statement": "Reduce bullying reports at the bus stop by Year 7 students after school",
        "measure": "Bullying reports logged per term",
        "baseline": "18",
        "target": "12",
        "unit": "reports",
        "attainable": "Duty roster already covers the gate; a similar school halved its reports",
        "realistic": "Two staff on duty, the LPC visits fortnightly",
        "due_on": format_nz_date(date.today() + timedelta(days=200)),
    }


def test_a_vague_aim_shows_the_failing_letters(qtbot: QtBot, output_dir: Path) -> None:
    panel = SmartPanel()
    qtbot.addWidget(panel)
    panel.show_values({"statement": "Improve behaviour", "measure": "", "due_on": "31/02/20"})
    assert panel.verdict("S") == "✗ Needs work"
    assert "at least 6 words" in panel.reason("S")
    assert panel.verdict("M") == "✗ Needs work"
    assert panel.verdict("T") == "✗ Needs work"
    assert panel.summary.text() == "0 of 5 checks pass. Still to do: S, M, A, R, T."
    assert panel.rows["S"].badge.accessibleName().startswith("Specific: needs work.")
    panel.resize(560, 300)
    panel.grab().save(str(output_dir / "smart_panel_vague.png"))


def test_a_good_aim_passes_all_five_and_updates_live(qtbot: QtBot, output_dir: Path) -> None:
    panel = SmartPanel()
    qtbot.addWidget(panel)
    values = _good_aim()
    panel.show_values(values)
    assert all(panel.verdict(letter) == "✓ Passes" for letter in "SMART")
    assert panel.summary.text().startswith("All five checks pass")
    panel.resize(560, 300)
    panel.grab().save(str(output_dir / "smart_panel_good.png"))
    panel.resize(320, 300)  # as the narrow side panel beside the aim form
    panel.grab().save(str(output_dir / "smart_panel_narrow.png"))

    values["target"] = "1"  # from 18 to 1 is over 90%
    panel.show_values(values)
    assert panel.verdict("A") == "✗ Needs work"
    assert "over 90%" in panel.reason("A")
    assert panel.verdict("S") == "✓ Passes"


def test_words_and_figures_that_disagree_are_shown_under_measurable(
    qtbot: QtBot, output_dir: Path
) -> None:
    panel = SmartPanel()
    qtbot.addWidget(panel)
    panel.show_values(
        {
            **_good_aim(),
            "statement": "Reduce % of students who feel safe at the bus stop after school",
            "baseline": "58",
            "target": "75",
        }
    )
    assert panel.verdict("M") == "✗ Needs work"
    assert "says “reduce” but the target (75) is above the baseline (58)" in panel.reason("M")
    assert panel.verdict("S") == panel.verdict("A") == panel.verdict("T") != "✗ Needs work"
    panel.resize(560, 300)
    panel.grab().save(str(output_dir / "smart_panel_direction.png"))
