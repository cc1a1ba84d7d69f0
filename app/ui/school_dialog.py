"""Adding a school: its details from the School model's fields, checked before saving."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.models import School
from app.services.editing import check_values, default_values, form_fields
from app.ui.workspace.field_form import FieldForm

NEW_SCHOOL_FIELDS = ("notes",)  # left for the workspace; the rest is asked here


class SchoolDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New school")
        self.form = FieldForm(form_fields(School, exclude=NEW_SCHOOL_FIELDS))
        self.form.set_values(default_values(School))
        self.form.edited.connect(self._check_one)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add school")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        intro = QLabel(
            "Only the name is needed now; everything else can be filled in later. "
            "The school's partnership starts at stage 1."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.resize(620, 480)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.form.values().items() if v not in ("", None)}

    def _check_one(self, name: str) -> None:
        errors = check_values(School, {name: self.form.value(name)})
        self.form.show_error(name, str(errors[0]) if errors else None)

    def show_errors(self, errors: list[Any]) -> None:
        self.form.clear_errors()
        for error in errors:
            self.form.show_error(error.field, str(error))

    def try_accept(self) -> None:
        values = {**self.form.values()}
        errors = check_values(School, values)
        if errors:
            self.show_errors(errors)
            return
        self.accept()
