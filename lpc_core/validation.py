"""Turning what a person typed into stored values, or saying exactly what is wrong.

Rules come from each column's ``FieldSpec`` (label, kind, limits) plus a few cross-field
rules below. Every error names the field by its label and says what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    SYNC_COLUMNS,
    AnnualPlan,
    FieldSpec,
    PartnershipAgreement,
    PlanActivity,
    SchoolProfile,
    Synced,
    spec_of,
)
from app.models.base import format_number
from app.models.partnership import Partnership
from app.models.vocabulary import PartnershipStatus, Stage
from app.models.years import PartnershipYear
from lpc_core.formatting import format_nz_date, parse_nz_date

# XML 1.0 cannot hold these; a pasted one would later break the exported .docx.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Half of a UTF-16 pair on its own (a JSON "\ud800", a broken paste) is no character at
# all: UTF-8, which the store and the wire use, cannot encode it.
LONE_SURROGATES = re.compile(r"[\ud800-\udfff]")
# Every character text may not hold, for checks that only need a yes (the server's quick
# path); ``clean_value`` says which rule was broken.
REFUSED_CHARS = re.compile(f"{CONTROL_CHARS.pattern}|{LONE_SURROGATES.pattern}")
UNSTORABLE_MESSAGE = (
    "contains a broken character (half of a UTF-16 pair) that cannot be stored; "
    "type the text around it again"
)


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class InvalidFieldError(ValueError):
    """Raised for one field while cleaning; collected into a ``ValidationError``."""

    def __init__(self, error: FieldError) -> None:
        self.error = error
        super().__init__(str(error))


class ValidationError(ValueError):
    """One or more fields hold values that are not allowed. Nothing was saved."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))

    def for_field(self, field: str) -> FieldError | None:
        return next((e for e in self.errors if e.field == field), None)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def clean_value(spec: FieldSpec, field: str, value: Any) -> Any:
    """Convert ``value`` to the field's type or raise ``InvalidFieldError``."""

    def fail(message: str) -> InvalidFieldError:
        return InvalidFieldError(FieldError(field, spec.label, message))

    if _is_blank(value):
        if spec.required:
            raise fail(_required_message(spec))
        return "" if spec.kind in ("text", "long_text") else None

    if spec.kind in ("text", "long_text"):
        if not isinstance(value, str):
            raise fail(f"must be {spec.allowed()}")
        if LONE_SURROGATES.search(value):
            raise fail(UNSTORABLE_MESSAGE)
        if CONTROL_CHARS.search(value):
            raise fail("contains control characters that cannot be stored; remove them")
        if spec.max_len is not None and len(value) > spec.max_len:
            raise fail(f"is {len(value):,} characters long; {spec.allowed()} is allowed")
        return value

    if spec.kind in ("int", "float"):
        if isinstance(value, bool):
            raise fail(f"must be {spec.allowed()}")
        number: float
        if isinstance(value, str):
            raw = value.strip().replace(",", "")
            try:
                number = int(raw) if spec.kind == "int" else float(raw)
            except ValueError:
                raise fail(f"“{value[:40]}” is not {spec.allowed()}") from None
        elif isinstance(value, int | float):
            number = value
        else:
            raise fail(f"must be {spec.allowed()}")
        if spec.kind == "int":
            if isinstance(number, float) and not number.is_integer():
                raise fail(f"must be {spec.allowed()}")
            number = int(number)
        if number != number or number in (float("inf"), float("-inf")):
            raise fail(f"must be {spec.allowed()}")
        if (spec.minimum is not None and number < spec.minimum) or (
            spec.maximum is not None and number > spec.maximum
        ):
            raise fail(f"{format_number(number)} is out of range; enter {spec.allowed()}")
        return number

    if spec.kind == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return parse_nz_date(value)
            except ValueError:
                raise fail(f"“{value[:40]}” is not {spec.allowed()}") from None
        raise fail(f"must be {spec.allowed()}")

    if spec.kind == "choice":
        assert spec.choices is not None
        allowed = {m.value for m in spec.choices}
        if isinstance(value, str) and value in allowed:
            return value
        raise fail(f"must be {spec.allowed()}")

    raise fail("cannot be set here")  # pragma: no cover - every kind is handled above


