"""Preferences: the officer's name, the idle lock, the district's template folder and its
wording of the legal basis for sharing information.

The name is what the audit trail records against each change (without it, the sync user
name or the computer login). The template folder is how a district administrator points
the app at district templates; "Check templates" runs the checker the export itself uses,
so what it reports is what an export would do. The legal basis is what a new agreement's
information-sharing protocol starts with; agreements already made keep their own.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.config import AppSettings, audit_actor
from app.services.unlock_pin import PIN_LABEL, PIN_MIN, hash_pin, parse_pin
from app.ui.ops import Op

if TYPE_CHECKING:
    from app.services.export.district import TemplateChoice
    from app.ui.placeholders_dialog import PlaceholdersDialog

IDLE_MAX_MINUTES = 240
ERROR_STYLE = "color: #b3261e;"
NAME_LABEL = "Your name"
IDLE_LABEL = "Lock when idle for"
FOLDER_LABEL = "District template folder"
LEGAL_BASIS_LABEL = "Legal basis for sharing"
HINT = (
    "<p style='color: #5f6368'>A district can use its own versions of the five document "
    "templates, named like the built-in ones. <b>Check templates</b> lists, for each "
    "document, any unknown or misspelt placeholders and where they are, or that the "
    "built-in template is used.</p>"
)


def check_templates(folder: Path) -> list[TemplateChoice]:
    """What an export would use for each document, and why."""
    # Imported here: python-docx and Jinja are not needed to show the window at start-up.
    from app.services.export.district import choose_template
    from app.templates.fields import DocumentKind

    return [choose_template(kind, folder) for kind in DocumentKind]


def parse_idle_minutes(text: str) -> int:
    """Minutes from what was typed; raises ValueError with a message naming the field."""
    rule = f"must be a whole number of minutes from 0 (off) to {IDLE_MAX_MINUTES}"
    try:
        minutes = int(text.strip())
    except ValueError:
        raise ValueError(f"{IDLE_LABEL}: “{text.strip()}” {rule}") from None
    if not 0 <= minutes <= IDLE_MAX_MINUTES:
        raise ValueError(f"{IDLE_LABEL}: {minutes} is out of range; it {rule}")
    return minutes


def report_html(folder: Path, choices: list[TemplateChoice]) -> str:
    items = []
    for choice in choices:
        title = f"<b>{escape(choice.kind.info.title)}</b>"
        check = choice.check
        if choice.is_district:
            items.append(f"<li>{title}: uses the district template {escape(choice.path.name)}")
        elif check is None:
            items.append(f"<li>{title}: uses the built-in template (no district file)</li>")
        else:
            problems = "".join(f"<li>{escape(str(p))}</li>" for p in check.problems)
            items.append(
                f"<li>{title}: {escape(check.path.name)} has {len(check.problems)} "
                f"problem(s), so the built-in template is used instead<ul>{problems}</ul></li>"
            )
    return f"<p>Templates in {escape(str(folder))}:</p><ul>{''.join(items)}</ul>"


class PreferencesDialog(QDialog):
    """``saved(Settings)`` once the settings file has been written; ``checked`` when a
    template check has been reported."""

    saved = Signal(object)
    checked = Signal()

    def __init__(self, app_settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_settings = app_settings
        self.settings = settings = app_settings.get()
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(620)

        self.name_edit = QLineEdit(settings.officer_name)
        self.name_edit.setAccessibleName(NAME_LABEL)
        fallback = audit_actor(replace(settings, officer_name=""))
        self.name_edit.setPlaceholderText(
            f"e.g. Const. Aroha Ngata (blank: recorded as {fallback})" if fallback else ""
        )
        self.idle_edit = QLineEdit(str(settings.idle_lock_minutes))
        self.idle_edit.setAccessibleName(IDLE_LABEL)
        self.idle_edit.setMaximumWidth(70)
        idle_row = QHBoxLayout()
        idle_row.addWidget(self.idle_edit)
        idle_row.addWidget(QLabel("minutes (0 turns the idle lock off)"), 1)
        pin_row = self._pin_row(bool(settings.unlock_pin_hash))

        self.folder_edit = QLineEdit(settings.template_dir)
        self.folder_edit.setAccessibleName(FOLDER_LABEL)
        self.folder_edit.setPlaceholderText("None: the built-in templates are used")
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.clicked.connect(self._choose_folder)
        self.check_button = QPushButton("&Check templates")
        self.check_button.clicked.connect(self.check)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        folder_row.addWidget(self.check_button)
        self.placeholders_button = QPushButton("&Placeholders…")
        self.placeholders_button.setToolTip(
            "The placeholders a template may use: meaning, source and which templates use each"
        )
        self.placeholders_button.clicked.connect(self.show_placeholders)
        self.placeholders_dialog: PlaceholdersDialog | None = None
        folder_row.addWidget(self.placeholders_button)
        self.legal_basis_edit = QPlainTextEdit(settings.legal_basis)
        self.legal_basis_edit.setAccessibleName(LEGAL_BASIS_LABEL)
        self.legal_basis_edit.setTabChangesFocus(True)
        self.legal_basis_edit.setFixedHeight(76)
        self.legal_basis_edit.setPlaceholderText(
            "Blank: the app's wording, which names the Privacy Act 2020"
        )
        self.report = QTextBrowser()
        self.report.setAccessibleName("Template check")
        self.report.setHtml(HINT)

        self.errors = {name: QLabel() for name in ("name", "idle", "pin", "folder", "legal_basis")}
        for label in self.errors.values():
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
            label.hide()
        form = QFormLayout()
        form.addRow(f"{NAME_LABEL}:", self.name_edit)
        form.addRow("", QLabel("<small>Each change you make is recorded under this name.</small>"))
        form.addRow("", self.errors["name"])
        form.addRow(f"{IDLE_LABEL}:", idle_row)
        form.addRow("", self.errors["idle"])
        form.addRow(f"{PIN_LABEL}:", pin_row)
        form.addRow("", self.errors["pin"])
        form.addRow(f"{LEGAL_BASIS_LABEL}:", self.legal_basis_edit)
        form.addRow(
            "",
            QLabel(
                "<small>The district's wording for new agreements' information-sharing "
                "protocol; agreements already made keep their own.</small>"
            ),
        )
        form.addRow("", self.errors["legal_basis"])
        form.addRow(f"{FOLDER_LABEL}:", folder_row)
        form.addRow("", self.errors["folder"])

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)

    # -- templates -----------------------------------------------------------------------
    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "District template folder", self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)
            self.check()

    def show_placeholders(self) -> None:
        """The field registry, read-only, beside the folder it helps to fill."""
        # Imported here: the registry loads the models, not needed to open Preferences.
        from app.ui.placeholders_dialog import PlaceholdersDialog

        if self.placeholders_dialog is None:
            self.placeholders_dialog = PlaceholdersDialog(self)
        self.placeholders_dialog.show()
        self.placeholders_dialog.raise_()

    def _folder(self) -> Path | None:
        """The typed folder, None when blank; marks the field when it is not a folder."""
        text = self.folder_edit.text().strip()
        folder = Path(text).expanduser() if text else None
        problem = "" if folder is None or folder.is_dir() else f"{FOLDER_LABEL}: no such folder"
        self._show_error("folder", problem)
        return folder

    def check(self) -> None:
        folder = self._folder()
        if self.errors["folder"].text():
            self.report.setHtml(HINT)
            return
        if folder is None:
            self.report.setHtml("<p>No folder set: every document uses the built-in template.</p>")
            self.checked.emit()
            return
        self.check_button.setEnabled(False)
        self.report.setHtml("<p>Checking…</p>")
        # Not the store's worker: reading Word files must never hold up a save.
        Op(self, check_templates, folder).in_background().success(
            lambda choices: self._show_report(folder, choices)
        ).failure(self._check_failed).run()

    def _show_report(self, folder: Path, choices: list[TemplateChoice]) -> None:
        self.check_button.setEnabled(True)
        self.report.setHtml(report_html(folder, choices))
        self.checked.emit()

    def _check_failed(self, exc: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.report.setHtml(f"<p>The templates could not be checked: {escape(str(exc))}</p>")
        self.checked.emit()

    # -- unlock PIN ----------------------------------------------------------------------
    def _pin_row(self, is_set: bool) -> QHBoxLayout:
        """A new PIN for the lock screen (only its hash is saved), or removing the one set."""
        self.pin_edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.pin_edit.setAccessibleName(PIN_LABEL)
        self.pin_edit.setMaximumWidth(110)
        self.pin_edit.setPlaceholderText("set: type to change" if is_set else "none")
        self.pin_clear = QCheckBox("&Remove the PIN")
        self.pin_clear.setVisible(is_set)
        row = QHBoxLayout()
        row.addWidget(self.pin_edit)
        row.addWidget(QLabel(f"at least {PIN_MIN} digits; the lock screen asks for it"), 1)
        row.addWidget(self.pin_clear)
        return row

    def _pin_change(self) -> dict[str, str] | None:
        """The setting to save: a new hash, "" to remove, nothing if left blank; None (with
        the field marked) when what was typed is not a PIN."""
        typed = self.pin_edit.text()
        try:
            new = hash_pin(parse_pin(typed)) if typed.strip() else None
        except ValueError as exc:
            self._show_error("pin", str(exc))
            return None
        self._show_error("pin", "")
        if new is None and not self.pin_clear.isChecked():
            return {}
        return {"unlock_pin_hash": new or ""}

    # -- saving --------------------------------------------------------------------------
    def _legal_basis(self) -> str | None:
        """The wording to save ("" for the app's own); None, with the field marked, when it
        is longer than an agreement's field may hold."""
        from app.models.base import LONG_TEXT  # the models: only when saving

        text = self.legal_basis_edit.toPlainText().strip()
        too_long = len(text) > LONG_TEXT
        self._show_error(
            "legal_basis",
            f"{LEGAL_BASIS_LABEL}: at most {LONG_TEXT:,} characters" if too_long else "",
        )
        return None if too_long else text

    def _show_error(self, name: str, message: str) -> None:
        self.errors[name].setText(message)
        self.errors[name].setVisible(bool(message))

    def save(self) -> None:
        try:
            minutes = parse_idle_minutes(self.idle_edit.text())
            self._show_error("idle", "")
        except ValueError as exc:
            minutes = -1
            self._show_error("idle", str(exc))
        folder = self._folder()
        pin_change = self._pin_change()
        legal_basis = self._legal_basis()
        if minutes < 0 or self.errors["folder"].text() or pin_change is None or legal_basis is None:
            return
        try:
            new = self.app_settings.update(
                officer_name=" ".join(self.name_edit.text().split()),
                idle_lock_minutes=minutes,
                **pin_change,
                template_dir=str(folder) if folder is not None else "",
                legal_basis=legal_basis,
            )
        except OSError as exc:
            self._show_error("name", f"The preferences could not be saved: {exc}")
            return
        self.settings = new
        self.saved.emit(new)
        self.accept()
