"""An officer records a perceptions-of-safety survey and the profile's Police data rows
through the workspace forms; both are saved as typed, and a bad percentage is refused
with a message naming the field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.models import PoliceDataRow, SafetySurvey, SchoolProfile
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.profile_section import ProfileSection
from tests.services.helpers import add_school
from tests.ui.windows import main_window, open_workspace


def _add(qtbot: QtBot, lst: ListEditor) -> None:
    qtbot.waitUntil(lambda: lst.add_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignals([lst.added, lst.editor.loaded], timeout=10_000):
        lst.add()
    qtbot.waitUntil(lambda: lst.editor.row_id == lst.current_id(), timeout=10_000)


def test_survey_and_police_rows_are_saved_as_typed(
    qtbot: QtBot, store: Store, app_paths: AppPaths, output_dir: Path
) -> None:
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        profile_id = uow.add(
            SchoolProfile, school_id=school_id, year=date.today().year, prepared_on=date.today()
        ).id
    window = main_window(qtbot, store, app_paths)
    ws = open_workspace(qtbot, window, school_id)

    ws.show_page(1, "Safety surveys")
    surveys = ws.section(1, "Safety surveys")
    assert isinstance(surveys, ListEditor)
    _add(qtbot, surveys)
    form = surveys.editor.form
    form.type_into("surveyed_on", "09/03/2026")
    form.type_into("respondents", "Parents and whānau")
    form.type_into("respondent_count", "56")
    form.type_into("safe_at_school", "92")
    form.type_into("unsafe_places", "Pick-up on Rātā Street")
    form.type_into("safe_travelling", "140")  # not a percentage: marked at once, not saved
    error = form.error_text("safe_travelling")
    assert "Feel safe on the way to and from school (%)" in error
    assert "from 0 to 100" in error
    form.type_into("safe_travelling", "58.5")
    qtbot.waitUntil(lambda: not ws.pending, timeout=10_000)
    with store.session() as session:
        survey = session.query(SafetySurvey).one()
        assert (survey.surveyed_on, survey.respondents, survey.respondent_count) == (
            date(2026, 3, 9),
            "parents_whanau",
            56,
        )
        assert (survey.safe_at_school, survey.safe_travelling) == (92.0, 58.5)
        assert survey.unsafe_places == "Pick-up on Rātā Street"
    window.grab().save(str(output_dir / "safety_survey_form.png"))

    ws.show_page(1, "School profile")
    section = ws.section(1, "School profile")
    assert isinstance(section, ProfileSection)
    qtbot.waitUntil(lambda: section.editor.row_id == profile_id, timeout=10_000)
    _add(qtbot, section.police)
    rows = section.police.editor.form
    rows.type_into("category", "Theft from cars")
    rows.type_into("period", "Term 1 2026")
    rows.type_into("area", "Within 500 m of the school")
    rows.type_into("count", "14")
    qtbot.waitUntil(lambda: not ws.pending, timeout=10_000)
    qtbot.waitUntil(lambda: section.police.list.count() == 1, timeout=10_000)
    qtbot.waitUntil(
        lambda: section.police.list.item(0).text() == "Theft from cars · Term 1 2026",
        timeout=10_000,
    )
    assert surveys.list.item(0).text() == "09/03/2026 · Parents and whānau"
    with store.session() as session:
        row = session.query(PoliceDataRow).one()
        assert (row.profile_id, row.category, row.period, row.area, row.count) == (
            profile_id,
            "Theft from cars",
            "Term 1 2026",
            "Within 500 m of the school",
            14,
        )
    window.grab().save(str(output_dir / "police_data_form.png"))
