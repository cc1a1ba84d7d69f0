"""A school's perceptions-of-safety survey figures, offered as measured results.

An agreed outcome such as "students feel safe on the way to school" is measured by the
school's own surveys. Rather than have the officer copy a percentage by hand (and mistype
it, or lose where it came from), each survey's two figures are offered as ready results:
the survey's date, the share who feel safe, and a note naming the group and how many
answered. The officer still chooses the outcome and records the result: a survey figure
matches an outcome only when a person says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models import SafetySurvey
from app.models.base import spec_of
from app.services.records import live
from app.services.store import Store
from lpc_core.formatting import Shown, display_text, format_nz_date

RESPONDENTS = spec_of(SafetySurvey, "respondents")
# The two figures a survey holds, with the words that say what was asked.
_FIGURES = (
    ("safe_at_school", "feel safe at school"),
    ("safe_travelling", "feel safe on the way to and from school"),
)


@dataclass(frozen=True, slots=True)
class SurveyFigure:
    """One survey figure as a result the officer can record against an outcome."""

    label: str
    measured_on: date
    value: float
    note: str


def _figures_of(survey: SafetySurvey) -> list[SurveyFigure]:
    group = display_text(RESPONDENTS, survey.respondents, Shown.DOCUMENT)
    when = format_nz_date(survey.surveyed_on)
    answered = (
        f", {survey.respondent_count} answered" if survey.respondent_count is not None else ""
    )
    figures = []
    for field, asked in _FIGURES:
        value = getattr(survey, field)
        if value is None:
            continue
        shown = display_text(None, float(value), Shown.DOCUMENT)
        figures.append(
            SurveyFigure(
                label=f"{group}, {when}: {shown}% {asked}",
                measured_on=survey.surveyed_on,
                value=float(value),
                note=f"From the survey of {group.lower()} on {when}{answered}: % who {asked}",
            )
        )
    return figures


def survey_figures(store: Store, school_id: str) -> list[SurveyFigure]:
    """Every figure of the school's surveys, newest survey first (the one most often
    wanted), across all years: an outcome's results span the partnership's history."""
    with store.session() as session:
        surveys = live(session, SafetySurvey, school_id)
        surveys.sort(key=lambda s: (s.surveyed_on, s.created_at), reverse=True)
        return [figure for survey in surveys for figure in _figures_of(survey)]
