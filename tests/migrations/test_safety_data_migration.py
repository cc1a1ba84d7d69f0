"""Revision 0010: profiles made before surveys and Police data rows keep every value, and
the new tables take a survey and a Police data row for them."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from app.models import PoliceDataRow, SafetySurvey, SchoolProfile
from app.models.vocabulary import RespondentGroup
from app.services.store import open_store
from app.services.unit_of_work import UnitOfWork
from tests.migrations.old_store import insert, store_at

PROFILE = {
    "id": "pr1",
    "school_id": "s1",
    "year": 2026,
    "prepared_on": "2026-02-20",
    "police_crime_data": "Two burglaries near the gate in term 1",
    "police_victimisation_data": "Few reports",
    "police_harm_data": "One crash at the crossing",
    "behaviour_concerns": "Vaping in the toilets",
    "stand_downs": 4,
    "suspensions": 1,
    "exclusions": 0,
    "attendance_rate": 61.5,
    "truancy_notes": "Mondays are low",
    "safety_perception": "mostly_safe",
    "safety_survey_notes": "Ākonga feel safe in class; less so at the bus stop",
    "priorities": "Safe travel for whānau",
}
SYNC = {
    "created_at": "2026-01-01 00:00:00",
    "updated_at": "2026-01-01 00:00:00",
    "row_version": 5,
    "device_id": "d",
}


def test_profiles_keep_every_value_and_take_surveys_and_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store_at(path, "0009")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO schools (id, created_at, updated_at, row_version, device_id, name, "
            "moe_number, school_type, roll, address, cluster, district, area, phone, notes, "
            "archived) VALUES ('s1', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 3, 'd', "
            "'Ōtaki Kura', 4321, 'kura_kaupapa', 210, '', '', '', '', '', '', 0)"
        )
        insert(db, "school_profiles", {**PROFILE, **SYNC})
    store = open_store(path, tmp_path / "backups")
    with store.session() as session:
        profile = session.get(SchoolProfile, "pr1")
        assert profile is not None
        for field, value in PROFILE.items():
            expected = date.fromisoformat(value) if field == "prepared_on" else value
            assert getattr(profile, field) == expected, field
        assert profile.row_version == 5
    with UnitOfWork(store, "Constable Aroha Ngata") as uow:
        survey = uow.add(
            SafetySurvey,
            school_id="s1",
            surveyed_on=date(2026, 3, 2),
            respondents=RespondentGroup.PARENTS_WHANAU.value,
            respondent_count=84,
            safe_at_school=91.0,
            safe_travelling=62.5,
        ).id
        row = uow.add(
            PoliceDataRow,
            school_id="s1",
            profile_id="pr1",
            category="Burglary",
            period="Term 1 2026",
            area="Within 500 m of the school",
            count=2,
        ).id
    with store.session() as session:
        stored_survey = session.get(SafetySurvey, survey)
        stored_row = session.get(PoliceDataRow, row)
        assert stored_survey is not None and stored_row is not None
        assert (stored_survey.respondent_count, stored_survey.safe_travelling) == (84, 62.5)
        assert (stored_row.profile_id, stored_row.count) == ("pr1", 2)
    store.close()
