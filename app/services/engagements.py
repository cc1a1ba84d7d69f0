"""The engagement log: visits, meetings, calls and hui with a school, newest first.

Screens get plain snapshots; writes go through the caller's ``UnitOfWork``, or, for a
form that saves as the officer types, through ``save_engagement``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.models import EngagementEntry
from app.services.editing import SaveResult, save_fields
from app.services.records import live
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from lpc_core.validation import ValidationError

ENGAGEMENT_FIELDS = ("occurred_on", "kind", "people", "summary")


@dataclass(frozen=True, slots=True)
class EngagementView:
    id: str
    occurred_on: date
    kind: str
    people: str
    summary: str


def list_engagements(session: Session, school_id: str) -> list[EngagementView]:
    entries = sorted(
        live(session, EngagementEntry, school_id),
        key=lambda e: (e.occurred_on, e.created_at),
        reverse=True,
    )
    return [
        EngagementView(e.id, e.occurred_on, e.kind, e.people or "", e.summary or "")
        for e in entries
    ]


def read_engagements(store: Store, school_id: str) -> list[EngagementView]:
    """The school's log in its own session, for a screen reading off its thread."""
    with store.session() as session:
        return list_engagements(session, school_id)


def add_engagement(uow: UnitOfWork, school_id: str, **values: Any) -> EngagementEntry:
    return uow.add(EngagementEntry, school_id=school_id, **values)


def update_engagement(uow: UnitOfWork, entry_id: str, **values: Any) -> EngagementEntry:
    return uow.update(uow.get(EngagementEntry, entry_id), **values)


def delete_engagement(uow: UnitOfWork, entry_id: str) -> None:
    uow.delete(uow.get(EngagementEntry, entry_id))


def remove_engagement(store: Store, actor: str, entry_id: str) -> None:
    """Delete one entry in its own transaction (it stays in the record history)."""
    with UnitOfWork(store, actor=actor) as uow:
        delete_engagement(uow, entry_id)


def save_engagement(
    store: Store, actor: str, school_id: str, entry_id: str | None, values: dict[str, Any]
) -> tuple[str | None, SaveResult]:
    """Save a draft as typed: the entry's id (None while never saved) and what was kept.

    A new entry is created only once every required field is valid, so a half-typed draft
    never reaches the log (or the server); an existing one keeps each valid field and
    returns the others with why, like every other form.
    """
    if entry_id is not None:
        return entry_id, save_fields(store, actor, EngagementEntry, entry_id, values)
    try:
        with UnitOfWork(store, actor) as uow:
            entry = add_engagement(uow, school_id, **values)
            return entry.id, SaveResult(tuple(values), (), entry.row_version)
    except ValidationError as exc:
        return None, SaveResult((), tuple(exc.errors), -1)
