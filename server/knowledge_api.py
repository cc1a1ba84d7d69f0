"""Routes of the knowledge bank under /api/v1/knowledge (docs/sync-protocol.md).

Every route is a sync route: signed in, same schema (``X-LPC-Schema``), well-formed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from app.models.vocabulary import YEAR_MAX, YEAR_MIN
from server import knowledge, knowledge_search
from server.api import DB, MAX_INT, UUID_PATTERN, Syncer, _errors, _json
from server.knowledge_schemas import (
    EntryOut,
    KnowledgePullOut,
    ProblemTypeValue,
    ResponseKindValue,
    ResultValue,
    ReviewIn,
    SchoolTypeValue,
    SearchOut,
    SubmitIn,
)

router = APIRouter(prefix="/api/v1/knowledge", tags=["knowledge bank"])
_SYNC = (401, 409, 422)


@router.post("/entries", response_model=EntryOut, responses=_errors(*_SYNC, 403))
def submit_entry(body: SubmitIn, db: DB, principal: Syncer) -> Response:
    """Submit (or, after a return, resubmit) a narrative for the district's approval."""
    return _json(knowledge.submit(db, principal, body))


@router.post(
    "/entries/{entry_id}/review", response_model=EntryOut, responses=_errors(*_SYNC, 403, 404)
)
def review_entry(
    entry_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    body: ReviewIn,
    db: DB,
    principal: Syncer,
) -> Response:
    """Approve (publish) or return with a comment: a supervisor of the school's district."""
    return _json(knowledge.review(db, principal, entry_id, body))


@router.get("/pull", response_model=KnowledgePullOut, responses=_errors(*_SYNC))
def pull_entries(
    db: DB,
    principal: Syncer,
    cursor: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    limit: Annotated[int, Query(ge=1, le=knowledge.MAX_LIMIT)] = knowledge.DEFAULT_LIMIT,
) -> Response:
    """Entries changed after ``cursor`` that this user may see, by seq."""
    return _json(knowledge.pull_entries(db, principal, cursor, limit))


@router.get("/search", response_model=SearchOut, responses=_errors(*_SYNC))
def search_entries(
    db: DB,
    principal: Syncer,
    q: Annotated[str, Query(max_length=500)] = "",
    problem_type: ProblemTypeValue | None = None,
    response_kind: ResponseKindValue | None = None,
    school_type: SchoolTypeValue | None = None,
    year: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)] = None,
    aims_result: ResultValue | None = None,
) -> Response:
    """Published entries matching every word and the filters, best first."""
    filters = knowledge_search.SearchFilters(
        problem_type, response_kind, school_type, year, aims_result
    )
    return _json(knowledge_search.search(db, q, filters))
