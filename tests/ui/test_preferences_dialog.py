"""Preferences: name, idle lock and district templates, saved to the settings file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.config import AppPaths, AppSettings, Settings, load_settings, save_settings
from app.models.audit import AuditEntry
from app.services.store import Store
from app.templates.fields import DocumentKind
from app.ui.main_window import MainWindow
from app.ui.preferences_dialog import PreferencesDialog
from app.ui.privacy import PrivacyGuard
from tests.services.helpers import add_school
from tests.templates.district_copies import district_copy
from tests.ui.windows import main_window


def _settings(paths: AppPaths, settings: Settings) -> AppSettings:
    """The settings object the dialog edits, holding ``settings`` (written to the file
    only when they differ from it, so a test can see that nothing was saved)."""
    if settings != load_settings(paths):
        save_settings(paths, settings)
    return AppSettings(paths)


def _dialog(qtbot: QtBot, paths: AppPaths, settings: Settings) -> PreferencesDialog:
    dialog = PreferencesDialog(_settings(paths, settings))
    qtbot.addWidget(dialog)
    dialog.resize(760, 560)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _save(dialog: PreferencesDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    button.click()


def test_saves_name_idle_lock_and_folder_keeping_other_settings(
    qtbot: QtBot, app_paths: AppPaths, tmp_path: Path
) -> None:
    save_settings(app_paths, Settings(username="aroha.ngata"))
    dialog = _dialog(qtbot, app_paths, load_settings(app_paths))
    assert "aroha.ngata" in dialog.name_edit.placeholderText()  # who it falls back to
    assert dialog.idle_edit.text() == "10"
    # Meanwhile the sync settings dialog signs in to a server: that must survive.
    save_settings(app_paths, replace(load_settings(app_paths), server_url="http://127.0.0.1:9"))
    dialog.name_edit.setText("  Const.  Aroha Ngata ")
    dialog.idle_edit.setText("0")
    dialog.folder_edit.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.saved, timeout=5_000) as saved:
        _save(dialog)
    stored = load_settings(app_paths)
    assert (stored.officer_name, stored.idle_lock_minutes, stored.template_dir) == (
        "Const. Aroha Ngata",
        0,
        str(tmp_path),
    )
    assert stored.server_url == "http://127.0.0.1:9" and stored.username == "aroha.ngata"
    assert saved.args[0] == stored and not dialog.isVisible()


def test_out_of_range_idle_time_and_missing_folder_are_named_and_not_saved(
    qtbot: QtBot, app_paths: AppPaths, tmp_path: Path, output_dir: Path
) -> None:
    dialog = _dialog(qtbot, app_paths, Settings())
    dialog.idle_edit.setText("300")
    dialog.folder_edit.setText(str(tmp_path / "nowhere"))
    _save(dialog)
    assert dialog.isVisible()
    assert dialog.errors["idle"].text() == (
        "Lock when idle for: 300 is out of range; it must be a whole number of minutes "
        "from 0 (off) to 240"
    )
    assert dialog.errors["folder"].text() == "District template folder: no such folder"
    QApplication.processEvents()
    dialog.grab().save(str(output_dir / "preferences_errors.png"))
    dialog.idle_edit.setText("ten")
    dialog.folder_edit.clear()
    _save(dialog)
    assert dialog.errors["idle"].text().startswith("Lock when idle for: “ten” must be a whole")
    assert not dialog.errors["folder"].isVisible()
    assert not app_paths.settings_file.exists()  # nothing written while anything is wrong


def test_check_templates_lists_each_problem_and_where_it_is(
    qtbot: QtBot, app_paths: AppPaths, tmp_path: Path, output_dir: Path
) -> None:
    folder = tmp_path / "district"
    district_copy(folder, DocumentKind.ANNUAL_PLAN, {"{{ a.lead }}": "{{ a.leed }}"})
    district_copy(folder, DocumentKind.AGREEMENT, {})
    dialog = _dialog(qtbot, app_paths, Settings(template_dir=str(folder)))
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        dialog.check_button.click()
    report = dialog.report.toPlainText()
    lines = {line.split(":")[0]: line for line in report.splitlines() if ":" in line}
    agreement = DocumentKind.AGREEMENT.info.title
    plan = DocumentKind.ANNUAL_PLAN.info.title
    sara = DocumentKind.SARA.info.title
    assert "uses the district template" in lines[agreement]
    assert "1 problem(s), so the built-in template is used instead" in lines[plan]
    assert "table 6, row 3, column 6: “a.leed” is not a field of activities." in report
    assert "Did you mean “a.lead”?" in report
    assert lines[sara].endswith("uses the built-in template (no district file)")
    QApplication.processEvents()
    dialog.grab().save(str(output_dir / "preferences_template_check.png"))


def test_window_asks_for_a_name_opens_preferences_and_applies_them(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    school_id = add_school(store, "Awatea School")
    window = main_window(qtbot, store, app_paths)
    window.privacy_guard = PrivacyGuard(window, 600)
    assert window.name_banner.isVisible()
    assert "Set your name so your changes are recorded under it" in window.name_banner.label.text()
    QApplication.processEvents()
    window.grab().save(str(output_dir / "main_window_name_banner.png"))
    assert window.preferences_action.shortcut().toString() == "Ctrl+,"

    ws = window.open_school(school_id)
    assert ws is not None
    ws.show_page(0, "School details")
    qtbot.waitUntil(lambda: ws.details.form.value("name") == "Awatea School", timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.preferences
    assert isinstance(dialog, PreferencesDialog) and dialog.isVisible()
    dialog.name_edit.setText("Const. Aroha Ngata")
    dialog.idle_edit.setText("3")
    _save(dialog)
    assert not window.name_banner.isVisible()
    assert window.actor() == "Const. Aroha Ngata" and ws.details.actor() == "Const. Aroha Ngata"
    assert window.privacy_guard.idle_seconds == 180

    with qtbot.waitSignal(ws.details.saved, timeout=10_000):
        ws.details.form.type_into("phone", "09 555 0199")
    with store.session() as session:
        last = session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first()
        assert last is not None and last.actor == "Const. Aroha Ngata"
    window.close()
    again = MainWindow(app_paths)  # the next start remembers the name: no banner
    qtbot.addWidget(again)
    assert again.name_banner.isHidden() and again.actor() == "Const. Aroha Ngata"


def test_placeholders_lists_the_field_registry_with_search(
    qtbot: QtBot, app_paths: AppPaths, output_dir: Path
) -> None:
    from app.templates.fields import PLACEHOLDERS

    dialog = _dialog(qtbot, app_paths, load_settings(app_paths))
    assert dialog.placeholders_button.text() == "&Placeholders…"
    dialog.placeholders_button.click()
    shown = dialog.placeholders_dialog
    assert shown is not None and shown.isVisible()
    qtbot.waitExposed(shown)
    rows = shown.visible_rows()
    assert len(rows) == len(PLACEHOLDERS) > 100
    assert shown.count.text() == f"All {len(PLACEHOLDERS)} placeholders"
    assert [r[0] for r in rows] == list(PLACEHOLDERS)  # the registry's order
    by_name = {r[0]: r for r in rows}
    assert by_name["school.name"] == (
        "school.name",
        "School name",
        "School.name",
        "Partnership Agreement, School Profile, SARA Problem-Solving Plan, "
        "Annual Partnership Plan, School-wide Intervention Narrative",
        "{{ school.name }}",
    )
    assert by_name["activities[].lead"][3] == "Annual Partnership Plan"
    assert by_name["activities[].lead"][4] == (
        "{{ a.lead }} inside {%tr for a in activities %} … {%tr endfor %}"
    )
    # Read-only: no cell can be edited.
    index = shown.proxy.index(0, 1)
    assert not shown.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable
    shown.grab().save(str(output_dir / "placeholders.png"))

    shown.search.setText("SARA Problem")  # a document: its placeholders only
    sara = shown.visible_rows()
    expected = [p.name for p in PLACEHOLDERS.values() if DocumentKind.SARA in p.documents]
    assert sorted(r[0] for r in sara) == sorted(expected)
    assert shown.count.text() == f"{len(expected)} of {len(PLACEHOLDERS)} placeholders"
    shown.search.setText("plan_review")  # no such text anywhere
    assert shown.visible_rows() == []
    shown.search.setText("kāhui ako")  # macrons and any case
    assert [r[0] for r in shown.visible_rows()] == ["school.cluster"]
    shown.search.clear()
    assert len(shown.visible_rows()) == len(PLACEHOLDERS)


def test_the_districts_legal_basis_is_saved_trimmed_and_blank_means_the_apps_own(
    qtbot: QtBot, app_paths: AppPaths, output_dir: Path
) -> None:
    dialog = _dialog(qtbot, app_paths, Settings(officer_name="Const. Aroha Ngata"))
    assert dialog.legal_basis_edit.toPlainText() == ""
    assert "Privacy Act 2020" in dialog.legal_basis_edit.placeholderText()
    wording = "Shared under the Privacy Act 2020, as the Awa District protocol sets out."
    dialog.legal_basis_edit.setPlainText(f"  {wording}\n")
    dialog.grab().save(str(output_dir / "preferences_legal_basis.png"))
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        _save(dialog)
    assert load_settings(app_paths).legal_basis == wording
    assert load_settings(app_paths).officer_name == "Const. Aroha Ngata"

    again = _dialog(qtbot, app_paths, load_settings(app_paths))
    assert again.legal_basis_edit.toPlainText() == wording
    again.legal_basis_edit.setPlainText("x" * 20_001)
    _save(again)
    assert again.isVisible()  # refused: the field says why
    assert again.errors["legal_basis"].text() == (
        "Legal basis for sharing: at most 20,000 characters"
    )
    assert load_settings(app_paths).legal_basis == wording
    again.legal_basis_edit.setPlainText("   ")
    with qtbot.waitSignal(again.saved, timeout=5_000):
        _save(again)
    assert load_settings(app_paths).legal_basis == ""
