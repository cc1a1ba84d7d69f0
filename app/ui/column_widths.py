"""A list's columns sized to their widest text without Qt measuring the rows.

``resizeColumnToContents`` asks the model for about eight values per cell it measures,
each a call into Python: sizing the schools list and the reminders from a sample of 200
rows took about 40 ms of the UI thread at start-up, and rows past the sample could still
be cut short. Measuring a column's few longest texts gives the width Qt would give for
every row (the tests compare the two).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable

from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QStyle, QTableView, QTreeView


def longest(texts: Iterable[str], count: int = 3) -> list[str]:
    """The few longest distinct texts: the widest on screen is among them (letters differ
    in width, so more than one is measured)."""
    return heapq.nlargest(count, set(texts), key=len)


def natural_width(view: QTableView | QTreeView, column: int, texts: Iterable[str]) -> int:
    """What ``view.resizeColumnToContents(column)`` would set, for cells of plain text
    whose longest texts are ``texts`` (see ``longest``)."""
    metrics = QFontMetricsF(view.font())  # as Qt lays text out: fractions round up
    text = max((math.ceil(metrics.horizontalAdvance(t)) for t in texts), default=0)
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view)
    cell = text + 2 * (margin + 1)
    if isinstance(view, QTableView) and view.showGrid():
        cell += 1
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    return max(cell, 0 if header.isHidden() else header.sectionSizeHint(column))
