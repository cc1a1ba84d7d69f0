"""The district dashboard says which schools' agreements have a signed copy attached
(issue 16): the same rule as the workspace's agreement tab, and gone with the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.models import PartnershipAgreement
from app.models.vocabulary import AttachmentKind
from app.services.attachments import add_attachment, remove_attachment
from app.services.dashboard import load_statuses
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.workspace import workspace_state
from app.ui.dashboard import DashboardView
from app.ui.dashboard_table import COLUMNS
from tests.services import attachment_files as f
from tests.services.helpers import add_school

SIGNED = COLUMNS.index("Signed agreement")


def _cell(view: DashboardView, school: str) -> tuple[str, str]:
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, 0).data() == school:
            index = view.proxy.index(row, SIGNED)
            return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)
    raise AssertionError(f"{school} is not on the dashboard")


def test_the_dashboard_shows_a_signed_copy_attached(
    qtbot: QtBot, store: Store, tmp_path: Path, output_dir: Path
) -> None:
    signed = add_school(store, "Kōwhai Grove School")
    unsigned = add_school(store, "Te Kura o Tūī")
    for school in (signed, unsigned):
        with UnitOfWork(store) as uow:
            uow.add(PartnershipAgreement, school_id=school, agreed_on=date(2026, 3, 12))
    scan = f.write(tmp_path, "Signed agreement.pdf", f.PDF)
    row_id = add_attachment(
        store, "Const. Aroha Ngata", signed, scan, kind=AttachmentKind.SIGNED_AGREEMENT
    )
    add_attachment(store, "Const. Aroha Ngata", unsigned, scan, kind=AttachmentKind.MINUTES)

    statuses = {s.name: s.signed_copy for s in load_statuses(store)}
    assert statuses == {"Kōwhai Grove School": True, "Te Kura o Tūī": False}
    assert workspace_state(store, signed).signed_copy_attached  # the same rule

    view = DashboardView(store)
    qtbot.addWidget(view)
    view.resize(1500, 700)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.refresh()
    assert _cell(view, "Kōwhai Grove School") == (
        "Signed copy attached",
        "A signed copy of the agreement is in the school's Attachments",
    )
    assert _cell(view, "Te Kura o Tūī") == ("—", None)
    view.table.scrollTo(view.proxy.index(0, SIGNED))
    view.grab().save(str(output_dir / "dashboard_signed_copy.png"))

    remove_attachment(store, "Const. Aroha Ngata", row_id)
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.refresh()
    assert _cell(view, "Kōwhai Grove School")[0] == "—"
