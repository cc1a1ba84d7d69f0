"""The agreement's form is in the parts its document has: a heading above the
information-sharing protocol, the serious-offending protocol and who signs, and the
signatories' fields filled from the store under it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QGridLayout, QLabel
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.services.store import Store
from app.ui.workspace.document_section import DocumentSection
from tests.services.helpers import add_school, fill_stage_one
from tests.ui.windows import main_window, open_workspace

TODAY = date(2026, 11, 24)


def test_agreement_form_has_a_heading_above_each_protocol_and_the_signatories(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    window = main_window(qtbot, store, app_paths)
    ws = open_workspace(qtbot, window, school_id)
    ws.show_page(1, "Partnership agreement")
    section = ws.section(1, "Partnership agreement")
    assert isinstance(section, DocumentSection)
    form = section.editor.form
    qtbot.waitUntil(
        lambda: form.value("supervisor_signatory") == "Sgt. Ana Te Rangi", timeout=10_000
    )
    grid = form.layout()
    assert isinstance(grid, QGridLayout)

    def row_of(widget: object) -> int:
        index = grid.indexOf(widget)  # type: ignore[arg-type]
        return grid.getItemPosition(index)[0]  # type: ignore[no-any-return]

    headings = {
        label.accessibleName(): row_of(label)
        for label in form.findChildren(QLabel)
        if label.text().startswith("<b>")
    }
    for heading, first_field in (
        ("Information-sharing protocol", "information_sharing"),
        ("Serious-offending protocol", "serious_offending_protocol"),
        ("Who signs", "school_signatory"),
    ):
        assert row_of(form.editor(first_field)) == headings[heading] + 1, heading
    assert form.value("school_signatory_role") == "Principal"
    window.grab().save(str(output_dir / "agreement_form.png"))
