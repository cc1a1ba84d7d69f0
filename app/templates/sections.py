"""The sections of the placeholder registry: which record fills which group of
placeholders, and under which name a template author writes them.

Fields come from each column's ``FieldSpec`` (``_spec_fields``), so a field added to a
model with a spec appears here without a second list to keep.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.models import (
    AimAssessment,
    AnnualPlan,
    CommunityOrganisation,
    InterventionNarrative,
    KnowledgeCitation,
    Outcome,
    PartnershipAgreement,
    Person,
    PlanActivity,
    PlanReview,
    PoliceDataRow,
    Reflection,
    Response,
    ResponseAim,
    SafetySurvey,
    SaraPlan,
    School,
    SchoolProfile,
    spec_of,
)


@dataclass(frozen=True, slots=True)
class Section:
    """A group of placeholders filled from one record (or, for lists, one row per record)."""

    name: str
    model: type[Any] | None
    fields: tuple[str, ...]
    is_list: bool = False
    loop_var: str = ""  # the alias the built-in templates use in their row loops
    derived: tuple[tuple[str, str, str], ...] = ()  # (field, meaning, source)


def _spec_fields(model: type[Any], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    skip = set(exclude)
    return tuple(c.key for c in model.__table__.columns if "spec" in c.info and c.key not in skip)


SECTIONS: tuple[Section, ...] = (
    Section(
        "school",
        School,
        _spec_fields(School, exclude=("notes",)),  # notes are the officer's own jottings
        derived=(
            ("year", "Partnership year the document is for", "PartnershipYear.year"),
            ("stage", "Partnership stage that year (with its SARA phase)", "PartnershipYear.stage"),
            ("status", "Partnership status", "Partnership.status"),
            ("started_on", "Partnership started", "Partnership.started_on"),
            ("lead_police_contact", "Lead Police Contact", "Person.name where role is LPC"),
            ("lead_school_contact", "Lead School Contact", "Person.name where role is LSC"),
            ("principal", "Principal / Tumuaki", "Person.name where role is principal"),
            ("services", "Police services (NZ operating model)", "SchoolService.tier"),
        ),
    ),
    Section("agreement", PartnershipAgreement, _spec_fields(PartnershipAgreement)),
    Section("profile", SchoolProfile, _spec_fields(SchoolProfile)),
    Section("sara", SaraPlan, _spec_fields(SaraPlan, exclude=("year",))),
    Section("plan", AnnualPlan, _spec_fields(AnnualPlan)),
    Section("reflection", Reflection, _spec_fields(Reflection, exclude=("year",))),
    Section(
        "narrative", InterventionNarrative, _spec_fields(InterventionNarrative, exclude=("year",))
    ),
    Section(
        "people",
        Person,
        _spec_fields(Person),
        is_list=True,
        loop_var="p",
        derived=(
            (
                "party",
                "Whose side the contact is on: New Zealand Police, the school or other",
                "Person.role",
            ),
        ),
    ),
    Section("organisations", CommunityOrganisation, _spec_fields(CommunityOrganisation), True, "o"),
    Section(
        "commitments",
        None,
        (),
        is_list=True,
        loop_var="c",
        derived=(
            ("party", "Who commits (Police or the school)", "PartnershipAgreement"),
            (
                "commitment",
                "One commitment (one line of the agreement's commitments)",
                "PartnershipAgreement.police_commitments / .school_commitments",
            ),
        ),
    ),
    Section("police_data", PoliceDataRow, _spec_fields(PoliceDataRow), True, "pd"),
    Section("surveys", SafetySurvey, _spec_fields(SafetySurvey), is_list=True, loop_var="sv"),
    Section("outcomes", Outcome, _spec_fields(Outcome), is_list=True, loop_var="m"),
    Section(
        "aims",
        ResponseAim,
        _spec_fields(ResponseAim, exclude=("year",)),
        is_list=True,
        loop_var="aim",
        derived=tuple(
            (f, f"Assessment: {spec.label}", f"AimAssessment.{f}")
            for f in _spec_fields(AimAssessment, exclude=("year",))
            if (spec := spec_of(AimAssessment, f)) is not None
        ),
    ),
    Section(
        "responses",
        Response,
        _spec_fields(Response, exclude=("year",)),
        is_list=True,
        loop_var="r",
        derived=(("aim", "The aim this response serves", "ResponseAim.statement"),),
    ),
    Section(
        "citations",
        KnowledgeCitation,
        _spec_fields(KnowledgeCitation, exclude=("year", "entry_id")),
        is_list=True,
        loop_var="ci",
    ),
    Section(
        "activities",
        PlanActivity,
        _spec_fields(PlanActivity),
        is_list=True,
        loop_var="a",
        derived=(("timeframe", "Timeframe (starts – due)", "PlanActivity.starts_on, .due_on"),),
    ),
    Section("reviews", PlanReview, _spec_fields(PlanReview), is_list=True, loop_var="rv"),
)


SECTION_BY_NAME: dict[str, Section] = {s.name: s for s in SECTIONS}


GLOBALS: tuple[tuple[str, str, str], ...] = (
    ("document_title", "The document's title", "DocumentKind"),
    ("exported_on", "Date the document was produced (dd/mm/yyyy)", "today's date"),
    ("classification", "Security classification (IN-CONFIDENCE)", "SECURITY_CLASSIFICATION"),
)


def placeholder_name(section: Section, field: str) -> str:
    return f"{section.name}[].{field}" if section.is_list else f"{section.name}.{field}"


def section_fields(section: Section) -> list[tuple[str, str, str, str]]:
    """(field, meaning, source, kind) for every placeholder a section offers."""
    out = []
    for f in section.fields:
        spec = spec_of(section.model, f) if section.model else None
        assert spec is not None and section.model is not None
        out.append((f, spec.label, f"{section.model.__name__}.{f}", spec.kind))
    out += [(f, meaning, source, "derived") for f, meaning, source in section.derived]
    return out
