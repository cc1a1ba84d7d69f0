from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.config import AppPaths, AppSettings, load_settings
from app.services.export import ExportOptions, OverwritePolicy
from app.services.export.pdf import soffice_path
from app.services.export_targets import planned_files
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import NextYearChoices, start_next_year
from app.templates.fields import DOCUMENTS, DocumentKind
from app.ui import export_dialog
from app.ui.export_dialog import ExportDialog
from app.ui.ops import wait_for_all
from tests.services.helpers import add_school, fill_stage_one, fill_stage_three, fill_stage_two

TODAY = date.today()


def _schools(store: Store) -> list[str]:
    ids = []
    for name in ("Kōwhai Grove School", "Te Kura o Awa"):
        school_id = add_school(store, name)
        fill_stage_one(store, school_id, TODAY)
        fill_stage_two(store, school_id)
        fill_stage_three(store, school_id, TODAY)
        ids.append(school_id)
    return ids


class Opener:
    """Stands in for QDesktopServices.openUrl: records the folders it was asked to open."""

    def __init__(self) -> None:
        self.folders: list[str] = []

    def __call__(self, url: QUrl) -> bool:
        self.folders.append(url.toLocalFile())
        return True


@pytest.fixture
def make_dialog(qtbot: QtBot, store: Store, app_paths: AppPaths, tmp_path: Path) -> Iterator[Any]:
    made: list[ExportDialog] = []

    def make(school_ids: list[str], out: Path | None = None) -> ExportDialog:
        dialog = ExportDialog(store, AppSettings(app_paths), school_ids)
        dialog.open_url = Opener()  # never a real file manager in tests
        qtbot.addWidget(dialog)
        dialog.folder.setText(str(out or tmp_path / "exports"))
        made.append(dialog)
        return dialog

    yield make
    for dialog in made:
        if dialog.task is not None:
            dialog.task.cancel()
    wait_for_all()


def _run(qtbot: QtBot, dialog: ExportDialog) -> None:
    """Click Export and wait until the export has finished (or stopped)."""
    dialog.export_result = None
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=60_000)


def test_exports_two_schools_by_five_documents(
    qtbot: QtBot,
    store: Store,
    app_paths: AppPaths,
    tmp_path: Path,
    make_dialog: Any,
    output_dir: Path,
) -> None:
    ids = _schools(store)
    out = tmp_path / "exports"
    dialog = make_dialog(ids, out)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: "Kōwhai Grove School, Te Kura o Awa" in dialog.heading.text())
    dialog.include_empty.setChecked(True)  # the narratives are not written yet
    titles = [box.accessibleName() for box in dialog.doc_boxes.values()]
    assert titles == [info.title for info in DOCUMENTS.values()]
    assert dialog.summary.text() == "10 Word documents will be saved."
    dialog.grab().save(str(output_dir / "export_dialog.png"))
    assert dialog.open_when_done.isChecked()  # by default

    _run(qtbot, dialog)
    assert dialog.export_result is not None and not dialog.export_result.cancelled
    files = sorted(out.glob("*.docx"))
    assert len(files) == 10
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))
    agreement = (
        out / f"Te Kura o Awa - Partnership Agreement {TODAY.year} - {TODAY.isoformat()}.docx"
    )
    text = "\n".join(p.text for p in docx.Document(str(agreement)).paragraphs)
    tables = docx.Document(str(agreement)).tables
    text += "\n".join(c.text for t in tables for r in t.rows for c in r.cells)
    assert "Te Kura o Awa" in text
    assert dialog.status.text().startswith(f"Saved 10 files in {out}.")
    assert load_settings(app_paths).export_dir == str(out)  # remembered
    dialog.grab().save(str(output_dir / "export_dialog_done.png"))

    assert dialog.open_url.folders == [str(out)]  # opened once the export finished

    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert dialog.open_url.folders == [str(out), str(out)]


