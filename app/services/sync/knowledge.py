"""The knowledge bank's part of a sync (docs/sync-protocol.md, "Knowledge bank").

Entries do not travel through the outbox: a published entry reaches every district, not
only those who may see its school, so the server keeps them apart and this module talks
to their own routes. At each sync the device sends the narratives submitted here since
the last one (offline submission is the normal case: officers write stage 4 in schools),
then pulls every entry it may see that changed since its knowledge cursor. Approving or
returning is done online by a supervisor (``review``): the server decides who may.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import AppSettings
from app.models import KnowledgeEntry
from app.models.base import utcnow
from app.models.knowledge import KNOWLEDGE_TEXT_FIELDS
from app.models.vocabulary import KnowledgeState
from app.services.knowledge_text import clean, details_text
from app.services.store import Store
from app.services.sync.account import signed_in_token
from app.services.sync.client import ApiClient
from app.services.sync.errors import RefusedError
from app.services.sync.state import get_setting, set_setting, write_session
from app.services.writer import StoreWriter, run_here

CURSOR_KEY = "knowledge.cursor"
PULL_LIMIT = 500
T = TypeVar("T")

_DESCRIPTORS = ("year", "named", "school_name", "school_type", "roll_band", "region")
_FACETS = ("problem_type", "aims_result")


def entry_to_wire(entry: KnowledgeEntry) -> dict[str, Any]:
    """A submission's body: the entry's snapshot, with its parts as lists and objects."""
    fields: dict[str, Any] = {f: getattr(entry, f) for f in (*_DESCRIPTORS, *_FACETS)}
    fields["school_name"] = entry.school_name or ""
    fields["region"] = entry.region or ""
    fields["response_kinds"] = entry.response_kinds.split()
    for field in KNOWLEDGE_TEXT_FIELDS:
        fields[field] = getattr(entry, field) or ""
    fields["aims"] = json.loads(entry.aims_json)
    fields["responses"] = json.loads(entry.responses_json)
    reflection = json.loads(entry.reflection_json)
    fields["reflection"] = reflection or None
    return {"id": entry.id, "school_id": entry.school_id, "fields": fields}


def apply_wire(session: Session, item: dict[str, Any], pulled: bool = False) -> None:
    """Write one entry as the server sent it over what this device holds. A pulled copy
    does not replace a newer copy submitted here and still waiting to be sent."""
    entry = session.get(KnowledgeEntry, item["id"])
    if entry is not None and pulled and entry.pending == "submit":
        return
    if entry is None:
        entry = KnowledgeEntry(id=item["id"], narrative_id=None)
        session.add(entry)
    fields = item["fields"]
    for name in (*_DESCRIPTORS, *_FACETS):
        value = fields[name]
        setattr(entry, name, clean(value) if isinstance(value, str) else value)
    entry.response_kinds = " " + " ".join(fields.get("response_kinds") or []) + " "
    for name in KNOWLEDGE_TEXT_FIELDS:
        setattr(entry, name, clean(fields.get(name)))
    aims, responses = fields.get("aims") or [], fields.get("responses") or []
    reflection = fields.get("reflection") or {}
    entry.aims_json = json.dumps(aims, ensure_ascii=False)
    entry.responses_json = json.dumps(responses, ensure_ascii=False)
    entry.reflection_json = json.dumps(reflection, ensure_ascii=False)
    entry.details_text = clean(
        details_text(entry.context or "", entry.implementation or "", aims, responses, reflection)
    )
    entry.school_id = item.get("school_id") or entry.school_id
    entry.state = item["state"]
    entry.author = item.get("author", "")
    entry.reviewed_by = item.get("reviewed_by", "")
    entry.review_comment = item.get("review_comment", "")
    entry.submitted_at = _when(item.get("submitted_at"))
    entry.reviewed_at = _when(item.get("reviewed_at"))
    entry.server_seq = int(item["seq"])
    entry.updated_at = utcnow()
    entry.pending = ""


def send_pending(store: Store, api: ApiClient, writer: StoreWriter = run_here) -> int:
    """Send every narrative submitted on this device and not yet on the server."""
    with store.session() as session:
        waiting = session.scalars(select(KnowledgeEntry).where(KnowledgeEntry.pending == "submit"))
        bodies = [entry_to_wire(e) for e in waiting]
    for body in bodies:
        try:
            answer = api.knowledge_submit(body)
        except RefusedError as refused:
            _write(store, writer, partial(_refused, entry_id=body["id"], refused=refused))
            continue
        _write(store, writer, partial(apply_wire, item=answer))
    return len(bodies)


def pull(store: Store, api: ApiClient, writer: StoreWriter = run_here) -> int:
    """Every entry this user may see changed since the knowledge cursor; returns how many."""
    with store.session() as session:
        cursor = int(get_setting(session, CURSOR_KEY, "0") or 0)
    count = 0
    while True:
        page = api.knowledge_pull(cursor, PULL_LIMIT)
        entries: list[dict[str, Any]] = page.get("entries", [])
        next_cursor = int(page.get("next_cursor", cursor))
        _write(store, writer, partial(_apply_page, items=entries, cursor=next_cursor))
        count += len(entries)
        cursor = next_cursor
        if not page.get("more"):
            return count


def review(
    store: Store,
    api: ApiClient,
    entry_id: str,
    decision: str,
    comment: str = "",
    writer: StoreWriter = run_here,
) -> str:
    """A supervisor approves (``"approve"``) or returns (``"return"``, with a comment);
    returns the entry's new state."""
    answer = api.knowledge_review(entry_id, decision, comment)
    _write(store, writer, partial(apply_wire, item=answer))
    return str(answer["state"])


def review_online(
    store: Store,
    settings: AppSettings,
    entry_id: str,
    decision: str,
    comment: str = "",
    writer: StoreWriter = run_here,
) -> str:
    """``review`` with the device's own sign-in (the screen's way in)."""
    current = settings.get()
    with ApiClient(current.server_url, signed_in_token(current)) as api:
        return review(store, api, entry_id, decision, comment, writer)


def _apply_page(session: Session, items: list[dict[str, Any]], cursor: int) -> None:
    for item in items:
        apply_wire(session, item, pulled=True)
    set_setting(session, CURSOR_KEY, str(cursor))


def _write(store: Store, writer: StoreWriter, fn: Callable[[Session], T]) -> T:
    def work() -> T:
        with write_session(store) as session:
            return fn(session)

    return writer(work)


def _refused(session: Session, entry_id: str, refused: RefusedError) -> None:
    """The server will not take it (another district's school, a bad value): back to a
    draft, with the server's reason where the supervisor's comment would be. Already
    submitted or published there (409): the next pull brings its state."""
    entry = session.get(KnowledgeEntry, entry_id)
    if entry is not None and refused.status == 409:
        entry.pending = ""
    elif entry is not None:
        entry.pending = ""
        entry.state = KnowledgeState.DRAFT.value
        entry.review_comment = str(refused)


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
