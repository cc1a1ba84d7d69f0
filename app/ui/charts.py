"""Counts as bars, and what the app's two charts share (``Chart``, ticks, colours);
the outcome chart is in ``outcome_chart``.

Drawn by hand rather than with a charting library: the app needs only these two, and
QPainter is already here. Each chart paints through one method used both on screen and by
``save_png``, so the saved picture is what the officer sees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#1f2933")
MUTED = QColor("#5f6b7a")
GRID = QColor("#e3e8ee")
NAVY = QColor("#122b4a")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high`` (steps of 1, 2 or 5 times a power of 10)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(round(first + step * len(ticks), 10))
    return ticks


def fmt_value(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


class Chart(QWidget):
    """What both charts share: painting to the screen or to a PNG the same way."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def paint(self, painter: QPainter, rect: QRect) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, self.rect())
        painter.end()

    def save_png(self, path: Path | str, size: QSize | None = None, scale: float = 2.0) -> Path:
        """Render at ``size`` (default: the widget's size, or its size hint if not shown)."""
        target = Path(path)
        size = size or (self.size() if self.isVisible() else self.sizeHint())
        image = QImage(
            int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32
        )
        image.setDevicePixelRatio(scale)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        self.paint(painter, QRect(0, 0, size.width(), size.height()))
        painter.end()
        target.parent.mkdir(parents=True, exist_ok=True)
        # PySide takes the format as str at run time, though its stubs say bytes.
        if not image.save(str(target), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"could not write {target}")
        return target

    def _title(self, painter: QPainter, rect: QRect, title: str, subtitle: str = "") -> int:
        """Draw the title (and subtitle); returns the y where the plot may start."""
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        painter.setFont(font)
        painter.setPen(NAVY)
        metrics = QFontMetrics(font)
        line = QRect(rect.left() + 8, rect.top() + 6, rect.width() - 16, metrics.height())
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, line.width()),
        )
        y = line.bottom() + 2
        painter.setFont(self.font())
        if subtitle:
            small = QFontMetrics(self.font())
            sub = QRect(line.left(), y, line.width(), small.height())
            painter.setPen(MUTED)
            painter.drawText(
                sub,
                Qt.AlignmentFlag.AlignLeft,
                small.elidedText(subtitle, Qt.TextElideMode.ElideRight, sub.width()),
            )
            y = sub.bottom() + 2
        return y + 6


@dataclass(frozen=True, slots=True)
class Bar:
    key: object  # handed back by ``bar_clicked``
    label: str
    value: int
    color: QColor


class BarChart(Chart):
    """Counts side by side, each bar labelled with its number; clicking a bar reports it."""

    bar_clicked = Signal(object)

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[Bar] = []
        self.selected: object = None  # the key of a bar drawn as chosen
        self._hit: list[tuple[QRectF, object]] = []
        self.setAccessibleName(title or "Bar chart")
        self.setMinimumSize(260, 190)

    def sizeHint(self) -> QSize:
        return QSize(380, 230)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        described = "; ".join(f"{b.label}: {b.value}" for b in self.bars)
        self.setAccessibleDescription(described)
        self.setToolTip(described.replace("; ", "\n"))
        self.update()

    def set_selected(self, key: object) -> None:
        self.selected = key
        self.update()

    def paint(self, painter: QPainter, rect: QRect) -> None:
        top = self._title(painter, rect, self.title)
        self._hit = []
        if not self.bars:
            return
        metrics = QFontMetrics(self.font())
        label_h = metrics.height() * 2 + 4
        plot = QRectF(
            rect.left() + 10,
            top + metrics.height() + 2,
            rect.width() - 20,
            rect.bottom() - top - label_h - metrics.height() - 8,
        )
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        biggest = max((b.value for b in self.bars), default=0) or 1
        slot = plot.width() / len(self.bars)
        width = min(slot * 0.62, 70.0)
        for n, bar in enumerate(self.bars):
            x = plot.left() + slot * n + (slot - width) / 2
            height = plot.height() * bar.value / biggest
            box = QRectF(x, plot.bottom() - height, width, max(height, 0.0))
            painter.fillRect(box, bar.color)
            if self.selected is not None and bar.key == self.selected:
                painter.setPen(QPen(INK, 2.5))
                painter.drawRect(box.adjusted(-2, -2, 2, 0))
            painter.setPen(INK)
            value_box = QRectF(
                x - 10, box.top() - metrics.height() - 2, width + 20, metrics.height()
            )
            painter.drawText(value_box, Qt.AlignmentFlag.AlignCenter, str(bar.value))
            painter.setPen(MUTED)
            label_box = QRectF(plot.left() + slot * n + 2, plot.bottom() + 4, slot - 4, label_h)
            painter.drawText(
                label_box,
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                bar.label,
            )
            column = QRectF(plot.left() + slot * n, plot.top(), slot, plot.height() + label_h)
            self._hit.append((column, bar.key))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for box, key in self._hit:
            if box.contains(event.position()):
                self.bar_clicked.emit(key)
                return
        super().mousePressEvent(event)
