"""Perception surveys, a profile's Police data rows and a school's Police services travel
through a real server process to a second laptop, and an edit made there comes back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.models import MODEL_BY_TABLE, PoliceDataRow, SafetySurvey, SchoolProfile, SchoolService
from app.models.vocabulary import RespondentGroup, ServiceTier
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school
from tests.services.sync.devices import get_row
from tests.services.sync.live import Live

SURVEY = {
    "surveyed_on": date(2026, 3, 9),
    "respondents": RespondentGroup.STUDENTS.value,
    "respondent_count": 212,
    "safe_at_school": 87.5,
    "safe_travelling": 64.0,
    "unsafe_places": "The bus stop on Kōwhai Road after school",
    "notes": "Year 9 and 10 classes, anonymous",
}
ROW = {
    "period": "Term 1 2026",
    "area": "Within 500 m of the school",
    "category": "Crashes involving young people",
    "count": 3,
    "notes": "All at the pedestrian crossing, 3-4 pm",
}


def test_surveys_and_police_data_reach_a_second_laptop(live: Live) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    school_id = add_school(laptop.store, "Rātā Street School", district="Waitematā")
    with UnitOfWork(laptop.store) as uow:
        profile = uow.add(SchoolProfile, school_id=school_id, year=2026)
        survey_id = uow.add(SafetySurvey, school_id=school_id, **SURVEY).id
        row_id = uow.add(PoliceDataRow, school_id=school_id, profile_id=profile.id, **ROW).id
        service_id = uow.add(
            SchoolService, school_id=school_id, tier=ServiceTier.TRAFFIC_SAFETY.value
        ).id
    laptop.sync()
    office.sync()
    their_survey = get_row(office.store, "safety_surveys", survey_id)
    for field, value in SURVEY.items():
        assert getattr(their_survey, field) == value, field
    their_row = get_row(office.store, "police_data_rows", row_id)
    assert get_row(office.store, "school_services", service_id).tier == "traffic_safety_team"
    for field, value in ROW.items():
        assert getattr(their_row, field) == value, field

    with UnitOfWork(office.store) as uow:
        uow.update(uow.get(PoliceDataRow, row_id), count=4)
        uow.update(uow.get(SafetySurvey, survey_id), safe_travelling=70.0)
    office.sync()
    laptop.sync()
    assert get_row(laptop.store, "police_data_rows", row_id).count == 4
    assert get_row(laptop.store, "safety_surveys", survey_id).safe_travelling == 70.0


def test_the_protocol_lists_every_synced_table() -> None:
    text = (Path(__file__).parents[3] / "docs" / "sync-protocol.md").read_text()
    for table in MODEL_BY_TABLE:
        assert f"`{table}`" in text, table