def test_documents_with_nothing_recorded_are_left_out_and_listed(
    qtbot: QtBot, store: Store, tmp_path: Path, make_dialog: Any, output_dir: Path
) -> None:
    out = tmp_path / "out"
    dialog = make_dialog(_schools(store)[:1], out)  # stages 1 to 3: no narrative yet
    assert not dialog.include_empty.isChecked()  # by default
    assert dialog.summary.text() == (
        "Up to 5 Word documents will be saved; any with nothing recorded yet are left out."
    )
    _run(qtbot, dialog)
    assert len(list(out.glob("*.docx"))) == 4
    status = dialog.status.text()
    assert "Left out 1 document with nothing recorded yet" in status
    assert (
        "• Kōwhai Grove School, School-wide Intervention Narrative: no narrative, "
        "reflection or assessment of an aim recorded yet" in status
    )
    dialog.grab().save(str(output_dir / "export_dialog_left_out.png"))


def test_unticked_the_folder_is_not_opened(
    qtbot: QtBot, store: Store, tmp_path: Path, make_dialog: Any
) -> None:
    dialog = make_dialog(_schools(store)[:1], tmp_path / "out")
    for kind, box in dialog.doc_boxes.items():
        box.setChecked(kind is DocumentKind.PROFILE)
    dialog.open_when_done.setChecked(False)
    _run(qtbot, dialog)
    assert dialog.export_result is not None and len(dialog.export_result.written) == 1
    assert dialog.open_url.folders == []


def test_the_folder_opens_with_the_desktop_services_by_default(
    qtbot: QtBot, store: Store, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real opener is QDesktopServices.openUrl; swapped at the class, no file manager runs.
    asked: list[QUrl] = []
    monkeypatch.setattr(export_dialog.QDesktopServices, "openUrl", asked.append)
    dialog = ExportDialog(store, AppSettings(app_paths), [])
    qtbot.addWidget(dialog)
    dialog.folder.setText("/tmp/some exports")
    dialog.open_folder()
    assert [u.toString() for u in asked] == ["file:///tmp/some exports"]


def test_an_existing_file_is_asked_about_and_skipped(
    qtbot: QtBot, store: Store, tmp_path: Path, make_dialog: Any
) -> None:
    ids = _schools(store)
    out = tmp_path / "exports"
    out.mkdir()
    kinds = [DocumentKind.AGREEMENT, DocumentKind.ANNUAL_PLAN]
    existing = planned_files(store, ids, kinds, out)[3]
    existing.write_bytes(b"the officer's edited copy")
    dialog = make_dialog(ids, out)
    for kind, box in dialog.doc_boxes.items():
        box.setChecked(kind in kinds)
    asked: list[list[Path]] = []

    def answer(paths: list[Path]) -> OverwritePolicy:
        asked.append(paths)
        return OverwritePolicy.SKIP

    dialog.ask_existing = answer
    _run(qtbot, dialog)
    assert asked == [[existing]]
    assert existing.read_bytes() == b"the officer's edited copy"
    assert len(list(out.glob("*.docx"))) == 4
    assert "Skipped 1 file that already existed." in dialog.status.text()

    asked.clear()
    dialog.ask_existing = lambda paths: asked.append(paths) or OverwritePolicy.UNIQUE
    _run(qtbot, dialog)
    assert len(asked[0]) == 4  # everything exists now
    assert existing.read_bytes() == b"the officer's edited copy"
    assert len(list(out.glob("*(2).docx"))) == 4  # kept both

    dialog.ask_existing = lambda paths: None  # cancelled the question
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.status.text() == "Nothing was exported.")
    assert len(list(out.glob("*.docx"))) == 8


def test_cancel_stops_between_documents_leaving_whole_files(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    make_dialog: Any,
    monkeypatch: pytest.MonkeyPatch,
    output_dir: Path,
) -> None:
    ids = _schools(store)
    out = tmp_path / "exports"
    dialog = make_dialog(ids, out)
    real = export_dialog.export_schools
    release = threading.Event()

    def slow_export(
        store: Store, school_ids: list[str], options: ExportOptions, progress: Any, cancelled: Any
    ) -> Any:
        def report(done: int, total: int, message: str) -> None:
            progress(done, total, message)
            if done == 1:
                release.wait(30)  # hold here until the test has looked at the window
            if done == 3:  # about to write the fourth document
                assert dialog.task is not None
                dialog.task.cancel()  # thread-safe: it only sets a flag

        return real(store, school_ids, options, report, cancelled)

    monkeypatch.setattr(export_dialog, "export_schools", slow_export)
    dialog.export_button.click()
    assert dialog.progress is None  # not at once: only after about half a second
    qtbot.waitUntil(
        lambda: dialog.progress is not None and dialog.progress.isVisible(), timeout=5000
    )
    dialog.progress.grab().save(str(output_dir / "export_progress.png"))
    release.set()
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=60_000)
    assert dialog.export_result.cancelled
    files = list(out.iterdir())  # the fourth is finished, no fifth is started
    assert len(files) == 4
    for f in files:
        docx.Document(str(f))  # each one opens: complete, not half-written
    assert dialog.status.text().startswith("Export cancelled: 4 files saved")
    assert dialog.progress is None
    assert dialog.open_url.folders == []  # not after Cancel


