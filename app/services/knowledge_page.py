"""What the Knowledge bank screen reads (no Qt): searches and a narrative's readable page.

The screen never opens a session; it calls these with the store. A page is made of
plain text pieces (the screen escapes them), with every stored value turned into words
here: choices by their labels, numbers as people write them, the aim's baseline and
result side by side.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.models import KnowledgeEntry
from app.models.base import format_number
from app.models.vocabulary import (
    AssessmentResult,
    KnowledgeState,
    ProblemType,
    ResponseKind,
    RollBand,
    SchoolType,
)
from app.services.knowledge_search import KnowledgeFilters, KnowledgeHit, search
from app.services.store import Store

RATIONALE = (
    ("rationale_evidence", "Shown to work"),
    ("rationale_resourcing", "Timeframe and resourcing"),
    ("rationale_buy_in", "Buy-in"),
    ("rationale_logic", "How it affects the problem"),
)
REFLECTION = (
    ("what_happened", "What happened"),
    ("why_it_happened", "Why it happened"),
    ("do_differently", "What we would do differently"),
    ("next_steps", "Next steps"),
)


def label_of(enum: Any, value: str) -> str:
    """A choice's label; a value from a newer version is shown as stored."""
    member = enum._value2member_map_.get(value)
    return str(member.label) if member is not None else value


@dataclass(frozen=True)
class AimLine:
    statement: str
    change: str  # "18 → 9 reports a term (target 9)"
    result: str
    evidence: str


@dataclass(frozen=True)
class ResponseLine:
    kind: str
    description: str
    rationale: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class KnowledgePage:
    entry_id: str
    title: str
    about: str  # school (or type), roll band, region, year
    problem_type: str
    aims_result: str
    state: str
    sections: tuple[tuple[str, str], ...]  # (heading, text) of the narrative, in order
    aims: tuple[AimLine, ...] = ()
    responses: tuple[ResponseLine, ...] = ()
    reflection: tuple[tuple[str, str], ...] = ()
    lessons: str = ""
    review: str = ""  # the supervisor's comment on a returned entry
    extra: dict[str, str] = field(default_factory=dict)
    state_value: str = ""  # the stored state, for the screen's choices


def search_bank(
    store: Store, words: str, filters: KnowledgeFilters | None = None, limit: int = 50
) -> list[KnowledgeHit]:
    with store.session() as session:
        return search(session, words, filters, limit)


def bank_years(store: Store) -> list[int]:
    """The years of published entries, newest first, for the year filter."""
    with store.session() as session:
        years = session.scalars(
            select(KnowledgeEntry.year)
            .where(KnowledgeEntry.state == KnowledgeState.PUBLISHED.value)
            .distinct()
        )
        return sorted(years, reverse=True)


def load_page(store: Store, entry_id: str) -> KnowledgePage:
    with store.session() as session:
        entry = session.get(KnowledgeEntry, entry_id)
        if entry is None:
            raise LookupError(f"knowledge bank entry {entry_id} is not on this computer")
        return page_of(entry)


def describe_school(entry: KnowledgeEntry) -> str:
    """What a reader learns of the school: its name only when the entry is named."""
    parts = [label_of(SchoolType, entry.school_type), label_of(RollBand, entry.roll_band)]
    if entry.named and entry.school_name:
        parts.insert(0, entry.school_name)
    if entry.region:
        parts.append(entry.region)
    parts.append(str(entry.year))
    return " · ".join(parts)


def page_of(entry: KnowledgeEntry) -> KnowledgePage:
    sections = tuple(
        (heading, text)
        for heading, text in (
            ("The school and its community", entry.context or ""),
            ("The problem", entry.problem or ""),
            ("The intervention", entry.intervention or ""),
            ("How it was implemented", entry.implementation or ""),
            ("Results and evidence", entry.results or ""),
        )
        if text.strip()
    )
    reflection = json.loads(entry.reflection_json or "{}")
    return KnowledgePage(
        entry_id=entry.id,
        title=entry.title,
        about=describe_school(entry),
        problem_type=label_of(ProblemType, entry.problem_type),
        aims_result=label_of(AssessmentResult, entry.aims_result),
        state=label_of(KnowledgeState, entry.state),
        sections=sections,
        aims=tuple(_aim(a) for a in json.loads(entry.aims_json or "[]")),
        responses=tuple(_response(r) for r in json.loads(entry.responses_json or "[]")),
        reflection=tuple(
            (heading, str(reflection[key])) for key, heading in REFLECTION if reflection.get(key)
        ),
        lessons=entry.lessons or "",
        review=(entry.review_comment or "") if entry.state == KnowledgeState.RETURNED else "",
        state_value=entry.state,
    )


def _number(value: Any) -> str:
    return format_number(float(value)) if isinstance(value, int | float) else "?"


def _aim(aim: dict[str, Any]) -> AimLine:
    unit = str(aim.get("unit") or aim.get("measure") or "")
    change = ""
    if aim.get("baseline") is not None or aim.get("measured_value") is not None:
        change = f"{_number(aim.get('baseline'))} → {_number(aim.get('measured_value'))}"
        change += f" {unit}".rstrip()
        if aim.get("target") is not None:
            change += f" (target {_number(aim.get('target'))})"
    result = str(aim.get("result") or "")
    return AimLine(
        statement=str(aim.get("statement") or ""),
        change=change,
        result=label_of(AssessmentResult, result) if result else "Not assessed",
        evidence=str(aim.get("evidence") or ""),
    )


def _response(response: dict[str, Any]) -> ResponseLine:
    return ResponseLine(
        kind=label_of(ResponseKind, str(response.get("kind") or "")),
        description=str(response.get("description") or ""),
        rationale=tuple(
            (heading, str(response[key])) for key, heading in RATIONALE if response.get(key)
        ),
    )
