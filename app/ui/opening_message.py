"""The heading the window shows until the schools are listed, built for the first frame.

Plain text, centred by value: rich text (its document machinery, about 3 ms) and Qt's
alignment flags (every enum of Qt's namespace, about 12 ms) would be built before the
window is shown. A problem replaces it with rich text later (``show_problem``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

# Qt.AlignmentFlag.AlignCenter by value; tests/ui/test_name_banner.py checks the two agree.
ALIGN_CENTER = 0x84
HEADING_SCALE = 1.2  # as large as <h3> would make it


def opening_message(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("alignment", ALIGN_CENTER)
    label.setWordWrap(True)
    heading = label.font()
    heading.setBold(True)
    heading.setPointSizeF(heading.pointSizeF() * HEADING_SCALE)
    label.setFont(heading)
    return label
