"""A form generated from the FieldSpec on each column, so no label is typed twice.

Each field gets the widget its kind calls for, its label (with * when required), its help
as a tooltip, and an error line underneath that names the field and the rule it breaks.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.models.vocabulary import Labelled
from app.services.editing import FormField
from lpc_core.formatting import format_nz_date, parse_nz_date

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #5f6368;"
LABEL_WIDTH = 180
MIN_LINES, MAX_LINES = 3, 12
LONG_LINE = 300  # text fields allowed this many characters get two lines, not one
NO_LINK = "(none)"

Editor = QLineEdit | QPlainTextEdit | QComboBox


def _fit_height(editor: QPlainTextEdit) -> None:
    """Grow with the text, from three lines to twelve, then scroll inside."""
    lines = max(int(editor.property("min_lines") or MIN_LINES), editor.document().lineCount())
    lines = min(MAX_LINES, lines)
    spacing = QFontMetrics(editor.font()).lineSpacing()
    editor.setFixedHeight(lines * spacing + 2 * editor.frameWidth() + 10)


def _tidy_date(editor: QLineEdit) -> None:
    """Show a date typed as 4/5/2026 or 2026-05-04 the NZ way once the officer moves on."""
    try:
        tidy = format_nz_date(parse_nz_date(editor.text()))
    except ValueError:
        return  # the error line under the field already says what is wrong
    if tidy != editor.text():
        editor.setText(tidy)


class FieldForm(QWidget):
    """``edited(name)`` fires on every change a person makes; setting values does not."""

    edited = Signal(str)

    def __init__(
        self,
        fields: Sequence[FormField],
        links: Sequence[tuple[str, str, bool]] = (),
        hints: dict[str, str] | None = None,
        headings: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``headings`` names a field a heading goes above: a long form in parts."""
        super().__init__(parent)
        self.fields = {f.name: f for f in fields}
        self._editors: dict[str, Editor] = {}
        self._errors: dict[str, QLabel] = {}
        self._rows: dict[str, int] = {}  # where each field sits, for a button beside it
        self._loading = False
        self._grid = grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        grid.setColumnStretch(1, 1)
        row = 0
        # Links (which aim a response serves) come first: they frame the rest.
        for name, label, required in links:
            combo = QComboBox()
            combo.setAccessibleName(label)
            if not required:
                combo.addItem(NO_LINK, None)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._changed(n))
            row = self._place(grid, row, name, label, required, "", combo)
        for f in fields:
            if f.name in (headings or {}):
                heading = QLabel(f"<b>{(headings or {})[f.name]}</b>")
                heading.setAccessibleName((headings or {})[f.name])
                heading.setContentsMargins(0, 10, 0, 2)
                grid.addWidget(heading, row, 0, 1, 2)
                row += 1
            editor = self._make_editor(f)
            hint = (hints or {}).get(f.name, "")
            row = self._place(grid, row, f.name, f.spec.label, f.spec.required, hint, editor)
        grid.setRowStretch(row, 1)

    # -- building --------------------------------------------------------------------------
    def _make_editor(self, f: FormField) -> Editor:
        spec = f.spec
        editor: Editor
        if spec.kind == "long_text" or (spec.kind == "text" and (spec.max_len or 0) >= LONG_LINE):
            editor = QPlainTextEdit()
            editor.setProperty("min_lines", MIN_LINES if spec.kind == "long_text" else 2)
            editor.setTabChangesFocus(True)  # Tab moves on, as in every other field
            editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            editor.setPlaceholderText(spec.help)
            editor.textChanged.connect(lambda n=f.name: self._changed(n))
            editor.textChanged.connect(lambda e=editor: _fit_height(e))
            _fit_height(editor)
        elif spec.kind == "choice":
            editor = QComboBox()
            if not spec.required:
                editor.addItem("", None)
            for member in spec.choices or ():
                label = member.label if isinstance(member, Labelled) else str(member)
                editor.addItem(label, member.value)
            editor.currentIndexChanged.connect(lambda _i, n=f.name: self._changed(n))
        else:
            editor = QLineEdit()
            if spec.max_len:
                editor.setMaxLength(spec.max_len)
            if spec.kind == "date":
                editor.setPlaceholderText("dd/mm/yyyy")
                editor.setMaximumWidth(160)
                editor.editingFinished.connect(lambda e=editor: _tidy_date(e))
            elif spec.kind in ("int", "float"):
                editor.setPlaceholderText(spec.help or spec.allowed())
                editor.setMaximumWidth(320)
            else:
                editor.setPlaceholderText(spec.help)
            editor.textEdited.connect(lambda _t, n=f.name: self._changed(n))
        editor.setAccessibleName(spec.label)
        if spec.help:
            editor.setAccessibleDescription(spec.help)
            editor.setToolTip(spec.help)
        return editor

    def _place(
        self,
        grid: QGridLayout,
        row: int,
        name: str,
        label: str,
        required: bool,
        hint: str,
        editor: Editor,
    ) -> int:
        text = f"{label} *" if required else label
        if hint:
            text += f"<br><span style='{HINT_STYLE} font-size: small'>{hint}</span>"
        caption = QLabel(text)
        caption.setWordWrap(True)
        caption.setBuddy(editor)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        caption.setMaximumWidth(LABEL_WIDTH + 40)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setAccessibleName(f"Problem with {label}")
        error.hide()
        grid.addWidget(caption, row, 0)
        grid.addWidget(editor, row, 1)
        grid.addWidget(error, row + 1, 1)
        self._editors[name] = editor
        self._errors[name] = error
        self._rows[name] = row
        return row + 2

    def add_button(self, name: str, text: str) -> QPushButton:
        """A button beside a field, for an action on its value (the caller connects it)."""
        button = QPushButton(text)
        button.setAccessibleName(text)
        self._grid.addWidget(button, self._rows[name], 2, Qt.AlignmentFlag.AlignTop)
        QWidget.setTabOrder(self._editors[name], button)  # Tab reaches it after its field
        return button

    # -- values ----------------------------------------------------------------------------
    def _changed(self, name: str) -> None:
        if not self._loading:
            self.edited.emit(name)

    def names(self) -> list[str]:
        return list(self._editors)

    def editor(self, name: str) -> Editor:
        return self._editors[name]

    def value(self, name: str) -> str | None:
        editor = self._editors[name]
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QComboBox):
            data = editor.currentData()
            return None if data is None else str(data)
        return editor.text()

    def values(self) -> dict[str, str | None]:
        return {name: self.value(name) for name in self._editors}

    def set_values(self, values: dict[str, str | None], keep: set[str] | None = None) -> None:
        """Show stored values, leaving alone the fields in ``keep`` (typed, not yet saved)."""
        self._loading = True
        try:
            for name, value in values.items():
                if name in self._editors and name not in (keep or set()):
                    self._set(name, value)
        finally:
            self._loading = False

    def _set(self, name: str, value: str | None) -> None:
        editor = self._editors[name]
        if isinstance(editor, QPlainTextEdit):
            if editor.toPlainText() != (value or ""):
                editor.setPlainText(value or "")
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            editor.setCurrentIndex(max(index, 0))
        elif editor.text() != (value or ""):
            editor.setText(value or "")

    def set_link_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        combo = self._editors.get(name)
        if not isinstance(combo, QComboBox):
            return
        self._loading = True
        try:
            current = combo.currentData()
            optional = combo.count() > 0 and combo.itemData(0) is None
            combo.clear()
            if optional:
                combo.addItem(NO_LINK, None)
            for row_id, title in choices:
                combo.addItem(title, row_id)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        finally:
            self._loading = False

    def type_into(self, name: str, text: str) -> None:
        """Replace a field's text as typing would (signals fire); for choices, pick by label."""
        editor = self._editors[name]
        if isinstance(editor, QComboBox):
            index = editor.findText(text)
            if index < 0:
                index = editor.findData(text)
            if index < 0:
                raise ValueError(f"{text!r} is not one of the choices for {name}")
            editor.setCurrentIndex(index)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        else:
            editor.setText(text)
            editor.textEdited.emit(text)

    # -- errors ----------------------------------------------------------------------------
    def show_error(self, name: str, message: str | None) -> None:
        label = self._errors.get(name)
        if label is None:
            return
        label.setText(message or "")
        label.setVisible(bool(message))

    def error_text(self, name: str) -> str:
        label = self._errors.get(name)
        return label.text() if label is not None and label.isVisibleTo(self) else ""

    def clear_errors(self) -> None:
        for name in self._errors:
            self.show_error(name, None)
