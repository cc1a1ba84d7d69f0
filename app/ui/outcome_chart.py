"""An outcome's measure of success over time, drawn with QPainter: baseline and target
as dashed lines, results as a line, and where each school year starts.

Painted through one method used on screen and by ``save_png`` (``charts.Chart``), so the
saved picture is what the officer sees.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from app.services.dashboard import OutcomeSeries
from app.ui.charts import GRID, INK, MUTED, Chart, fmt_value, nice_ticks
from lpc_core.formatting import format_nz_date

MEASURED = QColor("#2f6db5")
TARGET = QColor("#2e7d32")
BASELINE = QColor("#8a6d3b")
YEAR_LINE = QColor("#7b5ea7")


class OutcomeChart(Chart):
    """One measure of success: baseline and target as dashed lines, results as a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: OutcomeSeries | None = None
        # Where the last paint put each label (for tests, and to keep them apart).
        self.label_boxes: dict[str, QRectF] = {}
        self.month_labels: list[str] = []
        self.year_lines: dict[int, float] = {}  # where each school year after the first starts
        self.year_labels: list[str] = []
        self.setMinimumSize(360, 240)
        self.setAccessibleName("Outcome chart")

    def sizeHint(self) -> QSize:
        return QSize(640, 320)

    def set_series(self, series: OutcomeSeries | None) -> None:
        self.series = series
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart in words, for screen readers and tooltips."""
        s = self.series
        if s is None:
            return "No outcome"
        parts = [s.description]
        if s.baseline is not None:
            parts.append(f"baseline {fmt_value(s.baseline)}")
        if s.target is not None:
            parts.append(f"target {fmt_value(s.target)}")
        last = s.latest()
        if last is None:
            parts.append("no results measured yet")
        else:
            parts.append(f"latest {fmt_value(last.value)} on {format_nz_date(last.on)}")
        return "; ".join(parts)

    def paint(self, painter: QPainter, rect: QRect) -> None:
        s = self.series
        self.label_boxes, self.month_labels = {}, []
        self.year_lines, self.year_labels = {}, []
        if s is None:
            return
        unit = f" ({s.unit})" if s.unit else ""
        top = self._title(painter, rect, s.description, f"{s.measure}{unit}")
        metrics = QFontMetrics(self.font())
        top = self._legend(painter, rect, top, metrics)
        values = [p.value for p in s.points]
        values += [v for v in (s.baseline, s.target) if v is not None]
        if not values:
            painter.setPen(MUTED)
            painter.drawText(
                rect.adjusted(0, top, 0, 0),
                Qt.AlignmentFlag.AlignCenter,
                "No baseline, target or results yet",
            )
            return
        low, high = min(values), max(values)
        pad = (high - low) * 0.12 or max(abs(high) * 0.2, 1.0)
        ticks = nice_ticks(max(low - pad, 0.0) if low >= 0 else low - pad, high + pad)
        y_min, y_max = ticks[0], ticks[-1]
        label_w = max(metrics.horizontalAdvance(fmt_value(t)) for t in ticks) + 10
        # Baseline and target are named in a gutter right of the plot, clear of the data.
        names = [
            f"{name} {fmt_value(v)}"
            for name, v in (("Baseline", s.baseline), ("Target", s.target))
            if v is not None
        ]
        gutter = max((metrics.horizontalAdvance(n) for n in names), default=0) + 14
        plot = QRectF(
            rect.left() + label_w + 8,
            top + 4,
            rect.width() - label_w - 16 - gutter,
            rect.bottom() - top - metrics.height() * 2 - 10,
        )
        inner = plot.adjusted(10, 0, -10, 0)  # first and last points clear of the edges

        def y_of(v: float) -> float:
            return plot.bottom() - (v - y_min) / (y_max - y_min) * plot.height()

        for t in ticks:
            y = y_of(t)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(rect.left(), y - metrics.height() / 2, label_w, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fmt_value(t),
            )
        dates = [p.on for p in s.points]
        first, last = (min(dates), max(dates)) if dates else (date.today(), date.today())
        span = max((last - first).days, 1)

        def x_of(d: date) -> float:
            if not dates or first == last:
                return inner.center().x()
            return inner.left() + (d - first).days / span * inner.width()

        if dates:
            self._months(painter, plot, first, last, x_of, metrics)
            self._years(painter, plot, first, last, x_of, metrics)
        lines = [
            (y_of(v), v, color, name)
            for v, color, name in ((s.baseline, BASELINE, "Baseline"), (s.target, TARGET, "Target"))
            if v is not None
        ]
        label_ys = [y for y, *_ in lines]
        if len(label_ys) == 2 and abs(label_ys[0] - label_ys[1]) < metrics.height():
            upper = 0 if label_ys[0] < label_ys[1] else 1  # nudge close labels apart
            middle = sum(label_ys) / 2
            label_ys[upper] = middle - metrics.height() / 2 - 1
            label_ys[1 - upper] = middle + metrics.height() / 2 + 1
        for (y, value, color, name), label_y in zip(lines, label_ys, strict=True):
            painter.setPen(QPen(color, 1.6, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(color)
            text = f"{name} {fmt_value(value)}"
            box = QRectF(
                plot.right() + 6,
                label_y - metrics.height() / 2,
                metrics.horizontalAdvance(text) + 2,
                metrics.height(),
            )
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            self.label_boxes[name] = box
        if not s.points:
            painter.setPen(MUTED)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No results measured yet")
            return
        path = QPainterPath()
        for n, p in enumerate(s.points):
            point = QPointF(x_of(p.on), y_of(p.value))
            path.moveTo(point) if n == 0 else path.lineTo(point)
        painter.setPen(QPen(MEASURED, 2.2))
        painter.drawPath(path)
        painter.setBrush(MEASURED)
        for p in s.points:
            painter.drawEllipse(QPointF(x_of(p.on), y_of(p.value)), 3.2, 3.2)
        latest = s.points[-1]
        tip = QPointF(x_of(latest.on), y_of(latest.value))
        text = fmt_value(latest.value)
        w = metrics.horizontalAdvance(text) + 8
        box = QRectF(tip.x() - w / 2, tip.y() - metrics.height() - 8, w, metrics.height() + 2)
        # Kept inside the plot, so it never runs into the baseline and target names in the
        # gutter: the latest point is usually at the right edge.
        box.moveRight(min(box.right(), plot.right() - 2))
        box.moveLeft(max(box.left(), plot.left() + 2))
        if box.top() < plot.top():  # no room above the point: label it below
            box.moveTop(tip.y() + 6)
        self.label_boxes["Latest"] = box
        painter.setPen(QPen(MEASURED, 1))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(box, 3, 3)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _legend(self, painter: QPainter, rect: QRect, top: int, metrics: QFontMetrics) -> int:
        x = rect.left() + 8
        y = top + metrics.height() / 2
        for name, color, style in (
            ("Measured", MEASURED, Qt.PenStyle.SolidLine),
            ("Baseline", BASELINE, Qt.PenStyle.DashLine),
            ("Target", TARGET, Qt.PenStyle.DashLine),
        ):
            painter.setPen(QPen(color, 2, style))
            painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
            painter.setPen(INK)
            painter.drawText(QPointF(x + 28, y + metrics.ascent() / 2 - 1), name)
            x += 40 + metrics.horizontalAdvance(name)
        return top + metrics.height() + 6

    def _years(
        self,
        painter: QPainter,
        plot: QRectF,
        first: date,
        last: date,
        x_of: Callable[[date], float],
        metrics: QFontMetrics,
    ) -> None:
        """A line where each school year starts, and each year named at the top of its
        part, so results that run across partnership years read year by year (a New
        Zealand school year is Term 1 to Term 4 of one calendar year)."""
        if first.year == last.year:
            return
        starts = [date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]
        painter.setPen(QPen(YEAR_LINE, 1.2, Qt.PenStyle.DashDotLine))
        for start in starts:
            x = x_of(start)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            self.year_lines[start.year] = x
        edges = [plot.left(), *self.year_lines.values(), plot.right()]
        painter.setPen(YEAR_LINE)
        for n, year in enumerate(range(first.year, last.year + 1)):
            left, right = edges[n], edges[n + 1]
            if right - left < metrics.horizontalAdvance(str(year)) + 8:
                continue  # a sliver of a year: its line is enough
            painter.drawText(
                QRectF(left, plot.top() + 2, right - left, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                str(year),
            )
            self.year_labels.append(str(year))

    def _months(
        self,
        painter: QPainter,
        plot: QRectF,
        first: date,
        last: date,
        x_of: Callable[[date], float],
        metrics: QFontMetrics,
    ) -> None:
        """Month ticks along the bottom, thinned so labels never overlap."""
        months = []
        d = date(first.year, first.month, 1)
        while d <= last:
            if d >= first:
                months.append(d)
            d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        if not months:
            months = [first]
        label_w = metrics.horizontalAdvance("Mmm 0000") + 12
        every = max(1, math.ceil(len(months) * label_w / max(plot.width(), 1.0)))
        # Counted back from the last month, so the latest month is always named.
        shown = set(range(len(months) - 1, -1, -every))
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        for n, m in enumerate(months):
            if n not in shown:
                continue
            self.month_labels.append(m.strftime("%b %Y"))
            x = x_of(m)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(x - label_w / 2, plot.bottom() + 6, label_w, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter,
                m.strftime("%b %Y"),
            )
