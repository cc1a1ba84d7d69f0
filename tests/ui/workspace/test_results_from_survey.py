"""A measured result filled from a safety survey: the officer picks a survey figure, the
form gets its date, value and a note saying where it came from, and recording it stores
exactly that against the outcome the officer chose."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.models import Outcome, OutcomeMeasurement, SafetySurvey
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.ui.workspace.results_section import ResultsSection
from tests.services.helpers import add_school, fill_stage_one
from tests.ui.windows import workspace_alone


def test_a_survey_figure_becomes_a_recorded_result(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, date.today())
    with UnitOfWork(store) as uow:
        uow.add(
            SafetySurvey,
            school_id=school_id,
            surveyed_on=date(2026, 3, 9),
            respondents="students",
            respondent_count=240,
            safe_at_school=78.0,
            safe_travelling=61.5,
        )
    with store.session() as session:
        outcome = session.query(Outcome).filter_by(school_id=school_id).first()
        assert outcome is not None
        outcome_id, outcome_title = outcome.id, outcome.description
    ws = workspace_alone(qtbot, store, school_id)
    ws.show_page(4, "Outcome results")
    results = ws.section(4, "Outcome results")
    assert isinstance(results, ResultsSection)
    qtbot.waitUntil(lambda: results.record_button.isEnabled(), timeout=10_000)

    results.survey_button.click()
    qtbot.waitUntil(lambda: len(results.survey_menu.actions()) == 2, timeout=10_000)
    labels = [a.text() for a in results.survey_menu.actions()]
    assert labels[1] == "Students, 09/03/2026: 61.5% feel safe on the way to and from school"
    ws.grab().save(str(output_dir / "results_from_survey_menu.png"))
    results.survey_menu.actions()[1].trigger()
    results.survey_menu.hide()
    assert results.form.value("measured_on") == "09/03/2026"
    assert results.form.value("value") == "61.5"
    assert "240 answered" in (results.form.value("note") or "")

    results.form.type_into("outcome_id", outcome_title)
    with qtbot.waitSignal(results.recorded, timeout=10_000):
        results.record()
    with store.session() as session:
        (m,) = session.query(OutcomeMeasurement).filter_by(school_id=school_id).all()
        assert (m.outcome_id, m.measured_on, m.value) == (outcome_id, date(2026, 3, 9), 61.5)
        assert m.note.startswith("From the survey of students on 09/03/2026, 240 answered")


def test_no_surveys_says_where_to_record_them(qtbot: QtBot, store: Store) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, date.today())
    ws = workspace_alone(qtbot, store, school_id)
    ws.show_page(4, "Outcome results")
    results = ws.section(4, "Outcome results")
    assert isinstance(results, ResultsSection)
    qtbot.waitUntil(lambda: results.record_button.isEnabled(), timeout=10_000)
    results.survey_button.click()
    qtbot.waitUntil(lambda: "Profile tab" in results.note.text(), timeout=10_000)
    assert results.survey_menu.actions() == []
