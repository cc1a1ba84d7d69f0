"""Turning one school's records into the values a template prints.

Every value becomes display text here (dates dd/mm/yyyy, choices by label, empty as
"Not recorded") so templates never format anything and a district template cannot call
into the model objects. The values are plain strings in plain dicts: the template sees
data, never code, and the sandboxed, autoescaping renderer prints them literally.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.models import AnnualPlan, FieldSpec, KnowledgeCitation, Partnership, PlanReview, spec_of
from app.models.vocabulary import (
    SECURITY_CLASSIFICATION,
    Party,
    Role,
    ServiceTier,
    Stage,
    party_of,
    year_label,
)
from app.services.records import SchoolRecords, load_school
from app.services.years import shown_status
from app.templates.fields import NOT_RECORDED, DocumentKind
from app.templates.sections import SECTION_BY_NAME, Section
from lpc_core.formatting import Shown, display_text, format_nz_date

Row = dict[str, str]
Context = dict[str, Any]


def display(value: Any, spec: FieldSpec | None = None) -> str:
    """One stored value as a reader of a printed document should see it."""
    return display_text(spec, value, Shown.DOCUMENT)


def record_row(section: Section, obj: Any | None) -> Row:
    """The section's model fields for one record; all "Not recorded" when there is none."""
    row: Row = {}
    for field in section.fields:
        spec = spec_of(section.model, field) if section.model is not None else None
        row[field] = display(getattr(obj, field) if obj is not None else None, spec)
    for field, *_ in section.derived:
        row.setdefault(field, NOT_RECORDED)
    return row


def empty_list_row(section: Section) -> Row:
    """Stands in for an empty list so its table says "Not recorded" instead of nothing."""
    names = [*section.fields, *(f for f, *_ in section.derived)]
    return {name: (NOT_RECORDED if i == 0 else "") for i, name in enumerate(names)}


def _names(records: SchoolRecords, role: Role) -> str:
    return ", ".join(p.name for p in records.people_in_role(role)) or NOT_RECORDED


def _school(records: SchoolRecords) -> Row:
    row = record_row(SECTION_BY_NAME["school"], records.school)
    partnership, year = records.partnership, records.partnership_year
    if year is not None:
        stage = Stage(year.stage)
        row["stage"] = f"{stage.value} · {stage.label} (SARA: {stage.sara})"
    if partnership is not None:
        status = shown_status(partnership.status, year)
        row["status"] = display(status.value, spec_of(Partnership, "status"))
        row["started_on"] = display(partnership.started_on)
    row["year"] = year_label(records.year)
    row["lead_police_contact"] = _names(records, Role.LEAD_POLICE_CONTACT)
    row["lead_school_contact"] = _names(records, Role.LEAD_SCHOOL_CONTACT)
    row["principal"] = _names(records, Role.PRINCIPAL)
    tiers = [ServiceTier(t).label for t in records.service_tiers]
    row["services"] = "; ".join(tiers) or NOT_RECORDED
    return row


def commitment_lines(text: str) -> list[str]:
    """One commitment per line; list bullets people type or paste are dropped."""
    lines = (line.strip().lstrip("-•*–").strip() for line in (text or "").splitlines())
    return [unicodedata.normalize("NFC", line) for line in lines if line]


def _commitments(records: SchoolRecords) -> list[Row]:
    agreement = records.agreement
    if agreement is None:
        return []
    rows = [
        {"party": "Police", "commitment": line}
        for line in commitment_lines(agreement.police_commitments)
    ]
    rows += [
        {"party": "The school", "commitment": line}
        for line in commitment_lines(agreement.school_commitments)
    ]
    return rows


def _timeframe(starts: date | None, due: date | None) -> str:
    if starts and due:
        return f"{format_nz_date(starts)} – {format_nz_date(due)}"
    if due:
        return f"by {format_nz_date(due)}"
    if starts:
        return f"from {format_nz_date(starts)}"
    return NOT_RECORDED


