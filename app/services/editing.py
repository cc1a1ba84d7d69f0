"""Loading and saving one record's fields for the forms, through the unit of work.

Forms send what a person typed, as text; this module turns it into stored values and
reports every problem per field. A save keeps every field that is valid and returns the
others with their errors, so one bad date never loses the paragraph typed beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    AimAssessment,
    AnnualPlan,
    CommunityOrganisation,
    EngagementEntry,
    FieldSpec,
    Outcome,
    OutcomeMeasurement,
    Person,
    PlanActivity,
    PlanReview,
    PoliceDataRow,
    Response,
    ResponseAim,
    SafetySurvey,
    SchoolService,
    Synced,
    spec_of,
)
from app.models.vocabulary import YEAR_IN_FORMS, YEAR_TABLES
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import current_year
from lpc_core.formatting import Shown, display_text, format_nz_date
from lpc_core.validation import FieldError, ValidationError, clean_values


@dataclass(frozen=True, slots=True)
class FormField:
    name: str
    spec: FieldSpec


@dataclass(frozen=True)
class SaveResult:
    """What a save kept and what it refused; ``row_version`` is the row's version after."""

    saved: tuple[str, ...]
    errors: tuple[FieldError, ...]
    row_version: int

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class RowSummary:
    id: str
    title: str
    links: dict[str, str | None] = field(default_factory=dict)


def form_fields(model: type[Synced], exclude: tuple[str, ...] = ()) -> list[FormField]:
    """Every field a person fills in, in the model's order, with its spec (a record's
    year is set by the year it is made in, see ``YEAR_IN_FORMS``)."""
    table = model.__tablename__  # type: ignore[attr-defined]
    if table in YEAR_TABLES and table not in YEAR_IN_FORMS:
        exclude = (*exclude, "year")
    found = []
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        spec = spec_of(model, column.key)
        if spec is not None and column.key not in exclude:
            found.append(FormField(column.key, spec))
    return found


# -- reading ---------------------------------------------------------------------------


def _links_of(model: type[Synced]) -> list[str]:
    """Columns that point at another record (foreign keys other than the school)."""
    return [
        c.key
        for c in model.__table__.columns  # type: ignore[attr-defined]
        if c.foreign_keys and c.key != "school_id"
    ]


def load_values(store: Store, model: type[Synced], row_id: str) -> dict[str, str | None]:
    """The record's fields as form text, plus its links (ids) to other records."""
    with store.session() as session:
        obj = session.get(model, row_id)
        if obj is None or obj.is_deleted:
            raise LookupError(f"this {model.__label__} no longer exists")
        values: dict[str, str | None] = {
            f.name: display_text(f.spec, getattr(obj, f.name), Shown.FORM)
            for f in form_fields(model)
        }
        for link in _links_of(model):
            values[link] = getattr(obj, link)
        return values


def _title(obj: Synced) -> str:
    describe = _DESCRIBE.get(type(obj))
    if describe is not None:
        return describe(obj)
    fields = form_fields(type(obj))
    first = next((f for f in fields if f.spec.required), fields[0] if fields else None)
    if first is None:
        return type(obj).__label__
    title = display_text(first.spec, getattr(obj, first.name), Shown.TABLE)
    return title or f"(no {first.spec.label})"


def _label_of(model: type[Synced], name: str, obj: Synced) -> str:
    spec = spec_of(model, name)
    assert spec is not None
    return display_text(spec, getattr(obj, name), Shown.TABLE)


_DESCRIBE: dict[type[Synced], Callable[[Any], str]] = {
    Person: lambda p: f"{p.name} · {_label_of(Person, 'role', p)}",
    Response: lambda r: _label_of(Response, "kind", r),
    EngagementEntry: lambda e: (
        f"{format_nz_date(e.occurred_on)} · {_label_of(EngagementEntry, 'kind', e)}"
    ),
    OutcomeMeasurement: lambda m: (
        f"{format_nz_date(m.measured_on)} · {_label_of(OutcomeMeasurement, 'value', m)}"
    ),
    PlanReview: lambda r: f"Review {format_nz_date(r.reviewed_on)}",
    AimAssessment: lambda a: _label_of(AimAssessment, "result", a),
    CommunityOrganisation: lambda o: o.name,
    SafetySurvey: lambda s: (
        f"{format_nz_date(s.surveyed_on)} · {_label_of(SafetySurvey, 'respondents', s)}"
    ),
    SchoolService: lambda s: _label_of(SchoolService, "tier", s),
    PoliceDataRow: lambda r: " · ".join(t for t in (r.category, r.period) if t),
}


def list_rows(
    store: Store,
    model: type[Synced],
    school_id: str,
    where: dict[str, str] | None = None,
    year: int | None = None,
) -> list[RowSummary]:
    """Live rows of one kind for a school, oldest first (the order they were added); a
    per-year kind lists one year's rows (``year``, by default the school's current)."""
    with store.session() as session:
        stmt = select(model).where(
            model.school_id == school_id,  # type: ignore[attr-defined]
            model.deleted_at.is_(None),
        )
        if model.__tablename__ in YEAR_TABLES:  # type: ignore[attr-defined]
            shown = year if year is not None else current_year(session, school_id)
            stmt = stmt.where(model.year == shown)  # type: ignore[attr-defined]
        for key, value in (where or {}).items():
            stmt = stmt.where(getattr(model, key) == value)
        if model is PlanActivity:
            stmt = stmt.order_by(PlanActivity.position, PlanActivity.created_at)
        else:
            stmt = stmt.order_by(model.created_at, model.id)
        rows = list(session.scalars(stmt))
        titles = _assessment_titles(session, rows) if model is AimAssessment else {}
        return [
            RowSummary(
                r.id,
                titles.get(r.id, _title(r)),
                {link: getattr(r, link) for link in _links_of(model)},
            )
            for r in rows
        ]


