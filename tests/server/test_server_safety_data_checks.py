"""The server checks pushed surveys and Police data rows with the app's own field rules:
good ones pass, and a percentage over 100, a negative count, an unknown respondent group
or a blank category is refused with the field named and what is allowed."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from app.models.vocabulary import RespondentGroup
from server.checks import validate
from server.errors import ApiError
from server.schemas import ChangeIn, PushIn

SCHOOL = str(uuid.uuid4())
PROFILE = str(uuid.uuid4())
SURVEY = {
    "surveyed_on": "2026-03-09",
    "respondents": "students",
    "respondent_count": 212,
    "safe_at_school": 87.5,
    "safe_travelling": 64,
    "unsafe_places": "The bus stop after school",
}
ROW = {
    "profile_id": PROFILE,
    "category": "Theft from cars",
    "period": "Term 1 2026",
    "area": "Within 500 m of the school",
    "count": 14,
}


def _push(table: str, fields: dict[str, Any]) -> PushIn:
    change = ChangeIn(
        change_id=str(uuid.uuid4()),
        table=table,
        row_id=str(uuid.uuid4()),
        school_id=SCHOOL,
        op="insert",
        fields={"school_id": SCHOOL, **fields},
        base_version=0,
        new_version=1,
    )
    return PushIn(batch_id=str(uuid.uuid4()), changes=[change])


def test_surveys_of_every_group_and_police_rows_are_accepted() -> None:
    for group in RespondentGroup:
        validate(_push("safety_surveys", {**SURVEY, "respondents": group.value}))
    validate(_push("police_data_rows", ROW))


@pytest.mark.parametrize(
    ("table", "fields", "field", "allowed"),
    [
        ("safety_surveys", {**SURVEY, "safe_at_school": 120}, "safe_at_school", "0 to 100"),
        ("safety_surveys", {**SURVEY, "safe_travelling": -1}, "safe_travelling", "0 to 100"),
        ("safety_surveys", {**SURVEY, "respondents": "pupils"}, "respondents", "Students"),
        ("police_data_rows", {**ROW, "count": -3}, "count", "whole number"),
        ("police_data_rows", {**ROW, "category": " "}, "category", ""),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(
    table: str, fields: dict[str, Any], field: str, allowed: str
) -> None:
    with pytest.raises(ApiError) as refused:
        validate(_push(table, fields))
    assert refused.value.status == 422
    assert refused.value.message.startswith(f"changes[0].fields.{field}: ")
    assert allowed in refused.value.message
