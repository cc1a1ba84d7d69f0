"""A community organisation's form shows its kind and offers every kind the vocabulary has."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import CommunityOrganisation
from app.models.vocabulary import OrganisationKind
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.sections import SCHOOL_PAGE
from tests.services.helpers import add_school
from tests.ui.windows import main_window, open_workspace


def test_organisation_form_shows_and_offers_each_kind(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        uow.add(
            CommunityOrganisation,
            school_id=school_id,
            name="Awa District Council",
            kind=OrganisationKind.COUNCIL.value,
            purpose="Trains the crossing patrol",
        )
    window = main_window(qtbot, store, app_paths)
    ws = open_workspace(qtbot, window, school_id)
    ws.show_page(SCHOOL_PAGE, "Community organisations")
    section = ws.section(SCHOOL_PAGE, "Community organisations")
    assert isinstance(section, ListEditor)
    form = section.editor.form
    qtbot.waitUntil(lambda: form.value("name") == "Awa District Council", timeout=10_000)
    assert form.value("kind") == OrganisationKind.COUNCIL.value
    box = form.editor("kind")
    assert isinstance(box, QComboBox)
    assert [box.itemText(i) for i in range(box.count())][-5:] == [
        "Iwi / marae", "Social service", "Health", "Council", "Other"
    ]  # fmt: skip
    window.grab().save(str(output_dir / "organisation_kind.png"))