def test_progress_cancel_button_asks_the_task_to_stop(
    qtbot: QtBot, store: Store, make_dialog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _schools(store)
    dialog = make_dialog(ids)
    release = threading.Event()

    def held(store: Store, ids: list[str], options: Any, progress: Any, cancelled: Any) -> Any:
        release.wait(30)
        from app.services.export import ExportResult

        return ExportResult(cancelled=cancelled())

    monkeypatch.setattr(export_dialog, "export_schools", held)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.progress is not None, timeout=5000)
    cancel = dialog.progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()
    assert dialog.task is not None and dialog.task.cancel_requested
    release.set()
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=10_000)
    assert dialog.export_result.cancelled


def test_pdf_option_is_disabled_with_the_reason_when_libreoffice_is_missing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, make_dialog: Any, output_dir: Path
) -> None:
    reason = "PDF export needs LibreOffice, which was not found on this computer."
    monkeypatch.setattr(export_dialog, "pdf_unavailable_reason", lambda: reason)
    dialog = make_dialog([])
    assert not dialog.pdf.isEnabled()
    assert dialog.pdf.toolTip() == reason
    assert not dialog.export_button.isEnabled()  # no schools, nothing to export
    monkeypatch.setattr(export_dialog, "pdf_unavailable_reason", lambda: None)
    assert make_dialog([]).pdf.isEnabled()


def test_an_unusable_folder_is_explained(
    qtbot: QtBot, store: Store, tmp_path: Path, make_dialog: Any
) -> None:
    ids = [add_school(store, "Kōwhai Grove School")]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    dialog = make_dialog(ids, blocker / "exports")
    dialog.export_button.click()
    assert dialog.status.text().startswith(f"The folder {blocker / 'exports'} cannot be used:")
    assert dialog.export_button.isEnabled()


@pytest.mark.slow
def test_pdf_copies_through_the_dialog(
    qtbot: QtBot, store: Store, tmp_path: Path, make_dialog: Any
) -> None:
    if soffice_path() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI but was not found")
        pytest.skip("LibreOffice is not installed here")
    ids = [add_school(store, "Kōwhai Grove School")]
    out = tmp_path / "exports"
    dialog = make_dialog(ids, out)
    for kind, box in dialog.doc_boxes.items():
        box.setChecked(kind is DocumentKind.AGREEMENT)
    assert dialog.pdf.isEnabled()
    dialog.pdf.setChecked(True)
    dialog.include_empty.setChecked(True)  # the school has no agreement yet
    assert dialog.summary.text() == "1 Word document will be saved, with a PDF copy."
    _run(qtbot, dialog)
    stem = f"Kōwhai Grove School - Partnership Agreement {TODAY.year} - {TODAY.isoformat()}"
    assert sorted(p.name for p in out.iterdir()) == [f"{stem}.docx", f"{stem}.pdf"]
    assert (out / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    assert dialog.status.text().startswith("Saved 2 files")


@pytest.mark.parametrize(
    ("button", "policy"),
    [
        ("Overwrite", OverwritePolicy.OVERWRITE),
        ("Keep both", OverwritePolicy.UNIQUE),
        ("Skip them", OverwritePolicy.SKIP),
        ("Cancel", None),
    ],
)
def test_the_question_about_existing_files(
    qtbot: QtBot,
    tmp_path: Path,
    make_dialog: Any,
    output_dir: Path,
    button: str,
    policy: OverwritePolicy | None,
) -> None:
    dialog = make_dialog([])
    paths = [tmp_path / f"Kōwhai Grove School - Document {n} - 2026-03-01.docx" for n in range(10)]
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text() + "\n" + box.informativeText())
        if button == "Skip them":
            box.grab().save(str(output_dir / "export_question.png"))
        chosen = next(b for b in box.buttons() if b.text() == button)
        chosen.click()

    QTimer.singleShot(0, answer)
    assert dialog._ask_existing(paths) == policy
    assert seen[0].startswith(f"10 files of this export already exist in {tmp_path}.")
    assert "…and 2 others\n\nKeep both saves the new copies" in seen[0]