def _rows(records: SchoolRecords, plan: AnnualPlan | None) -> dict[str, list[Row]]:
    def rows_of(name: str, objects: list[Any]) -> list[Row]:
        return [record_row(SECTION_BY_NAME[name], o) for o in objects]

    role_order = {role.value: i for i, role in enumerate(Role)}
    parties = list(Party)  # contacts print grouped: Police, the school, then others
    people = sorted(
        records.people,
        key=lambda p: (parties.index(party_of(p.role)), role_order.get(p.role, len(role_order))),
    )
    aims = []
    for aim in records.aims:
        row = record_row(SECTION_BY_NAME["aims"], aim)
        assessment = records.assessment_of(aim)
        if assessment is not None:
            row.update(record_row(_ASSESSMENT_SECTION, assessment))
        aims.append(row)
    statements = {aim.id: aim.statement for aim in records.aims}
    responses = []
    for response in records.responses:
        row = record_row(SECTION_BY_NAME["responses"], response)
        row["aim"] = display(statements.get(response.aim_id or ""))
        cited = [_citation_line(c) for c in records.citations if c.response_id == response.id]
        if cited:  # narratives from the bank are evidence the response has worked elsewhere
            written = (response.rationale_evidence or "").strip()
            shown = [row["rationale_evidence"]] if written else []
            row["rationale_evidence"] = "\n".join([*shown, *cited])
        responses.append(row)
    activities = []
    reviews: list[PlanReview] = []
    if plan is not None:
        for activity in records.activities_of(plan):
            row = record_row(SECTION_BY_NAME["activities"], activity)
            row["timeframe"] = _timeframe(activity.starts_on, activity.due_on)
            activities.append(row)
        reviews = sorted(
            (r for r in records.reviews if r.plan_id == plan.id), key=lambda r: r.reviewed_on
        )
    return {
        "people": [
            {**record_row(SECTION_BY_NAME["people"], p), "party": party_of(p.role).label}
            for p in people
        ],
        "organisations": rows_of("organisations", records.organisations),
        "commitments": _commitments(records),
        "police_data": rows_of("police_data", records.police_rows_of(records.latest_profile)),
        "surveys": rows_of("surveys", records.surveys_for(records.latest_profile)),
        "outcomes": rows_of("outcomes", records.outcomes),
        "aims": aims,
        "responses": responses,
        "activities": activities,
        "reviews": rows_of("reviews", reviews),
        # Stage 2's evidence from elsewhere: narratives cited in the SARA plan itself.
        "citations": rows_of("citations", [c for c in records.citations if not c.response_id]),
    }


def _citation_line(citation: KnowledgeCitation) -> str:
    """One cited narrative, as a response's rationale prints it."""
    source = f" ({citation.source})" if citation.source else ""
    return f"Knowledge bank: {citation.title}{source}"


def _assessment_section() -> Section:
    from app.models import AimAssessment

    aims = SECTION_BY_NAME["aims"]
    return Section("assessment", AimAssessment, tuple(f for f, *_ in aims.derived))


_ASSESSMENT_SECTION = _assessment_section()


def build_context(
    records: SchoolRecords, kind: DocumentKind | None = None, today: date | None = None
) -> Context:
    """Everything any of the five templates may print for this school.

    Built once per school and shared by its documents; only ``document_title`` differs.
    """
    plan = records.current_plan
    context: Context = {
        "document_title": kind.info.title if kind is not None else "",
        "exported_on": format_nz_date(today or date.today()),
        "classification": SECURITY_CLASSIFICATION,
        "school": _school(records),
        "agreement": record_row(SECTION_BY_NAME["agreement"], records.agreement),
        "profile": record_row(SECTION_BY_NAME["profile"], records.latest_profile),
        "sara": record_row(SECTION_BY_NAME["sara"], records.sara_plan),
        "plan": record_row(SECTION_BY_NAME["plan"], plan),
        "reflection": record_row(SECTION_BY_NAME["reflection"], records.reflection),
        "narrative": record_row(SECTION_BY_NAME["narrative"], records.narrative),
    }
    for name, rows in _rows(records, plan).items():
        context[name] = rows or [empty_list_row(SECTION_BY_NAME[name])]
    return context


def for_document(context: Context, kind: DocumentKind) -> Context:
    return {**context, "document_title": kind.info.title}


def load_context(
    session: Session, school_id: str, today: date | None = None, year: int | None = None
) -> Context:
    """Read one school's records of one year (its current year by default, live rows
    only) and build its context."""
    return build_context(load_school(session, school_id, year), None, today)
