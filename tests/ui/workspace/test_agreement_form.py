"""The agreement's form is in the parts its document has: a heading above the
information-sharing protocol, the serious-offending protocol and who signs, and the
signatories' fields filled from the store under it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import PartnershipAgreement
from app.models.stage1 import DEFAULT_LEGAL_BASIS
from app.services.store import Store
from app.ui.workspace.document_section import AgreementSection, DocumentSection
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


DISTRICT_WORDING = (
    "Shared under the Privacy Act 2020 and the Awa District information-sharing protocol "
    "agreed with the Ministry of Education."
)


def _stored_legal_basis(store: Store, row_id: str) -> str:
    with store.session() as session:
        agreement = session.get(PartnershipAgreement, row_id)
        assert agreement is not None
        return agreement.sharing_legal_basis


def test_a_new_agreement_takes_the_districts_legal_basis_and_offers_it_again(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    school_id = add_school(store)
    window = main_window(qtbot, store, app_paths)
    window.settings.update(legal_basis=DISTRICT_WORDING)
    ws = open_workspace(qtbot, window, school_id)
    ws.show_page(1, "Partnership agreement")
    section = ws.section(1, "Partnership agreement")
    assert isinstance(section, AgreementSection)
    qtbot.waitUntil(lambda: section.start_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(section.editor.loaded, timeout=10_000):
        section.start_button.click()
    form = section.editor.form
    row_id = section.editor.row_id
    assert row_id is not None
    assert form.value("sharing_legal_basis") == DISTRICT_WORDING
    assert _stored_legal_basis(store, row_id) == DISTRICT_WORDING

    # The officer words it for this school; the district later changes its wording.
    officer_text = "Privacy Act 2020 principle 11, as agreed with the tumuaki."
    form.type_into("sharing_legal_basis", officer_text)
    qtbot.waitUntil(lambda: _stored_legal_basis(store, row_id) == officer_text, timeout=10_000)
    window.settings.update(legal_basis=DISTRICT_WORDING.replace("Awa", "Kōtuku"))
    with qtbot.waitSignal(section.editor.loaded, timeout=10_000):
        section.editor.load(row_id)
    assert form.value("sharing_legal_basis") == officer_text  # never replaced unasked
    button = section.use_district
    assert button.text() == "Use the district's wording" and button.isVisibleTo(ws)
    form.editor("sharing_legal_basis").setFocus()
    _picture_of_legal_basis(qtbot, window, output_dir / "agreement_legal_basis.png")

    button.click()  # asked: the district's current wording, saved like typing
    reworded = DISTRICT_WORDING.replace("Awa", "Kōtuku")
    assert form.value("sharing_legal_basis") == reworded
    qtbot.waitUntil(lambda: _stored_legal_basis(store, row_id) == reworded, timeout=10_000)
    # With no district wording set, the button offers the app's own.
    window.settings.update(legal_basis="")
    button.click()
    assert form.value("sharing_legal_basis") == DEFAULT_LEGAL_BASIS


def _picture_of_legal_basis(qtbot: QtBot, window: QWidget, path: Path) -> None:
    qtbot.wait(50)
    window.grab().save(str(path))
