"""Writing and checking the audit trail.

Every change accepted by the unit of work is written here in the same transaction, so a
change without its audit entry cannot exist. The chain is checked on demand (``doctor``
and the record history view); the district server keeps its own copy.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.models.audit import AuditEntry

GENESIS = "0" * 64


def default_actor() -> str:
    """The OS login name, used when no officer name is set."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (service accounts, odd containers)
        return "unknown user"


def entry_hash(
    prev_hash: str,
    entry_id: str,
    at: datetime,
    actor: str,
    device_id: str,
    table: str,
    row_id: str,
    school_id: str,
    operation: str,
    changes: str,
) -> str:
    payload = json.dumps(
        [
            prev_hash,
            entry_id,
            at.isoformat(),
            actor,
            device_id,
            table,
            row_id,
            school_id,
            operation,
            changes,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hash_of(e: AuditEntry, prev_hash: str) -> str:
    return entry_hash(
        prev_hash,
        e.id,
        e.at,
        e.actor,
        e.device_id,
        e.table_name,
        e.row_id,
        e.school_id,
        e.operation,
        e.changes,
    )


class AuditWriter:
    """Appends entries for one transaction, carrying the chain's head between them."""

    def __init__(self, session: Session, actor: str, device_id: str) -> None:
        self.session = session
        self.actor = actor or default_actor()
        self.device_id = device_id
        self._head: str | None = None

    def _last_hash(self) -> str:
        if self._head is None:
            last = self.session.scalar(
                select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
            )
            self._head = last or GENESIS
        return self._head

    def record(
        self,
        at: datetime,
        table: str,
        row_id: str,
        school_id: str,
        operation: str,
        old: dict[str, Any],
        new: dict[str, Any],
        actor: str | None = None,
        device_id: str | None = None,
    ) -> AuditEntry:
        fields = sorted(set(old) | set(new))
        changes = json.dumps(
            {f: [old.get(f), new.get(f)] for f in fields}, ensure_ascii=False, sort_keys=True
        )
        prev = self._last_hash()
        entry = AuditEntry(
            id=str(uuid.uuid4()),
            at=at,
            actor=actor or self.actor,
            device_id=device_id or self.device_id,
            table_name=table,
            row_id=row_id,
            school_id=school_id,
            operation=operation,
            changes=changes,
            prev_hash=prev,
        )
        entry.hash = _hash_of(entry, prev)
        self.session.add(entry)
        self._head = entry.hash
        return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


def verify_chain(session: Session) -> list[ChainProblem]:
    """Walk the whole trail; an empty list means it is intact."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    expected_seq: int | None = None
    for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        if expected_seq is not None and e.seq != expected_seq:
            problems.append(ChainProblem(e.seq, f"entries {expected_seq}–{e.seq - 1} are missing"))
        if e.prev_hash != prev:
            problems.append(ChainProblem(e.seq, "does not follow the entry before it"))
        if _hash_of(e, e.prev_hash) != e.hash:
            problems.append(ChainProblem(e.seq, "its content was changed after it was written"))
        prev = e.hash
        expected_seq = e.seq + 1
    return problems


@dataclass(frozen=True)
class ChainHead:
    """The last entry of the trail: its place and hash."""

    seq: int
    hash: str

    def encode(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def decode(cls, text: str | None) -> ChainHead | None:
        try:
            seq, digest = (text or "").split(":")
            return cls(int(seq), digest)
        except ValueError:
            return None


def chain_head(session: Session | Connection) -> ChainHead | None:
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return ChainHead(row[0], row[1]) if row is not None else None


def holds(session: Session | Connection, head: ChainHead) -> bool:
    """Is ``head`` still an entry of this trail, with the same hash?"""
    found = session.execute(select(AuditEntry.hash).where(AuditEntry.seq == head.seq)).first()
    return found is not None and found[0] == head.hash


def verify_head(
    session: Session, anchored: ChainHead | None, acknowledged_seq: int = 0
) -> list[ChainProblem]:
    """Find final entries that were removed, which ``verify_chain`` cannot: what is left of
    a cut chain is still a whole chain.

    Two references from outside the trail are compared with it:

    - ``anchored``: the head this computer last recorded for the store, kept outside the
      database (in the OS keyring beside the key, see ``app.services.store.AuditAnchor``).
      If that entry is gone, or another entry now has its place, entries were removed.
    - ``acknowledged_seq``: how far the trail had been sent to the district server
      (``sync.audit_pushed_seq``). The server keeps its own copy of those entries.

    Limits: someone who holds the store's key can also rewrite the keyring entry and the
    setting, so this catches damage, a store put back from an older copy, and removals by
    someone unaware of the anchor, not a careful attacker; the server's copy is the
    reference for entries it has. Entries written in the last seconds before the app
    stopped without closing the store may not be anchored yet, and passphrase stores (no
    keyring) have only the server's reference.
    """
    problems: list[ChainProblem] = []
    head = chain_head(session)
    last = head.seq if head else 0
    if acknowledged_seq > last:
        problems.append(
            ChainProblem(
                acknowledged_seq,
                f"entries up to {acknowledged_seq} were sent to the district server, but the "
                f"trail here ends at {last}: its final entries were removed",
            )
        )
    if anchored is not None and not holds(session, anchored):
        problems.append(
            ChainProblem(
                anchored.seq,
                f"this computer recorded entry {anchored.seq} as written, but the trail here "
                f"{'ends at ' + str(last) if last < anchored.seq else 'has another entry there'}"
                ": final entries were removed, or the store was put back from an older copy "
                "without the restore command",
            )
        )
    return problems


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    actor: str
    device_id: str
    operation: str
    changes: dict[str, tuple[Any, Any]]


def history(session: Session, row_id: str) -> list[HistoryItem]:
    """A record's changes, newest first, for the workspace's history view."""
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.row_id == row_id).order_by(AuditEntry.seq.desc())
    )
    return [
        HistoryItem(
            e.at,
            e.actor,
            e.device_id,
            e.operation,
            {k: (v[0], v[1]) for k, v in json.loads(e.changes).items()},
        )
        for e in rows
    ]
