"""The one registry of documents and placeholders.

The template generator writes these placeholders, the exporter fills them, the district
template checker accepts only these, and the UI lists them for people editing templates.
Labels come from each column's ``FieldSpec`` so a renamed field is renamed everywhere.

Placeholder names are what a template author types: ``school.name`` is written
``{{ school.name }}``; a list item field such as ``activities[].lead`` is written
``{{ a.lead }}`` inside a row loop ``{%tr for a in activities %}`` … ``{%tr endfor %}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.models.vocabulary import Stage
from app.templates.sections import (
    GLOBALS,
    SECTION_BY_NAME,
    SECTIONS,
    Section,
    placeholder_name,
    section_fields,
)

NOT_RECORDED = "Not recorded"


"""Printed wherever a field is empty, so a reader can tell "blank" from "left out"."""


class DocumentKind(StrEnum):
    """The five documents of the partnership model; the value is the id used on the CLI."""

    AGREEMENT = "agreement"
    PROFILE = "profile"
    SARA = "sara"
    ANNUAL_PLAN = "annual-plan"
    NARRATIVE = "narrative"

    @property
    def info(self) -> DocumentInfo:
        return DOCUMENTS[self]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    kind: DocumentKind
    title: str
    template_file: str
    stage: Stage
    purpose: str


DOCUMENTS: dict[DocumentKind, DocumentInfo] = {
    info.kind: info
    for info in (
        DocumentInfo(
            DocumentKind.AGREEMENT,
            "Partnership Agreement",
            "partnership_agreement.docx",
            Stage.RELATIONSHIP,
            "What Police and the school each commit to, how they share information and how "
            "serious offending is handled.",
        ),
        DocumentInfo(
            DocumentKind.PROFILE,
            "School Profile",
            "school_profile.docx",
            Stage.RELATIONSHIP,
            "This year's picture of issues: Police data beside school data, with the agreed "
            "outcomes and measures of success.",
        ),
        DocumentInfo(
            DocumentKind.SARA,
            "SARA Problem-Solving Plan",
            "sara_plan.docx",
            Stage.ANALYSIS,
            "The problem, the theories tested against data and the responses considered.",
        ),
        DocumentInfo(
            DocumentKind.ANNUAL_PLAN,
            "Annual Partnership Plan",
            "annual_plan.docx",
            Stage.RESPONSE,
            "SMART aims, the chosen responses and the activities with their steps, "
            "timeframes, resources and leads.",
        ),
        DocumentInfo(
            DocumentKind.NARRATIVE,
            "School-wide Intervention Narrative",
            "intervention_narrative.docx",
            Stage.ACHIEVEMENT,
            "What was done, what it achieved and the lessons for other schools and Police.",
        ),
    )
}


def document_kind(value: str) -> DocumentKind:
    """Accept the id (``annual-plan``), the enum name or the title, case-insensitively."""
    wanted = value.strip().casefold().replace("_", "-")
    for kind, info in DOCUMENTS.items():
        if wanted in (kind.value, kind.name.casefold().replace("_", "-"), info.title.casefold()):
            return kind
    ids = ", ".join(k.value for k in DocumentKind)
    raise ValueError(f"unknown document “{value}”; choose one of: {ids}")


def _all(section: str, *, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    s = SECTION_BY_NAME[section]
    skip = set(exclude)
    return tuple(placeholder_name(s, f) for f, *_ in section_fields(s) if f not in skip)


def _items(section: str, *fields: str) -> tuple[str, ...]:
    return tuple(placeholder_name(SECTION_BY_NAME[section], f) for f in fields)


_COMMON = ("document_title", "exported_on", "classification", "school.name")


USES: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.AGREEMENT: (
        *_COMMON,
        *_items("school", "moe_number", "address", "district", "area", "services", "year"),
        *_all("agreement", exclude=("police_commitments", "school_commitments")),
        *_items("commitments", "party", "commitment"),
        *_items("people", "party", "name", "role", "email", "phone"),
        *_items("organisations", "name", "kind", "purpose", "contact"),
    ),
    DocumentKind.PROFILE: (
        *_COMMON,
        *_items(
            "school",
            "moe_number",
            "school_type",
            "roll",
            "cluster",
            "district",
            "area",
            "lead_police_contact",
            "lead_school_contact",
            "year",
            "stage",
        ),
        *_all("profile"),
        *_all("police_data"),
        *_all("surveys"),
        *_items("outcomes", "description", "measure", "unit", "baseline", "target"),
        *_items("organisations", "name", "kind", "purpose", "contact"),
    ),
    DocumentKind.SARA: (
        *_COMMON,
        *_items("school", "lead_police_contact", "lead_school_contact", "year", "stage"),
        *_all("sara"),
        *_items("outcomes", "description", "measure", "baseline", "target", "unit"),
        *_all("citations"),
    ),
    DocumentKind.ANNUAL_PLAN: (
        *_COMMON,
        *_items(
            "school", "lead_police_contact", "lead_school_contact", "year", "stage", "services"
        ),
        *_all("plan"),
        *_items(
            "aims",
            "statement",
            "measure",
            "baseline",
            "target",
            "unit",
            "due_on",
            "attainable",
            "realistic",
        ),
        *_items(
            "responses",
            "kind",
            "aim",
            "description",
            "rationale_evidence",
            "rationale_resourcing",
            "rationale_buy_in",
            "rationale_logic",
        ),
        *_items(
            "activities", "title", "steps", "timeframe", "horizon", "resources", "lead", "status"
        ),
        *_items("reviews", "reviewed_on", "outcome"),
    ),
    DocumentKind.NARRATIVE: (
        *_COMMON,
        *_items("school", "school_type", "roll", "cluster", "year", "lead_police_contact"),
        *_all("narrative"),
        *_items(
            "aims",
            "statement",
            "baseline",
            "target",
            "unit",
            "result",
            "measured_value",
            "measured_on",
            "evidence",
        ),
        *_all("reflection"),
    ),
}


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str
    meaning: str
    source: str
    kind: str  # a FieldSpec kind, or "derived" for values computed at export
    documents: frozenset[DocumentKind]

    @property
    def section(self) -> str:
        return self.name.split(".")[0].removesuffix("[]")

    @property
    def field(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    @property
    def example(self) -> str:
        """What to type in Word to use this placeholder."""
        section = SECTION_BY_NAME.get(self.section)
        if section is not None and section.is_list:
            return (
                f"{{{{ {section.loop_var}.{self.field} }}}} inside "
                f"{{%tr for {section.loop_var} in {section.name} %}} … {{%tr endfor %}}"
            )
        return f"{{{{ {self.name} }}}}"


def _build_registry() -> dict[str, Placeholder]:
    used: dict[str, set[DocumentKind]] = {}
    for kind, names in USES.items():
        for name in names:
            used.setdefault(name, set()).add(kind)
    registry: dict[str, Placeholder] = {}
    for name, meaning, source in GLOBALS:
        registry[name] = Placeholder(name, meaning, source, "derived", frozenset())
    for section in SECTIONS:
        for f, meaning, source, spec_kind in section_fields(section):
            name = placeholder_name(section, f)
            registry[name] = Placeholder(name, meaning, source, spec_kind, frozenset())
    unknown = set(used) - set(registry)
    if unknown:  # a typo in USES must fail at import, not in an officer's document
        raise RuntimeError(f"USES names placeholders that do not exist: {sorted(unknown)}")
    return {
        name: Placeholder(p.name, p.meaning, p.source, p.kind, frozenset(used.get(name, ())))
        for name, p in registry.items()
    }


PLACEHOLDERS: dict[str, Placeholder] = _build_registry()


def placeholders_for(kind: DocumentKind) -> list[Placeholder]:
    """The placeholders a document's built-in template uses, in the order they appear."""
    return [PLACEHOLDERS[name] for name in USES[kind]]


def list_sections_for(kind: DocumentKind) -> list[Section]:
    """The list sections a document loops over (what the exporter must load for it)."""
    seen = {PLACEHOLDERS[n].section for n in USES[kind]}
    return [s for s in SECTIONS if s.is_list and s.name in seen]
