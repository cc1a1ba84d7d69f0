"""Searching the knowledge bank on this device, offline (no Qt).

The words go to the SQLite FTS5 index migration 0013 built (``knowledge_fts``), which
folds macrons both ways, so "whanau" finds "whānau". Results are ranked by bm25 with the
title weighted above the body, and the matched words come back marked by
``knowledge_publish.MARKERS``; the markers are split out here into ``(text, matched)``
segments, so a screen shows user text as text and never parses it as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.models.knowledge import SEARCH_INDEX
from app.models.vocabulary import KnowledgeState
from app.services.knowledge_text import MARKERS

Segment = tuple[str, bool]
"""A piece of text and whether it is a matched word."""

# Columns of the index: entry_id (unindexed), then these, weighted for bm25.
_WEIGHTS = "0.0, 5.0, 2.0, 2.0, 1.0, 2.0, 1.0"
_SNIPPET_WORDS = 16
_START, _END = MARKERS


@dataclass(frozen=True, slots=True)
class KnowledgeFilters:
    """Each None means "any"; ``response_kind`` is one ``ResponseKind`` value. ``state``:
    the bank is its published entries; a supervisor also looks at those submitted."""

    problem_type: str | None = None
    response_kind: str | None = None
    school_type: str | None = None
    year: int | None = None
    aims_result: str | None = None
    state: str = KnowledgeState.PUBLISHED.value


@dataclass(frozen=True, slots=True)
class KnowledgeHit:
    entry_id: str
    title: tuple[Segment, ...]
    snippet: tuple[Segment, ...]
    problem_type: str
    school_type: str
    year: int
    aims_result: str
    rank: float


def match_query(words: str, any_word: bool = False) -> str:
    """The officer's words as an FTS5 query: every word must appear, the last may be the
    start of a word (typing "whan" already finds "whānau"). Each word is quoted, so no
    character the officer types is read as FTS5 syntax. ``any_word``: one word is enough
    (finding narratives like a plan's problem statement, ranked by how much they share)."""
    tokens = re.findall(r"\w+", words.replace(_START, " ").replace(_END, " "))
    if not tokens:
        return ""
    quoted = [f'"{t}"' for t in tokens]
    if any_word:
        return " OR ".join(quoted)
    quoted[-1] += "*"
    return " ".join(quoted)


def segments(marked: str) -> tuple[Segment, ...]:
    """``a \\ue000b\\ue001 c`` -> (("a ", False), ("b", True), (" c", False))."""
    parts: list[Segment] = []
    for i, piece in enumerate(re.split(f"[{_START}{_END}]", marked)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return tuple(parts)


def search(
    session: Session,
    words: str,
    filters: KnowledgeFilters | None = None,
    limit: int = 50,
    any_word: bool = False,
) -> list[KnowledgeHit]:
    """Published entries matching every word (or any, with ``any_word``) and the filters,
    best first; with no words, every published entry matching the filters, newest year
    first."""
    where, params = _filters(filters or KnowledgeFilters())
    query = match_query(words, any_word)
    params["limit"] = limit
    if query:
        params["query"] = query
        # Rank first and mark up only the page shown: highlight() and snippet() cost far
        # more than bm25(), and a common word matches thousands of entries.
        sql = (
            f"WITH ranked AS (SELECT {SEARCH_INDEX}.rowid AS rid, "
            f"bm25({SEARCH_INDEX}, {_WEIGHTS}) AS rank, e.id AS id "
            f"FROM {SEARCH_INDEX} JOIN knowledge_entries e ON e.id = {SEARCH_INDEX}.entry_id "
            f"WHERE {SEARCH_INDEX} MATCH :query AND {where} ORDER BY rank, e.id LIMIT :limit) "
            f"SELECT e.id, highlight({SEARCH_INDEX}, 1, :start, :end), "
            f"snippet({SEARCH_INDEX}, -1, :start, :end, '…', {_SNIPPET_WORDS}), "
            "e.problem_type, e.school_type, e.year, e.aims_result, ranked.rank "
            f"FROM ranked JOIN {SEARCH_INDEX} ON {SEARCH_INDEX}.rowid = ranked.rid "
            "JOIN knowledge_entries e ON e.id = ranked.id "
            f"WHERE {SEARCH_INDEX} MATCH :query ORDER BY ranked.rank, e.id"
        )
        params.update(start=_START, end=_END)
    else:
        sql = (
            "WITH page AS (SELECT e.id AS id FROM knowledge_entries e "
            f"WHERE {where} ORDER BY e.year DESC, e.title, e.id LIMIT :limit) "
            "SELECT e.id, e.title, substr(coalesce(e.problem, ''), 1, 200), e.problem_type, "
            "e.school_type, e.year, e.aims_result, 0.0 "
            "FROM page JOIN knowledge_entries e ON e.id = page.id "
            "ORDER BY e.year DESC, e.title, e.id"
        )
    rows = session.execute(text(sql), params).all()
    return [
        KnowledgeHit(
            entry_id=r[0],
            title=segments(r[1] or ""),
            snippet=segments(r[2] or ""),
            problem_type=r[3],
            school_type=r[4],
            year=r[5],
            aims_result=r[6],
            rank=float(r[7]),
        )
        for r in rows
    ]


def _filters(filters: KnowledgeFilters) -> tuple[str, dict[str, object]]:
    clauses = ["e.state = :state"]
    params: dict[str, object] = {"state": filters.state}
    for name in ("problem_type", "school_type", "year", "aims_result"):
        value = getattr(filters, name)
        if value is not None:
            clauses.append(f"e.{name} = :{name}")
            params[name] = value
    if filters.response_kind is not None:
        clauses.append("instr(e.response_kinds, :kind) > 0")
        params["kind"] = f" {filters.response_kind} "
    return " AND ".join(clauses), params
