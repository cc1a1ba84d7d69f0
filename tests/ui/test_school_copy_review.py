"""Taking in a school's copy from the workspace: the review, the ticks, the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from app.models import PartnershipAgreement, Reflection, SchoolProfile
from app.services.records import load_school
from app.services.school_copy import send_school_copy
from app.services.store import Store
from app.ui.school_copy_dialog import SchoolCopyReviewDialog
from app.ui.workspace.school_workspace import SchoolWorkspace
from tests.services.school_copy.copies import (
    fill,
    open_docx,
    save,
    school_with_records,
    table,
)
from tests.ui.windows import workspace_alone

ACTOR = "Const. Aroha Ngata"


def _returned_copy(store: Store, school_id: str, folder: Path) -> tuple[Path, dict[str, str]]:
    sent, _ = send_school_copy(store, school_id, folder / "out")
    with store.session() as session:
        records = load_school(session, school_id)
        assert records.agreement and records.latest_profile and records.reflection
        ids = {
            "agreement": records.agreement.id,
            "profile": records.latest_profile.id,
            "reflection": records.reflection.id,
        }
    doc = open_docx(sent)
    fill(doc, "agreement.sharing_from_school", ids["agreement"], "Stand-down totals, monthly")
    fill(doc, "profile.stand_downs", ids["profile"], "14")
    fill(doc, "reflection.why_it_happened", ids["reflection"], "Parents asked for it")
    table(doc, "lpc:commitments").add_row().cells[0].text = "Host a termly hui with whānau"
    doc.add_paragraph("PS: our new principal starts in Term 2.")
    return save(doc, folder / "back.docx"), ids


def _drop(ws: SchoolWorkspace, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    ws.dropEvent(event)


def test_a_dropped_copy_is_reviewed_and_only_ticked_changes_are_stored(
    qtbot: QtBot, store: Store, tmp_path: Path, output_dir: Path
) -> None:
    school_id = school_with_records(store)
    path, ids = _returned_copy(store, school_id, tmp_path)
    ws = workspace_alone(qtbot, store, school_id)

    with qtbot.waitSignal(ws.school_copy.review_shown, timeout=10_000) as shown:
        _drop(ws, path)
    dialog: SchoolCopyReviewDialog = shown.args[0]
    qtbot.waitExposed(dialog)
    rows = [
        [dialog.table.item(r, c).text() for c in range(1, 5)]  # type: ignore[union-attr]
        for r in range(dialog.table.rowCount())
    ]
    assert rows == [
        ["Partnership Agreement", "Information sharing: what the school shares",
         "Stand-down totals, each term", "Stand-down totals, monthly"],
        ["School Profile", "Stand-downs this year", "(empty)", "14"],
        ["Reflection", "Why it happened", "(empty)", "Parents asked for it"],
        ["Partnership Agreement", "School commitment (row added)", "(empty)",
         "Host a termly hui with whānau"],
    ]  # fmt: skip
    assert dialog.outside.isVisible()
    assert "PS: our new principal starts in Term 2." in dialog.outside.toPlainText()
    assert dialog.accepted_numbers() == []  # nothing is ticked until the officer ticks it
    dialog.grab().save(str(output_dir / "school_copy_review.png"))
    ws.grab().save(str(output_dir / "workspace_with_copy_buttons.png"))

    dialog.set_ticked(1, True)
    dialog.set_ticked(4, True)
    with qtbot.waitSignal(ws.school_copy.finished, timeout=10_000) as told:
        dialog.accept()
    assert told.args == ["Changes stored"]
    with store.session() as session:
        agreement = session.get(PartnershipAgreement, ids["agreement"])
        profile = session.get(SchoolProfile, ids["profile"])
        reflection = session.get(Reflection, ids["reflection"])
        assert agreement and profile and reflection
        assert agreement.sharing_from_school == "Stand-down totals, monthly"
        assert agreement.school_commitments.endswith("Host a termly hui with whānau")
        assert profile.stand_downs is None and reflection.why_it_happened == ""


def test_the_workspace_says_the_copy_is_with_the_school(
    qtbot: QtBot, store: Store, tmp_path: Path, output_dir: Path
) -> None:
    school_id = school_with_records(store)
    ws = workspace_alone(qtbot, store, school_id)
    qtbot.waitUntil(lambda: ws.copy_status.text() == "", timeout=10_000)

    with qtbot.waitSignal(ws.school_copy.finished, timeout=10_000) as told:
        ws.school_copy.send(school_id, tmp_path)

    assert told.args == ["Copy ready to send"]
    assert len(list(tmp_path.glob("*.docx"))) == 1
    qtbot.waitUntil(lambda: "with the school since" in ws.copy_status.text())
    assert ws.copy_status.text().startswith("Partnership Agreement, School Profile, Reflection")
    assert "Partnership Agreement" in ws.copy_status.toolTip()
    ws.grab().save(str(output_dir / "workspace_copy_out.png"))


def test_another_schools_copy_dropped_on_a_workspace_is_refused(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    kowhai = school_with_records(store)
    rata = school_with_records(store, "Rātā Street School", 4321)
    path, _ = _returned_copy(store, kowhai, tmp_path)
    ws = workspace_alone(qtbot, store, rata)

    with qtbot.waitSignal(ws.school_copy.finished, timeout=10_000) as told:
        _drop(ws, path)

    assert told.args == ["This file cannot be taken in"]
    assert ws.school_copy.dialog is None


def test_a_copy_out_over_three_weeks_is_flagged_on_the_workspace(
    qtbot: QtBot, store: Store, tmp_path: Path, output_dir: Path
) -> None:
    school_id = school_with_records(store)
    long_ago = datetime.now(UTC) - timedelta(days=30)
    send_school_copy(store, school_id, tmp_path, now=long_ago)

    ws = workspace_alone(qtbot, store, school_id)

    qtbot.waitUntil(lambda: "over three weeks" in ws.copy_status.text(), timeout=10_000)
    assert "color:#a4262c" in ws.copy_status.text()
    ws.grab().save(str(output_dir / "workspace_copy_overdue.png"))
