"""The knowledge bank on the server: submit, review, and what each user may pull.

Who sees an entry (docs/sync-protocol.md, "Knowledge bank"):
- a published entry: everyone, in every district (it is not tied to assigned schools);
- a submitted or returned entry: its author and the supervisors of its school's
  district (and admins), never an officer of another district.
Who moves it: whoever may see the school submits (and resubmits after a return); only a
supervisor of the school's district approves or returns, with a comment to return.
A published entry is final. Each change takes a seq from the records' counter, so the
knowledge pull pages by seq with the same guarantee as the records' pull.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session

from app.models.vocabulary import KnowledgeState
from server.access import Principal, can_see
from server.db import Database
from server.errors import ApiError, forbidden, invalid
from server.knowledge_schemas import EntryFields, ReviewIn, SubmitIn
from server.knowledge_search import search_text
from server.models import District, KnowledgeBankEntry, RegistrySchool, Role, User
from server.pull import DEFAULT_LIMIT, MAX_LIMIT
from server.seqs import reserve

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "pull_entries", "review", "submit"]

PUBLISHED = KnowledgeState.PUBLISHED.value
SUBMITTED = KnowledgeState.SUBMITTED.value
RETURNED = KnowledgeState.RETURNED.value


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def already(state: str) -> ApiError:
    label = KnowledgeState(state).label.lower()
    return ApiError(409, "wrong_state", f"This narrative is {label}; it cannot change now.")


def visible_entries(principal: Principal) -> ColumnElement[bool]:
    if principal.role == Role.ADMIN:
        return true()
    mine = or_(
        KnowledgeBankEntry.state == PUBLISHED,
        KnowledgeBankEntry.author_user_id == principal.user_id,
    )
    if principal.role == Role.SUPERVISOR:
        return or_(mine, KnowledgeBankEntry.district_id == principal.district_id)
    return mine


def submit(db: Database, principal: Principal, body: SubmitIn) -> dict[str, Any]:
    with db.writing() as session:
        school = session.get(RegistrySchool, body.school_id)
        if school is None or not can_see(session, principal, body.school_id):
            raise forbidden("You may submit narratives only of schools you work with.")
        entry = session.get(KnowledgeBankEntry, body.id, with_for_update=True)
        if entry is not None and entry.school_id != body.school_id:
            raise invalid("school_id", "differs from the school the entry was submitted for")
        if entry is not None and entry.state != RETURNED:
            raise already(entry.state)
        if entry is None:
            entry = KnowledgeBankEntry(id=body.id, school_id=school.id)
            session.add(entry)
        _fill(entry, body.fields)
        entry.district_id = school.district_id
        entry.author_user_id = principal.user_id
        entry.state = SUBMITTED
        entry.review_comment = ""
        entry.reviewed_by_user_id = None
        entry.reviewed_at = None
        entry.submitted_at = datetime.now(UTC)
        _take_seq(session, entry)
        return _wire(session, entry, principal)


def review(db: Database, principal: Principal, entry_id: str, body: ReviewIn) -> dict[str, Any]:
    with db.writing() as session:
        entry = session.get(KnowledgeBankEntry, entry_id, with_for_update=True)
        if entry is None or not _may_see(entry, principal):
            raise not_found("No such narrative in the knowledge bank.")
        if principal.role != Role.SUPERVISOR or principal.district_id != entry.district_id:
            raise forbidden("Only a supervisor of the school's district may approve or return it.")
        if entry.state != SUBMITTED:
            raise already(entry.state)
        if body.decision == "return" and not body.comment.strip():
            raise invalid("comment", "say what to change: a returned narrative needs a comment")
        entry.state = PUBLISHED if body.decision == "approve" else RETURNED
        entry.review_comment = body.comment.strip()
        entry.reviewed_by_user_id = principal.user_id
        entry.reviewed_at = datetime.now(UTC)
        _take_seq(session, entry)
        return _wire(session, entry, principal)


def pull_entries(db: Database, principal: Principal, cursor: int, limit: int) -> dict[str, Any]:
    with db.reading() as session:
        rows = list(
            session.scalars(
                select(KnowledgeBankEntry)
                .where(KnowledgeBankEntry.seq > cursor, visible_entries(principal))
                .order_by(KnowledgeBankEntry.seq)
                .limit(limit + 1)
            )
        )
        more = len(rows) > limit
        rows = rows[:limit]
        names = _names(session, rows)
        entries = [_wire(session, e, principal, names) for e in rows]
    return {
        "entries": entries,
        "next_cursor": rows[-1].seq if rows else cursor,
        "more": more,
    }


def _take_seq(session: Session, entry: KnowledgeBankEntry) -> None:
    """Last step of a write: the counter stays locked until the commit (``server.seqs``);
    the entry is not flushed before it has its seq."""
    with session.no_autoflush:
        entry.seq = reserve(session, 1)
    session.flush()


def _may_see(entry: KnowledgeBankEntry, principal: Principal) -> bool:
    return (
        entry.state == PUBLISHED
        or principal.role == Role.ADMIN
        or entry.author_user_id == principal.user_id
        or (principal.role == Role.SUPERVISOR and entry.district_id == principal.district_id)
    )


def _fill(entry: KnowledgeBankEntry, fields: EntryFields) -> None:
    entry.fields = fields.model_dump(mode="json")
    entry.search_text = search_text(entry.fields)
    entry.year = fields.year
    entry.problem_type = fields.problem_type
    entry.school_type = fields.school_type
    entry.aims_result = fields.aims_result
    entry.response_kinds = " " + " ".join(fields.response_kinds) + " "


Names = tuple[dict[int, str], dict[int, str]]


def _names(session: Session, rows: list[KnowledgeBankEntry]) -> Names:
    user_ids = {r.author_user_id for r in rows} | {
        r.reviewed_by_user_id for r in rows if r.reviewed_by_user_id is not None
    }
    # Built pair by pair: dict() of a Result reads it as a mapping (it has keys()).
    users = {
        i: name
        for i, name in session.execute(select(User.id, User.username).where(User.id.in_(user_ids)))
    }
    district_ids = {r.district_id for r in rows}
    districts = {
        i: name
        for i, name in session.execute(
            select(District.id, District.name).where(District.id.in_(district_ids))
        )
    }
    return users, districts


def _wire(
    session: Session,
    entry: KnowledgeBankEntry,
    principal: Principal,
    names: Names | None = None,
) -> dict[str, Any]:
    """The entry as this user may read it: the school's id and the supervisor's comment
    only for its author and its district. An anonymous entry says neither its school nor
    who wrote or approved it to anyone else: an officer's name would point to the school."""
    users, districts = names or _names(session, [entry])
    own = (
        principal.role == Role.ADMIN
        or entry.author_user_id == principal.user_id
        or entry.district_id == principal.district_id
    )
    named = own or bool(entry.fields.get("named"))
    return {
        "seq": entry.seq,
        "id": entry.id,
        "state": entry.state,
        "school_id": entry.school_id if named else None,
        "district": districts.get(entry.district_id, ""),
        "author": users.get(entry.author_user_id, "") if named else "",
        "submitted_at": entry.submitted_at.isoformat(),
        "reviewed_by": users.get(entry.reviewed_by_user_id or 0, "") if named else "",
        "reviewed_at": entry.reviewed_at.isoformat() if entry.reviewed_at else None,
        "review_comment": entry.review_comment if own else "",
        "fields": entry.fields,
    }
