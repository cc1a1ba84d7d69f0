"""A school's outcome charts: one per agreed outcome, each with its own "Save as PNG"."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.dashboard import load_outcome_series
from app.services.export.naming import safe_name
from app.ui.ops import Op
from app.ui.outcome_chart import OutcomeChart

if TYPE_CHECKING:
    from app.services.dashboard import OutcomeSeries
    from app.services.store import Store


class OutcomeCharts(QWidget):
    """Each measure of success as baseline, target and results over time."""

    loaded = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.school_id: str | None = None
        self.charts: list[OutcomeChart] = []
        self._holders: list[QWidget] = []
        self._slots: list[tuple[OutcomeChart, QPushButton]] = []
        self.message = QLabel("Choose a school to see its outcomes.")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._body = QWidget()
        self._rows = QVBoxLayout(self._body)
        self._rows.addWidget(self.message)
        self._rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def load(self, school_id: str) -> None:
        self.school_id = school_id
        self.message.setText("Loading outcomes…")
        Op(self, load_outcome_series, self.store, school_id).success(
            lambda series: self._show(school_id, series)
        ).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(f"The outcomes could not be loaded: {exc}")
        self.message.show()
        self.loaded.emit()

    def _slot(self, n: int) -> tuple[OutcomeChart, QPushButton]:
        """The n-th chart with its save button, made once and reused for every school
        (deleting charts while the view lives proved fragile under PySide)."""
        if n < len(self._slots):
            return self._slots[n]
        chart = OutcomeChart()
        chart.setMinimumHeight(300)
        save = QPushButton("Save as PNG…")
        save.clicked.connect(lambda _=False, i=n: self._save_one(i))
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(save)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 12)
        box.addWidget(chart)
        box.addLayout(bar)
        self._rows.insertWidget(1 + n, holder, 1)  # charts share the height between them
        self._slots.append((chart, save))
        self._holders.append(holder)
        return chart, save

    def _show(self, school_id: str, series: list[OutcomeSeries]) -> None:
        if school_id != self.school_id:
            return  # another school was chosen meanwhile
        self.message.setVisible(not series)
        self.message.setText(
            "No agreed outcomes yet. Outcomes and their measures of success are agreed in "
            "stage 1; record results against them to see progress here."
        )
        self.charts = []
        for n, s in enumerate(series):
            chart, save = self._slot(n)
            chart.set_series(s)
            save.setAccessibleName(f"Save the chart of {s.description} as a picture")
            self.charts.append(chart)
        for n, holder in enumerate(self._holders):
            holder.setVisible(n < len(series))
        # The closing stretch only pushes the message up; with charts it would take a share
        # of the height and leave most of the view empty under a single chart.
        self._rows.setStretch(self._rows.count() - 1, 0 if series else 1)
        self.loaded.emit()

    def _file_name(self, chart: OutcomeChart, n: int) -> str:
        title = chart.series.description if chart.series else "Outcome"
        return f"{n:02d} {safe_name(title)[:80]}.png"

    def _save_one(self, n: int) -> None:
        chart = self.charts[n]
        name = self._file_name(chart, n + 1)
        path, _ = QFileDialog.getSaveFileName(
            self, "Save chart as a picture", str(Path.home() / name), "PNG pictures (*.png)"
        )
        if path:
            chart.save_png(path if path.lower().endswith(".png") else f"{path}.png")

    def save_pngs(self, folder: Path) -> list[Path]:
        """Every chart of the school as a PNG in ``folder``; returns the files written."""
        return [
            chart.save_png(folder / self._file_name(chart, n), chart.sizeHint())
            for n, chart in enumerate(self.charts, 1)
        ]
