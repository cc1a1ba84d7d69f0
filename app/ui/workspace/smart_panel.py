"""The live SMART check beside a response aim: each letter, whether it passes, and why.

Pass or fail is said in words and with a mark (✓ / ✗) as well as by colour, so it reads
the same to someone who cannot tell red from green and to a screen reader.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.models import ResponseAim, spec_of
from app.services.smart import SmartFinding, SmartResult, check_aim
from lpc_core.validation import InvalidFieldError, clean_value

PASS_COLOUR = "#1b6e35"
FAIL_COLOUR = "#a4262c"
LETTERS = ("S", "M", "A", "R", "T")


def _loosely_cleaned(values: dict[str, Any]) -> dict[str, Any]:
    """Values as typed, converted where they can be (a half-typed date stays unset).

    The form reports a badly typed value itself; here it only means that letter fails.
    """
    cleaned: dict[str, Any] = {}
    for field, value in values.items():
        spec = spec_of(ResponseAim, field)
        if spec is None or not isinstance(value, str) or spec.kind in ("text", "long_text"):
            cleaned[field] = value
            continue
        try:
            cleaned[field] = clean_value(spec, field, value)
        except InvalidFieldError:
            cleaned[field] = None
    return cleaned


class _Row:
    """The widgets of one letter: a badge, then "Word  ✓ Passes" over the reason.

    The reason sits under the verdict, not beside it, so the panel reads well both as
    a narrow side panel and at full width.
    """

    def __init__(self, grid: QGridLayout, row: int, letter: str) -> None:
        self.badge = QLabel(letter)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setFixedSize(30, 30)
        self.word = QLabel()
        self.word.setStyleSheet("font-weight: 600;")
        self.state = QLabel()
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        line = QHBoxLayout()
        line.setSpacing(12)
        line.addWidget(self.word)
        line.addWidget(self.state)
        line.addStretch(1)
        text = QVBoxLayout()
        text.setSpacing(1)
        text.addLayout(line)
        text.addWidget(self.reason)
        grid.addWidget(self.badge, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(text, row, 1)

    def show(self, finding: SmartFinding) -> None:
        colour = PASS_COLOUR if finding.ok else FAIL_COLOUR
        verdict = "✓ Passes" if finding.ok else "✗ Needs work"
        self.badge.setStyleSheet(
            f"background: {colour}; color: white; font-weight: 700; border-radius: 15px;"
        )
        self.word.setText(finding.word)
        self.state.setText(verdict)
        self.state.setStyleSheet(f"color: {colour}; font-weight: 600;")
        reason = finding.reason[:1].upper() + finding.reason[1:] + "."
        self.reason.setText(reason)
        spoken = f"{finding.word}: {'passes' if finding.ok else 'needs work'}. {reason}"
        for widget in (self.badge, self.word, self.state, self.reason):
            widget.setAccessibleName(spoken)


class SmartPanel(QWidget):
    """Shows ``check_aim`` for the values the aim form holds, updated on every edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("SMART check of the response aim")
        self.result: SmartResult | None = None

        self.title = QLabel("<b>SMART check</b>")
        self.summary = QLabel()
        self.summary.setAccessibleName("SMART check summary")
        self.summary.setWordWrap(True)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(frame)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        self.rows = {letter: _Row(grid, i, letter) for i, letter in enumerate(LETTERS)}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(frame)
        layout.addStretch(1)
        self.show_values({})

    def show_values(self, values: dict[str, Any], as_of: date | None = None) -> None:
        """``as_of``: the day the aim is judged from (today when not given)."""
        self.result = check_aim(_loosely_cleaned(values), as_of)
        passed = sum(f.ok for f in self.result.findings)
        for finding in self.result.findings:
            self.rows[finding.letter].show(finding)
        if self.result.passed:
            self.summary.setText("All five checks pass: this aim can be assessed later.")
        else:
            letters = ", ".join(f.letter for f in self.result.failures)
            self.summary.setText(f"{passed} of 5 checks pass. Still to do: {letters}.")

    def verdict(self, letter: str) -> str:
        """What the row for ``letter`` says, e.g. "✗ Needs work" (for tests and tools)."""
        return self.rows[letter].state.text()

    def reason(self, letter: str) -> str:
        return self.rows[letter].reason.text()
