"""Police services in the NZ operating model's tiers, driven as an officer would: added in
the workspace, shown in the schools list, and filtering the district dashboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import SchoolService
from app.models.vocabulary import ServiceTier
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.dashboard import DashboardView
from app.ui.school_table import COLUMNS
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.sections import SCHOOL_PAGE
from tests.services.helpers import add_school
from tests.ui.windows import main_window, open_workspace


def test_services_added_in_the_workspace_reach_the_list_and_the_dashboard(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    kowhai = add_school(store, "Kōwhai Grove School")
    rata = add_school(store, "Rātā Street School")
    with UnitOfWork(store) as uow:
        uow.add(SchoolService, school_id=rata, tier=ServiceTier.RELATIONSHIP.value)
    window = main_window(qtbot, store, app_paths)
    ws = open_workspace(qtbot, window, kowhai)
    ws.show_page(SCHOOL_PAGE, "Police services")
    services = ws.section(SCHOOL_PAGE, "Police services")
    assert isinstance(services, ListEditor)
    with qtbot.waitSignals([services.added, services.editor.loaded], timeout=10_000):
        services.add()
    form = services.editor.form
    assert form.value("tier") == ServiceTier.RELATIONSHIP.value  # every school has this one
    form.type_into("tier", "School traffic safety team")
    form.type_into("details", "Road patrol of Year 6 students, trained each term")
    form.type_into("started_on", "02/02/2026")
    qtbot.waitUntil(lambda: not ws.pending, timeout=10_000)
    qtbot.waitUntil(
        lambda: (
            services.list.count() == 1
            and services.list.item(0).text() == "School traffic safety team"
        ),
        timeout=10_000,
    )
    window.grab().save(str(output_dir / "police_services_tab.png"))
    with store.session() as session:
        saved = session.query(SchoolService).filter_by(school_id=kowhai).one()
        assert (saved.tier, saved.started_on) == ("traffic_safety_team", date(2026, 2, 2))

    window.show_schools()
    assert window.schools is not None
    model = window.schools.model
    column = COLUMNS.index("Police services")
    qtbot.waitUntil(
        lambda: (
            {model.cells(r)[0]: model.cells(r)[column] for r in range(model.rowCount())}
            == {"Kōwhai Grove School": "Traffic team", "Rātā Street School": "Relationship"}
        ),
        timeout=10_000,
    )
    window.grab().save(str(output_dir / "schools_list_services.png"))

    view = DashboardView(store)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.refresh()
    assert view.proxy.rowCount() == 2
    items = [view.service.itemText(i) for i in range(view.service.count())]
    assert items == ["All services", *(t.label for t in ServiceTier)]
    view.service.setCurrentIndex(view.service.findData(ServiceTier.TRAFFIC_SAFETY.value))
    assert view.proxy.rowCount() == 1
    assert view.showing.text() == "Showing the one school"
    view.grab().save(str(output_dir / "dashboard_service_filter.png"))
    view.clear_filters()
    assert view.proxy.rowCount() == 2
