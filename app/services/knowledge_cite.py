"""Using the knowledge bank in planning (no Qt): find narratives like this school's
problem, and cite them as evidence.

Stage 2 asks for "examples of how a specific problem has been dealt with elsewhere";
stage 3 chooses responses with a rationale, the first part of which is whether the
response has been shown to work. "Find similar interventions" searches the bank with the
words of the year's SARA plan (its title, problem statement and why it occurs), any
word counting and the narratives sharing the most ranked first. A citation is a record
of the school (``KnowledgeCitation``) and prints in the SARA plan, or in the response's
rationale in the annual partnership plan.
"""

from __future__ import annotations

import re

from app.models import KnowledgeCitation, KnowledgeEntry, SaraPlan
from app.services.knowledge_page import describe_school
from app.services.knowledge_search import KnowledgeHit, search
from app.services.records import live_in_year
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.years import current_year

MAX_WORDS = 24  # the plan's most telling words; a long statement is not a long query
_SHORT = 4  # shorter words are mostly joining words ("the", "at", "and")
# Longer joining words, which would match nearly every narrative.
_JOINING_WORDS = (
    "about after again also because before being between both during each from have "
    "into more most other over same some such than that their them then there these "
    "they this those through under until very what when where which while with would "
    "were been does"
)
_JOINING = frozenset(_JOINING_WORDS.split())


def plan_words(plan: SaraPlan) -> str:
    """The distinct longer words of the plan's title, problem and why it occurs."""
    text = " ".join((plan.title or "", plan.problem_statement or "", plan.why_it_occurs or ""))
    seen: dict[str, str] = {}
    for word in re.findall(r"\w+", text):
        if len(word) >= _SHORT and not word.isdigit() and word.casefold() not in _JOINING:
            seen.setdefault(word.casefold(), word)
    return " ".join(list(seen.values())[:MAX_WORDS])


def similar_to_plan(
    store: Store, school_id: str, year: int | None = None, limit: int = 20
) -> list[KnowledgeHit]:
    """Published narratives like the school's SARA plan of ``year`` (its current year by
    default); none when the year has no plan with words to search by."""
    with store.session() as session:
        year = year if year is not None else current_year(session, school_id)
        plans = live_in_year(session, SaraPlan, school_id, year)
        words = plan_words(plans[-1]) if plans else ""
        if not words:
            return []
        return search(session, words, limit=limit, any_word=True)


def cite(
    store: Store,
    actor: str,
    school_id: str,
    entry_id: str,
    note: str = "",
    response_id: str | None = None,
    year: int | None = None,
) -> KnowledgeCitation:
    """Cite a narrative as evidence in the year's SARA plan, or for one response's
    rationale when ``response_id`` is given. The title and what the entry says of its
    school are copied, so the documents print them on any device."""
    with UnitOfWork(store, actor) as uow:
        entry = uow.session.get(KnowledgeEntry, entry_id)
        if entry is None:
            raise LookupError("That narrative is not in the knowledge bank on this computer.")
        values: dict[str, object] = {
            "school_id": school_id,
            "entry_id": entry.id,
            "title": entry.title,
            "source": describe_school(entry),
            "note": note,
            "response_id": response_id,
        }
        if year is not None:
            values["year"] = year
        return uow.add(KnowledgeCitation, **values)


def remove_citation(store: Store, actor: str, citation_id: str) -> None:
    with UnitOfWork(store, actor) as uow:
        uow.delete(uow.get(KnowledgeCitation, citation_id))


def cite_targets(store: Store, school_id: str, year: int | None = None) -> list[tuple[str, str]]:
    """Where a citation may go: ("", "The SARA plan"), then each response of the year."""
    from app.models import Response
    from app.models.vocabulary import ResponseKind
    from app.services.knowledge_page import label_of

    with store.session() as session:
        year = year if year is not None else current_year(session, school_id)
        responses = live_in_year(session, Response, school_id, year)
        return [("", "The SARA plan")] + [
            (r.id, f"Response: {label_of(ResponseKind, r.kind)}") for r in responses
        ]


def all_citations(store: Store, school_id: str, year: int | None = None) -> list[tuple[str, str]]:
    """The year's citations as (id, line): what, from where, why, and where it is cited."""
    targets = dict(cite_targets(store, school_id, year))
    with store.session() as session:
        year = year if year is not None else current_year(session, school_id)
        found = live_in_year(session, KnowledgeCitation, school_id, year)
    lines = []
    for c in found:
        where = targets.get(c.response_id or "", "a removed response")
        note = f" — {c.note}" if c.note else ""
        lines.append((c.id, f"{c.title} ({c.source}){note} · in {where[0].lower()}{where[1:]}"))
    return lines
