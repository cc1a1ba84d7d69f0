"""Full-text search over published knowledge-bank entries on the server.

PostgreSQL: ``to_tsvector('simple', search_text)`` against a prefix ``tsquery`` of the
words, ranked by ``ts_rank``, served by the GIN index s0009 makes. SQLite (the embedded
default): every word must appear in ``search_text``, newest first; enough for a district
server's few thousand entries. On both, ``search_text`` and the words are folded the same
way here (lower case, macrons and other marks removed), so "whanau" finds "whānau"
without PostgreSQL's ``unaccent`` extension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, literal, select, text

from lpc_core.formatting import sort_key
from server.db import Database, is_sqlite
from server.models import KnowledgeBankEntry

SEARCH_LIMIT = 50


def fold(value: str) -> str:
    """Lower case without macrons: the folding the schools list sorts and searches by."""
    return sort_key(value)


def words_of(value: str) -> list[str]:
    """Letters and digits only: nothing the user types reaches a query as syntax."""
    return re.findall(r"[^\W_]+", fold(value))


def search_text(fields: dict[str, Any]) -> str:
    """Every word of an entry's fields, folded, in one text."""
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            parts.append(value)

    walk(fields)
    return fold("\n".join(parts))


@dataclass(frozen=True, slots=True)
class SearchFilters:
    problem_type: str | None = None
    response_kind: str | None = None
    school_type: str | None = None
    year: int | None = None
    aims_result: str | None = None


def search(db: Database, words: str, filters: SearchFilters) -> dict[str, Any]:
    """Published entries only, whoever asks: drafts never appear in a search."""
    terms = words_of(words)
    entry = KnowledgeBankEntry
    stmt: Select[Any] = select(entry, literal(0.0).label("rank")).where(  # type: ignore[assignment]
        entry.state == "published", *_conditions(filters)
    )
    with db.reading() as session:
        if terms and not is_sqlite(db.engine):
            stmt = _postgres(stmt, terms)
        elif terms:
            stmt = stmt.where(and_(*(entry.search_text.contains(t) for t in terms)))
            stmt = stmt.order_by(entry.year.desc(), entry.seq.desc())
        else:
            stmt = stmt.order_by(entry.year.desc(), entry.seq.desc())
        rows = session.execute(stmt.limit(SEARCH_LIMIT)).all()
        return {"entries": [_hit(e, float(rank)) for e, rank in rows]}


def _postgres(stmt: Select[Any], terms: list[str]) -> Select[Any]:
    vector = func.to_tsvector(text("'simple'"), KnowledgeBankEntry.search_text)
    query = func.to_tsquery(text("'simple'"), " & ".join(f"{t}:*" for t in terms))
    rank = func.ts_rank(vector, query)
    return (
        stmt.with_only_columns(KnowledgeBankEntry, rank.label("rank"))
        .where(vector.op("@@")(query))
        .order_by(rank.desc(), KnowledgeBankEntry.seq.desc())
    )


def _conditions(filters: SearchFilters) -> list[Any]:
    entry = KnowledgeBankEntry
    found: list[Any] = []
    for name in ("problem_type", "school_type", "year", "aims_result"):
        value = getattr(filters, name)
        if value is not None:
            found.append(getattr(entry, name) == value)
    if filters.response_kind is not None:
        found.append(entry.response_kinds.contains(f" {filters.response_kind} "))
    return found


def _hit(entry: KnowledgeBankEntry, rank: float) -> dict[str, Any]:
    fields = entry.fields
    return {
        "id": entry.id,
        "title": fields.get("title", ""),
        "school_name": fields.get("school_name", "") if fields.get("named") else "",
        "school_type": entry.school_type,
        "region": fields.get("region", ""),
        "problem_type": entry.problem_type,
        "year": entry.year,
        "aims_result": entry.aims_result,
        "rank": rank,
    }