def _assessment_titles(session: Any, rows: list[Any]) -> dict[str, str]:
    titles = {}
    for a in rows:
        aim = session.get(ResponseAim, a.aim_id)
        statement = aim.statement[:50] if aim is not None else "(aim removed)"
        titles[a.id] = f"{statement} · {_label_of(AimAssessment, 'result', a)}"
    return titles


# -- writing ---------------------------------------------------------------------------


def _clean_each(
    model: type[Synced], values: dict[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean field by field so one bad value does not hold the others back."""
    good: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, value in values.items():
        try:
            good.update(clean_values(model, {name: value}))
        except ValidationError as exc:
            errors.extend(exc.errors)
    return good, errors


def save_fields(
    store: Store, actor: str, model: type[Synced], row_id: str, values: dict[str, Any]
) -> SaveResult:
    """Store the valid fields; return the invalid ones with why, leaving them unsaved.

    A rule that spans fields (a review date before the date agreed) refuses the whole
    update; the fields it names are then taken out and the rest saved in a second try.
    """
    good, errors = _clean_each(model, values)
    while good:
        try:
            with UnitOfWork(store, actor) as uow:
                version = uow.update(uow.get(model, row_id), **good).row_version
            return SaveResult(tuple(good), tuple(errors), version)
        except ValidationError as exc:
            errors.extend(e for e in exc.errors if e not in errors)
            blocking = {e.field for e in exc.errors} & set(good)
            if not blocking:  # the row breaks a rule outside what was sent
                break
            good = {k: v for k, v in good.items() if k not in blocking}
    return SaveResult((), tuple(errors), -1)


def add_row(
    store: Store,
    actor: str,
    model: type[Synced],
    school_id: str,
    values: dict[str, Any],
    year: int | None = None,
) -> str:
    """Insert a record for a school; raises ``ValidationError`` naming each bad field. A
    per-year record goes in ``year`` when given (a past year on screen), else the
    school's current year."""
    if year is not None and model.__tablename__ in YEAR_TABLES:  # type: ignore[attr-defined]
        values = {"year": year, **values}
    with UnitOfWork(store, actor) as uow:
        return uow.add(model, school_id=school_id, **values).id


def delete_row(store: Store, actor: str, model: type[Synced], row_id: str) -> None:
    with UnitOfWork(store, actor) as uow:
        uow.delete(uow.get(model, row_id))


def check_values(model: type[Synced], values: dict[str, Any]) -> list[FieldError]:
    """What is wrong with a set of typed values, without touching the store."""
    return _clean_each(model, values)[1]


LINK_LABELS: dict[tuple[type[Synced], str], str] = {
    (ResponseAim, "outcome_id"): "Agreed outcome it serves",
    (Response, "aim_id"): "Aim it responds to",
    (AimAssessment, "aim_id"): "Aim assessed",
    (OutcomeMeasurement, "outcome_id"): "Outcome measured",
    (PlanActivity, "response_id"): "Response it delivers",
}
"""Labels for links between records; they have no FieldSpec because nobody types them."""


def link_choices(
    store: Store, school_id: str, target: type[Synced], year: int | None = None
) -> list[tuple[str, str]]:
    """(id, title) of the records a link may point at, for a drop-down; a per-year target
    lists those of ``year`` (the school's current year by default)."""
    return [(r.id, r.title) for r in list_rows(store, target, school_id, year=year)]


def _year_of(session: Session, obj: Any) -> int | None:
    """The partnership year a record is in: its own, or its plan's for an activity."""
    if isinstance(obj, PlanActivity):
        plan = session.get(AnnualPlan, obj.plan_id)
        return plan.year if plan is not None else None
    year = getattr(obj, "year", None)
    return year if isinstance(year, int) else None


LINK_TARGETS: dict[tuple[type[Synced], str], type[Synced]] = {
    (ResponseAim, "outcome_id"): Outcome,
    (Response, "aim_id"): ResponseAim,
    (AimAssessment, "aim_id"): ResponseAim,
    (OutcomeMeasurement, "outcome_id"): Outcome,
    (PlanActivity, "response_id"): Response,
}


@dataclass(frozen=True)
class FormData:
    """A record's values as form text and, for each link, the records it may point at."""

    values: dict[str, str | None]
    choices: dict[str, list[tuple[str, str]]]


def load_form(store: Store, model: type[Synced], row_id: str) -> FormData:
    values = load_values(store, model, row_id)
    choices: dict[str, list[tuple[str, str]]] = {}
    links = [name for (m, name) in LINK_TARGETS if m is model]
    if links:
        with store.session() as session:
            obj = session.get(model, row_id)
            school_id = str(getattr(obj, "school_id", ""))
            year = _year_of(session, obj)  # a past year's record links within that year
        for name in links:
            choices[name] = link_choices(store, school_id, LINK_TARGETS[(model, name)], year)
    return FormData(values, choices)


def cleaned_or_none(model: type[Synced], values: dict[str, Any]) -> dict[str, Any]:
    """Typed values for checks that read a draft (the SMART panel): bad ones become None."""
    good, _errors = _clean_each(model, values)
    return {name: good.get(name) for name in values}


def default_values(model: type[Synced]) -> dict[str, str | None]:
    """The form text a new record starts with: each column's default, where it has one."""
    values: dict[str, str | None] = {}
    for f in form_fields(model):
        column = model.__table__.columns[f.name]  # type: ignore[attr-defined]
        default = column.default.arg if column.default is not None else None
        if default is not None and not callable(default):
            values[f.name] = display_text(f.spec, default, Shown.FORM)
    return values
