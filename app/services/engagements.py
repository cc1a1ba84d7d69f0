"""The engagement log: visits, meetings, calls and hui with a school, newest first.

Screens get plain snapshots; writes go through the caller's ``UnitOfWork``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.models import EngagementEntry
from app.services.records import live
from app.services.unit_of_work import UnitOfWork

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


def add_engagement(uow: UnitOfWork, school_id: str, **values: Any) -> EngagementEntry:
    return uow.add(EngagementEntry, school_id=school_id, **values)


def update_engagement(uow: UnitOfWork, entry_id: str, **values: Any) -> EngagementEntry:
    return uow.update(uow.get(EngagementEntry, entry_id), **values)


def delete_engagement(uow: UnitOfWork, entry_id: str) -> None:
    uow.delete(uow.get(EngagementEntry, entry_id))
