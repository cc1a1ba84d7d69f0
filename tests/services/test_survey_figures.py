"""Survey figures offered as measured results: each survey's two percentages, newest
first, with a note that names the group, the date and how many answered."""

from __future__ import annotations

from datetime import date

from app.models import SafetySurvey
from app.services.store import Store
from app.services.survey_figures import survey_figures
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school


def test_each_survey_gives_its_figures_newest_first(store: Store) -> None:
    school_id = add_school(store)
    other = add_school(store, name="Tōtara Heights School")
    with UnitOfWork(store) as uow:
        uow.add(
            SafetySurvey,
            school_id=school_id,
            surveyed_on=date(2025, 8, 4),
            respondents="students",
            respondent_count=212,
            safe_at_school=71.5,
            safe_travelling=None,
        )
        uow.add(
            SafetySurvey,
            school_id=school_id,
            surveyed_on=date(2026, 3, 9),
            respondents="parents_whanau",
            respondent_count=56,
            safe_at_school=92.0,
            safe_travelling=58.5,
        )
        uow.add(
            SafetySurvey,
            school_id=other,
            surveyed_on=date(2026, 5, 1),
            respondents="staff",
            safe_at_school=40.0,
        )

    figures = survey_figures(store, school_id)

    assert [(f.measured_on, f.value) for f in figures] == [
        (date(2026, 3, 9), 92.0),
        (date(2026, 3, 9), 58.5),
        (date(2025, 8, 4), 71.5),  # no travelling figure in that survey: none offered
    ]
    assert figures[0].label == "Parents and whānau, 09/03/2026: 92% feel safe at school"
    assert figures[1].note == (
        "From the survey of parents and whānau on 09/03/2026, 56 answered: "
        "% who feel safe on the way to and from school"
    )
    assert figures[2].label == "Students, 04/08/2025: 71.5% feel safe at school"


def test_a_removed_survey_offers_nothing(store: Store) -> None:
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        survey = uow.add(
            SafetySurvey,
            school_id=school_id,
            surveyed_on=date(2026, 3, 9),
            respondents="staff",
            safe_at_school=80.0,
        )
    with UnitOfWork(store) as uow:
        uow.delete(uow.session.get(SafetySurvey, survey.id))
    assert survey_figures(store, school_id) == []