def clean_values(model: type[Synced], values: dict[str, Any]) -> dict[str, Any]:
    """Clean every value, collecting all errors before raising (a form shows them all)."""
    cleaned: dict[str, Any] = {}
    errors: list[FieldError] = []
    columns = model.__table__.columns  # type: ignore[attr-defined]
    for field, value in values.items():
        if field in SYNC_COLUMNS:
            errors.append(FieldError(field, field, "is managed by the app and cannot be set"))
            continue
        spec = spec_of(model, field)
        if spec is None:
            if field in columns:  # a foreign key or internal column without a spec
                if isinstance(value, str) and LONE_SURROGATES.search(value):
                    errors.append(FieldError(field, field, UNSTORABLE_MESSAGE))
                    continue
                cleaned[field] = value
                continue
            errors.append(FieldError(field, field, f"is not a field of a {model.__label__}"))
            continue
        try:
            cleaned[field] = clean_value(spec, field, value)
        except InvalidFieldError as err:
            errors.append(err.error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _required_message(spec: FieldSpec) -> str:
    """Text fields just need filling in; for the others, say what form the value takes."""
    if spec.kind in ("text", "long_text"):
        return "is required"
    return f"is required; enter {spec.allowed()}"


def _check_required(obj: Synced) -> list[FieldError]:
    errors = []
    for column in obj.__table__.columns:  # type: ignore[attr-defined]
        spec = column.info.get("spec")
        if isinstance(spec, FieldSpec) and spec.required and _is_blank(getattr(obj, column.key)):
            errors.append(FieldError(column.key, spec.label, _required_message(spec)))
    return errors


def missing_on_insert(model: type[Synced], values: dict[str, Any]) -> list[FieldError]:
    """What a new record given only ``values`` would lack, as ``UnitOfWork.add`` sees it:
    a required field left blank, or a column the row cannot do without (a reference) left
    out. Columns with a default are filled by it, as in ``add``. (The district server
    holds a record pushed to it to the same rule.)"""
    errors = []
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        if column.key in SYNC_COLUMNS or column.default is not None:
            continue
        spec = column.info.get("spec")
        if isinstance(spec, FieldSpec):
            if spec.required and _is_blank(values.get(column.key)):
                errors.append(FieldError(column.key, spec.label, _required_message(spec)))
        elif not column.nullable and values.get(column.key) is None:
            errors.append(FieldError(column.key, column.key, "is required"))
    return errors


Rule = Callable[[Synced, Session], list[FieldError]]


def _agreement_dates(obj: Synced, _s: Session) -> list[FieldError]:
    assert isinstance(obj, PartnershipAgreement)
    if obj.agreed_on and obj.review_on and obj.review_on <= obj.agreed_on:
        return [
            FieldError(
                "review_on",
                "Review date",
                f"must be after the date agreed ({format_nz_date(obj.agreed_on)})",
            )
        ]
    return []


def _activity_dates(obj: Synced, _s: Session) -> list[FieldError]:
    assert isinstance(obj, PlanActivity)
    if obj.starts_on and obj.due_on and obj.due_on < obj.starts_on:
        return [
            FieldError(
                "due_on", "Due", f"must be on or after the start ({format_nz_date(obj.starts_on)})"
            )
        ]
    return []


def _one_per_year(model: Any, noun: str) -> Rule:
    def rule(obj: Synced, session: Session) -> list[FieldError]:
        other = session.scalar(
            select(model.id).where(
                model.school_id == obj.school_id,  # type: ignore[attr-defined]
                model.year == obj.year,  # type: ignore[attr-defined]
                model.deleted_at.is_(None),
                model.id != obj.id,
            )
        )
        if other:
            return [
                FieldError("year", "Year", f"this school already has a {noun} for {obj.year}")  # type: ignore[attr-defined]
            ]
        return []

    return rule


def _year_stage(obj: Synced, _s: Session) -> list[FieldError]:
    assert isinstance(obj, PartnershipYear)
    errors = []
    if obj.stage not in {s.value for s in Stage}:
        errors.append(FieldError("stage", "Stage", "must be 1, 2, 3 or 4"))
    if obj.status == PartnershipStatus.MAINTAINING and obj.stage != Stage.RELATIONSHIP:
        errors.append(
            FieldError("status", "Status", "maintaining by agreement applies only at stage 1")
        )
    if obj.status == PartnershipStatus.CLOSED:
        errors.append(
            FieldError("status", "Status this year", "must be Active or Maintaining at stage 1")
        )
    return errors


def _partnership_status(obj: Synced, _s: Session) -> list[FieldError]:
    """Maintaining at stage 1 is a year's state (``PartnershipYear``), not the partnership's."""
    assert isinstance(obj, Partnership)
    if obj.status == PartnershipStatus.MAINTAINING:
        return [FieldError("status", "Status", "must be Active or Closed")]
    return []


CROSS_FIELD_RULES: dict[type[Synced], list[Rule]] = {
    PartnershipAgreement: [_agreement_dates],
    PlanActivity: [_activity_dates],
    SchoolProfile: [_one_per_year(SchoolProfile, "school profile")],
    AnnualPlan: [_one_per_year(AnnualPlan, "annual plan")],
    Partnership: [_partnership_status],
    PartnershipYear: [_year_stage, _one_per_year(PartnershipYear, "partnership year")],
}


def validate_row(obj: Synced, session: Session) -> None:
    errors = _check_required(obj)
    for rule in CROSS_FIELD_RULES.get(type(obj), []):
        errors.extend(rule(obj, session))
    if errors:
        raise ValidationError(errors)
