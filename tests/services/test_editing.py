"""Loading and saving a record's fields for the forms, through the unit of work."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import (
    SYNC_COLUMNS,
    AimAssessment,
    PartnershipAgreement,
    Person,
    Response,
    ResponseAim,
    School,
    SchoolProfile,
)
from app.models.vocabulary import Role
from app.services.editing import (
    add_row,
    check_values,
    default_values,
    delete_row,
    form_fields,
    list_rows,
    load_form,
    load_values,
    save_fields,
)
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import NextYearChoices, start_next_year
from lpc_core.formatting import Shown, display_text
from tests.services.helpers import add_school, fill_stage_one, fill_stage_three

TODAY = date(2026, 5, 4)


def test_form_fields_come_from_the_column_specs() -> None:
    fields = form_fields(School)
    names = [f.name for f in fields]
    assert names[:3] == ["name", "moe_number", "school_type"]
    assert not set(names) & (SYNC_COLUMNS | {"archived"})
    labels = {f.name: f.spec.label for f in fields}
    assert labels["cluster"] == "Cluster / Kāhui Ako"
    assert "school_id" not in [f.name for f in form_fields(Person)]


def test_values_travel_as_form_text(store: Store) -> None:
    school_id = add_school(store)
    row = add_row(
        store,
        "tester",
        PartnershipAgreement,
        school_id,
        {"agreed_on": "04/05/2026", "purpose": "Safe kura"},
    )
    values = load_values(store, PartnershipAgreement, row)
    assert values["agreed_on"] == "04/05/2026"
    assert values["review_on"] == ""
    assert values["purpose"] == "Safe kura"
    spec = next(f.spec for f in form_fields(SchoolProfile) if f.name == "attendance_rate")
    assert display_text(spec, 87.0, Shown.FORM) == "87"
    assert display_text(spec, 87.5, Shown.FORM) == "87.5"


def test_a_save_keeps_good_fields_and_names_the_bad(store: Store) -> None:
    school_id = add_school(store)
    result = save_fields(
        store, "tester", School, school_id, {"address": "1 Kōwhai Rd", "roll": "many", "name": ""}
    )
    assert result.saved == ("address",)
    assert sorted(str(e) for e in result.errors) == [
        "Roll: “many” is not a whole number from 0 to 10,000",
        "School name: is required",
    ]
    with store.session() as s:
        school = s.get(School, school_id)
        assert school is not None
        assert (school.name, school.address, school.roll) == (
            "Kōwhai Grove School",
            "1 Kōwhai Rd",
            None,
        )


def test_a_rule_across_fields_holds_back_only_the_fields_it_names(store: Store) -> None:
    school_id = add_school(store)
    row = add_row(store, "t", PartnershipAgreement, school_id, {"agreed_on": "01/03/2026"})
    result = save_fields(
        store, "t", PartnershipAgreement, row, {"review_on": "01/02/2026", "purpose": "Safety"}
    )
    assert result.saved == ("purpose",)
    assert [str(e) for e in result.errors] == [
        "Review date: must be after the date agreed (01/03/2026)"
    ]
    with store.session() as s:
        agreement = s.get(PartnershipAgreement, row)
        assert agreement is not None
        assert (agreement.purpose, agreement.review_on) == ("Safety", None)


def test_lists_titles_and_links(store: Store) -> None:
    school_id = add_school(store)
    fill_stage_one(store, school_id, TODAY)
    aim_id = fill_stage_three(store, school_id, TODAY)
    people = list_rows(store, Person, school_id)
    assert [p.title for p in people] == [
        f"Const. Aroha Ngata · {Role.LEAD_POLICE_CONTACT.label}",
        f"Hemi Walker · {Role.LEAD_SCHOOL_CONTACT.label}",
    ]
    delete_row(store, "t", Person, people[0].id)
    assert len(list_rows(store, Person, school_id)) == 1
    with UnitOfWork(store) as uow:
        assessment = uow.add(AimAssessment, school_id=school_id, aim_id=aim_id).id
    data = load_form(store, AimAssessment, assessment)
    assert data.values["aim_id"] == aim_id
    assert [title for _id, title in data.choices["aim_id"]] == [
        "Reduce bullying reports at the bus stop by Year 7 students"
    ]


def test_new_records_start_from_the_column_defaults() -> None:
    defaults = default_values(School)
    assert defaults["school_type"] == "full_primary"
    assert "name" not in defaults


def test_check_values_needs_no_store() -> None:
    assert [str(e) for e in check_values(School, {"moe_number": "123456"})] == [
        "Ministry of Education number: 123,456 is out of range; "
        "enter a whole number from 1 to 99,999"
    ]
    assert check_values(School, {"moe_number": "1234"}) == []


def test_unknown_row_is_a_clear_error(store: Store) -> None:
    with pytest.raises(LookupError):
        load_values(store, School, "no-such-id")


def test_a_past_years_record_links_to_records_of_its_own_year(store: Store) -> None:
    """A year-1 response offers year-1 aims, a year-2 one year-2 aims: a link never
    crosses years, whichever year is on screen."""
    school_id = add_school(store, started_on=date(2025, 2, 3))
    with UnitOfWork(store) as uow:
        old_aim = uow.add(ResponseAim, school_id=school_id, statement="Last year's aim")
        old = uow.add(Response, school_id=school_id, aim_id=old_aim.id)
        start_next_year(uow, school_id, NextYearChoices())
    with UnitOfWork(store) as uow:
        new_aim = uow.add(ResponseAim, school_id=school_id, statement="This year's aim")
        new = uow.add(Response, school_id=school_id, aim_id=new_aim.id)
    assert load_form(store, Response, old.id).choices["aim_id"] == [(old_aim.id, "Last year's aim")]
    assert load_form(store, Response, new.id).choices["aim_id"] == [(new_aim.id, "This year's aim")]
