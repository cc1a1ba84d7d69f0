"""Bad values are refused with the field named, and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.models import OutboxEntry, PartnershipAgreement, Person, School
from app.models.base import spec_of
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from lpc_core.validation import (
    InvalidFieldError,
    ValidationError,
    clean_value,
    format_nz_date,
    parse_nz_date,
)
from tests.services.helpers import add_school


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session() as s:
        return (
            s.scalar(select(func.count()).select_from(School)) or 0,
            s.scalar(select(func.count()).select_from(PartnershipAgreement)) or 0,
            s.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
        )


@pytest.mark.parametrize(
    ("values", "field", "phrase"),
    [
        ({"name": ""}, "name", "School name: is required"),
        ({"name": "   "}, "name", "School name: is required"),
        (
            {"name": "A", "roll": -5},
            "roll",
            "Roll: -5 is out of range; enter a whole number from 0 to 10,000",
        ),
        ({"name": "A", "roll": "lots"}, "roll", "Roll: “lots” is not a whole number"),
        ({"name": "A", "roll": 12.5}, "roll", "Roll: must be a whole number"),
        ({"name": "x" * 100_000}, "name", "School name: is 100,000 characters long"),
        ({"name": "A", "notes": "y" * 100_000}, "notes", "Notes: is 100,000 characters long"),
        (
            {"name": "A", "moe_number": 0},
            "moe_number",
            "Ministry of Education number: 0 is out of range",
        ),
        ({"name": "A", "school_type": "castle"}, "school_type", "School type: must be one of"),
        ({"name": "Bell\x00"}, "name", "School name: contains control characters"),
        ({"name": "Bell\ud800"}, "name", "School name: contains a broken character"),
        ({"name": "A", "notes": "x\udfffy"}, "notes", "Notes: contains a broken character"),
        ({"name": "A", "row_version": 9}, "row_version", "managed by the app"),
        ({"name": "A", "colour": "red"}, "colour", "is not a field of a school"),
    ],
)
def test_bad_school_values_name_the_field_and_change_nothing(
    store: Store, values: dict[str, object], field: str, phrase: str
) -> None:
    before = _counts(store)
    with pytest.raises(ValidationError) as caught, UnitOfWork(store) as uow:
        uow.add(School, **values)
    error = caught.value.for_field(field)
    assert error is not None, caught.value.errors
    assert phrase in str(caught.value)
    assert _counts(store) == before


def test_review_date_before_agreement_date_is_refused(store: Store) -> None:
    school_id = add_school(store)
    before = _counts(store)
    with pytest.raises(ValidationError) as caught, UnitOfWork(store) as uow:
        uow.add(
            PartnershipAgreement,
            school_id=school_id,
            agreed_on="10/03/2026",
            review_on="01/03/2026",
        )
    assert str(caught.value) == "Review date: must be after the date agreed (10/03/2026)"
    assert _counts(store) == before


def test_all_errors_of_a_form_are_reported_together(store: Store) -> None:
    with pytest.raises(ValidationError) as caught, UnitOfWork(store) as uow:
        uow.add(School, name="", roll=-5, moe_number="abc")
    assert {e.field for e in caught.value.errors} == {"name", "roll", "moe_number"}


def test_a_failed_update_leaves_the_stored_row_and_object_unchanged(store: Store) -> None:
    school_id = add_school(store, roll=100)
    with pytest.raises(ValidationError), UnitOfWork(store) as uow:
        school = uow.get(School, school_id)
        uow.update(school, name="", roll=50)
    with store.session() as s:
        stored = s.get(School, school_id)
        assert stored is not None
        assert (stored.name, stored.roll, stored.row_version) == ("Kōwhai Grove School", 100, 1)


def test_nz_dates_round_trip() -> None:
    assert parse_nz_date("05/11/2026") == date(2026, 11, 5)
    assert parse_nz_date("2026-11-05") == date(2026, 11, 5)
    assert format_nz_date(date(2026, 11, 5)) == "05/11/2026"
    with pytest.raises(ValueError):
        parse_nz_date("31/02/2026")


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_roll_accepts_exactly_its_range(value: int) -> None:
    spec = spec_of(School, "roll")
    assert spec is not None
    if 0 <= value <= 10_000:
        assert clean_value(spec, "roll", str(value)) == value
    else:
        with pytest.raises(InvalidFieldError, match="Roll"):
            clean_value(spec, "roll", value)


@given(st.text(max_size=300))
def test_any_text_is_stored_or_refused_with_a_reason(value: str) -> None:
    spec = spec_of(School, "name")
    assert spec is not None
    try:
        cleaned = clean_value(spec, "name", value)
    except InvalidFieldError as err:
        assert err.error.label == "School name"
    else:
        assert cleaned == value


def test_a_big_number_out_of_range_is_written_in_full(store: Store) -> None:
    with pytest.raises(ValidationError) as caught, UnitOfWork(store) as uow:
        uow.add(School, name="Kōwhai Grove School", moe_number=43_906_000)
    message = str(caught.value.for_field("moe_number"))
    assert "43,906,000 is out of range" in message
    assert "e+" not in message


def test_a_lone_surrogate_is_refused_before_it_reaches_the_store(store: Store) -> None:
    """SQLite cannot encode half of a UTF-16 pair: it is refused with the field's name,
    in an edit and in a reference alike, and the stored row stays as it was."""
    school_id = add_school(store)
    with UnitOfWork(store) as uow:
        person_id = uow.add(Person, school_id=school_id, name="Hēmi Walker").id
    before = _counts(store)
    with pytest.raises(ValidationError) as caught, UnitOfWork(store) as uow:
        uow.update(uow.get(Person, person_id), name="Hēmi \ud83d Walker")
    assert str(caught.value) == (
        "Name: contains a broken character (half of a UTF-16 pair) that cannot be stored; "
        "type the text around it again"
    )
    with pytest.raises(ValidationError) as caught, UnitOfWork(store) as uow:
        uow.add(Person, school_id=school_id + "\udc00", name="Aroha")
    assert caught.value.for_field("school_id") is not None
    assert _counts(store) == before
    with store.session() as s:
        stored = s.get(Person, person_id)
        assert stored is not None and stored.name == "Hēmi Walker"


@given(st.text(alphabet=st.characters(codec=None, categories=["Cs", "L", "Zs"]), max_size=20))
def test_text_accepted_by_validation_can_be_encoded_for_the_store(value: str) -> None:
    spec = spec_of(School, "notes")
    assert spec is not None
    try:
        cleaned = clean_value(spec, "notes", value)
    except InvalidFieldError as err:
        assert err.error.label == "Notes"
    else:
        cleaned.encode("utf-8")  # what SQLite and the wire need
