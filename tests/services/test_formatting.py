"""One display formatter: a stored value reads the same in every place it is shown,
and only the words for "nothing" and the layout of numbers and long text differ."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import OutcomeMeasurement, Partnership, PartnershipAgreement, SchoolProfile, spec_of
from app.models.base import FieldSpec
from app.services import history
from app.services.editing import load_values
from app.services.export.context import display
from app.services.store import Store
from app.services.sync.conflicts import display_value as conflict_text
from app.services.unit_of_work import UnitOfWork
from app.templates.fields import NOT_RECORDED
from lpc_core.formatting import EMPTY_TEXT, Shown, display_text
from lpc_core.validation import clean_value
from tests.services.helpers import add_school

FORM, TABLE, HISTORY, CONFLICT, DOCUMENT = Shown


def _spec(model: type, field: str) -> FieldSpec:
    spec = spec_of(model, field)
    assert spec is not None
    return spec


MEASURE = _spec(OutcomeMeasurement, "value")
STATUS = _spec(Partnership, "status")
REVIEW = _spec(PartnershipAgreement, "review_on")
YEAR = _spec(SchoolProfile, "year")


def _places(form: str, table: str, hist: str, conflict: str, document: str) -> dict[Shown, str]:
    return dict(zip(Shown, (form, table, hist, conflict, document), strict=True))


NOTHING = _places("", "", "(empty)", "(empty)", "Not recorded")
LINES = "Kia Kaha\r\nKeeping Ourselves Safe"


@pytest.mark.parametrize(
    ("spec", "value", "expected"),
    [
        # nothing: each place says it its own way
        (MEASURE, None, NOTHING),
        (None, "", NOTHING),
        # numbers: never 4.3906e+07; separators only where people read, not type
        (MEASURE, 43906000.0, _places(*["43906000"] * 2, "43,906,000", "43906000", "43,906,000")),
        (
            MEASURE,
            1234567.25,
            _places(*["1234567.25"] * 2, "1,234,567.25", "1234567.25", "1,234,567.25"),
        ),
        (MEASURE, 87.0, dict.fromkeys(Shown, "87")),
        (MEASURE, 0.0, dict.fromkeys(Shown, "0")),
        (MEASURE, 1 / 3, _places(*[str(1 / 3)] * 2, f"{1 / 3:,}", str(1 / 3), "0.33")),
        (YEAR, 2026, dict.fromkeys(Shown, "2026")),  # a year, not 2,026
        # dates, stored or on the wire
        (REVIEW, date(2026, 3, 5), dict.fromkeys(Shown, "05/03/2026")),
        (REVIEW, "2026-03-05", dict.fromkeys(Shown, "05/03/2026")),
        # choices by label; one from a newer version as stored
        (
            STATUS,
            "maintaining",
            {**dict.fromkeys(Shown, "Maintaining at stage 1 by agreement"), FORM: "maintaining"},
        ),
        (STATUS, "paused_by_treaty", dict.fromkeys(Shown, "paused_by_treaty")),
        (None, True, dict.fromkeys(Shown, "Yes")),
        # long text: one line in a cell; tidied and never blank in a document
        (
            None,
            LINES,
            _places(
                LINES, "Kia Kaha · Keeping Ourselves Safe", LINES, LINES, LINES.replace("\r", "")
            ),
        ),
        (None, "  \n ", _places("  \n ", "", "  \n ", "  \n ", "Not recorded")),
        (None, "Ma\u0304ori", {**dict.fromkeys(Shown, "Ma\u0304ori"), DOCUMENT: "Māori"}),
    ],
)
def test_each_place_shows_a_value_its_own_way(
    spec: FieldSpec | None, value: object, expected: dict[Shown, str]
) -> None:
    assert {shown: display_text(spec, value, shown) for shown in Shown} == expected


def test_a_status_label_is_what_the_vocabulary_says() -> None:
    assert display_text(STATUS, "maintaining", TABLE) == STATUS.choices("maintaining").label  # type: ignore[misc,attr-defined]
    assert EMPTY_TEXT[DOCUMENT] == NOT_RECORDED  # the templates' own word for it


@pytest.mark.parametrize("value", [43906000.0, 1234567.25, 87.5, 1 / 3, 0.1 + 0.2, 1e16])
def test_a_number_shown_in_a_form_reads_back_as_the_same_number(value: float) -> None:
    assert clean_value(MEASURE, "value", display_text(MEASURE, value, FORM)) == value


def test_forms_history_conflicts_and_documents_agree_on_a_stored_value(store: Store) -> None:
    school_id = add_school(store)
    with UnitOfWork(store, "Const. Aroha Ngata") as uow:
        profile = uow.add(SchoolProfile, school_id=school_id, year=2026)
    with UnitOfWork(store, "Const. Aroha Ngata") as uow:
        uow.update(uow.get(SchoolProfile, profile.id), attendance_rate=87.0)
    with UnitOfWork(store, "Const. Aroha Ngata") as uow:
        uow.update(uow.get(SchoolProfile, profile.id), attendance_rate=None)
    spec = _spec(SchoolProfile, "attendance_rate")

    assert load_values(store, SchoolProfile, profile.id)["attendance_rate"] == ""
    with store.session() as session:
        lines = history.record_history(session, profile.id)
    changed = [ln for ln in lines if ln.field == "attendance_rate" and ln.operation == "Changed"]
    assert (changed[0].old, changed[0].new) == ("87", "(empty)")
    assert (changed[1].old, changed[1].new) == ("(empty)", "87")
    assert conflict_text("school_profiles", "attendance_rate", 87.0) == "87"
    assert conflict_text("school_profiles", "attendance_rate", None) == "(empty)"
    assert display(87.0, spec) == display(87, spec) == "87"
    assert display(None, spec) == NOT_RECORDED
