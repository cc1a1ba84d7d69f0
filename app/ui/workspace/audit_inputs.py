"""The needs audit's indicator fields: one labelled row per figure or choice, in a
scrolling group, each telling the form when it changes so the suggested level follows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.models import NeedsAudit, spec_of
from app.services.needs_audit import INDICATOR_FIELDS


class AuditInputs(QGroupBox):
    """``inputs`` by field (the widget that takes the typing); ``hints`` beside figures."""

    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__("Indicators")
        self.inputs: dict[str, QWidget] = {}
        self.hints: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels above their fields: the labels say exactly what to count, so they are long.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.dateChanged.connect(changed)
        _row(form, "assessed_on", self.date)
        self.by = QLineEdit()
        _row(form, "assessed_by", self.by)
        for field in INDICATOR_FIELDS:
            widget = self._input(field, changed)
            _row(form, field, widget, self.inputs[field])
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(70)
        _row(form, "notes", self.notes)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        QVBoxLayout(self).addWidget(scroll)

    def _input(self, field: str, changed: Callable[[], None]) -> QWidget:
        """A choice as a list; a figure as a line with a hint beside it (its share)."""
        spec = spec_of(NeedsAudit, field)
        assert spec is not None
        if spec.kind == "choice" and spec.choices is not None:
            combo = QComboBox()
            for member in spec.choices:
                combo.addItem(member.label, member.value)  # type: ignore[attr-defined]
            combo.currentIndexChanged.connect(changed)
            self.inputs[field] = combo
            return combo
        line = QLineEdit(placeholderText="Not known")
        line.textChanged.connect(changed)
        hint = QLabel()
        hint.setStyleSheet("color: #5f6b7a;")
        self.hints[field] = hint
        widget = QWidget()
        widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        box = QHBoxLayout(widget)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(line, 1)
        box.addWidget(hint, 1)
        self.inputs[field] = line
        return widget


def _row(form: QFormLayout, field: str, widget: QWidget, entry: QWidget | None = None) -> None:
    """A labelled row; ``entry`` is what takes the typing when ``widget`` holds more."""
    spec = spec_of(NeedsAudit, field)
    assert spec is not None
    entry = entry or widget
    label = QLabel(spec.label + ":")
    label.setBuddy(entry)
    if spec.help:
        entry.setToolTip(spec.help)
        label.setToolTip(spec.help)
    entry.setAccessibleName(spec.label)
    form.addRow(label, widget)