def test_the_district_template_folder_from_preferences_is_used(
    qtbot: QtBot, store: Store, app_paths: AppPaths, tmp_path: Path
) -> None:
    from app.paths import templates_dir

    kind = DocumentKind.ANNUAL_PLAN
    district = tmp_path / "district-templates"
    district.mkdir()
    template = docx.Document(str(templates_dir() / kind.info.template_file))
    template.paragraphs[0].insert_paragraph_before("Te Awa Roa district edition")
    template.save(str(district / kind.info.template_file))

    ids = _schools(store)[:1]
    settings = AppSettings(app_paths)
    settings.update(template_dir=str(district))
    dialog = ExportDialog(store, settings, ids)
    dialog.open_url = Opener()
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    for other, box in dialog.doc_boxes.items():
        box.setChecked(other == kind)
    _run(qtbot, dialog)
    assert dialog.export_result is not None
    (written,) = dialog.export_result.written
    text = [p.text for p in docx.Document(str(written)).paragraphs]
    assert "Te Awa Roa district edition" in text
    wait_for_all()


def test_remembering_the_folder_keeps_a_sign_in_saved_meanwhile(
    qtbot: QtBot, store: Store, app_paths: AppPaths, tmp_path: Path, make_dialog: Any
) -> None:
    dialog = make_dialog(_schools(store)[:1], tmp_path / "out")
    # Sync signs in while the dialog is open (its Settings copy predates that).
    AppSettings(app_paths).update(server_url="https://district.example", username="aroha")
    for kind, box in dialog.doc_boxes.items():
        box.setChecked(kind == DocumentKind.AGREEMENT)
    _run(qtbot, dialog)
    saved = load_settings(app_paths)
    assert saved.export_dir == str(tmp_path / "out")
    assert (saved.server_url, saved.username) == ("https://district.example", "aroha")


def test_a_chosen_partnership_year_exports_that_years_documents_only(
    qtbot: QtBot, store: Store, tmp_path: Path, make_dialog: Any
) -> None:
    """One school rolled over into the next year, one in its first: choosing last year
    exports the first school's last-year documents and leaves the other out; the check
    for files already there looks for the same year's names."""
    last = TODAY.year - 1
    older = add_school(store, "Kōwhai Grove School", started_on=date(last, 2, 3))
    fill_stage_one(store, older, TODAY)
    with UnitOfWork(store) as uow:
        start_next_year(uow, older, NextYearChoices())
    newer = add_school(store, "Te Kura o Awa")
    out = tmp_path / "out"
    dialog = make_dialog([older, newer], out)
    qtbot.waitUntil(lambda: dialog.year.count() == 3)
    assert [dialog.year.itemText(i) for i in range(3)] == [
        "Each school's current year", str(TODAY.year), str(last),
    ]  # fmt: skip
    for kind, box in dialog.doc_boxes.items():
        box.setChecked(kind is DocumentKind.AGREEMENT)
    dialog.include_empty.setChecked(True)
    dialog.year.setCurrentIndex(2)
    assert dialog.chosen_year() == last
    assert f"schools without a {last} partnership year are left out" in dialog.summary.text()
    _run(qtbot, dialog)
    name = f"Kōwhai Grove School - Partnership Agreement {last} - {TODAY.isoformat()}.docx"
    assert sorted(p.name for p in out.glob("*.docx")) == [name]

    asked: list[list[Path]] = []
    dialog.ask_existing = lambda existing: asked.append(existing) or OverwritePolicy.SKIP
    _run(qtbot, dialog)
    assert asked == [[out / name]]  # last year's file is found as already there
