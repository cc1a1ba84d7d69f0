"""Attachment contents in a sync: send the files the server lacks, fetch the ones this
computer lacks (docs/sync-protocol.md, "Attachments").

Runs after the records are pushed and pulled, because the server lets a device send or
read a file only while an attachment record of a school it may see names it. Nothing is
kept here about what was sent: each sync asks the server, in one request, which of the
files this computer holds or lacks it has, and for a file partly sent which chunks
arrived. So a dropped connection resumes at the first chunk the server does not hold,
and a file two schools or two devices attached is sent once. A sync with no attachments
makes no request at all.

Fetched content is checked chunk by chunk and as a whole before it is stored, through
the store writer like every write of a sync.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Attachment, AttachmentChunk, AttachmentContent
from app.services.attachments import store_content
from app.services.changes import ChangeSet
from app.services.store import Store
from app.services.sync.client import ApiClient, check_response_is
from app.services.sync.errors import RefusedError, SyncError, TooLargeError
from app.services.sync.state import get_setting, set_setting

FILES = "files"  # the progress phase
SETTLED_KEY = "sync.contents_settled"
DAMAGED_ON_ARRIVAL = "arrived damaged from the district server; the next sync fetches it again."
ASK_AT_ONCE = 500  # the server's limit of SHA-256s in one question
T = TypeVar("T")
Write = Callable[[Callable[[Session], T]], T]


@dataclass
class ContentOutcome:
    sent: int = 0  # files whose last chunk this sync sent
    received: int = 0  # files fetched and stored here
    bytes_sent: int = 0
    problems: list[str] = field(default_factory=list)  # a file refused or damaged, in words
    changes: ChangeSet = field(default_factory=ChangeSet)


@dataclass(frozen=True)
class _Local:
    held: dict[str, int]  # sha256 -> size, of files here that a live attachment names
    lacking: dict[str, list[tuple[str, str]]]  # sha256 -> [(school, attachment id)]
    names: dict[str, str]  # sha256 -> a file name, for messages


def _local(session: Session) -> _Local:
    live = select(Attachment).where(Attachment.deleted_at.is_(None))
    rows = list(session.scalars(live))
    found = session.execute(
        select(AttachmentContent.sha256, AttachmentContent.size).where(
            AttachmentContent.sha256.in_({r.sha256 for r in rows})
        )
    )
    stored = {sha: size for sha, size in found}
    lacking: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        if r.sha256 not in stored:
            lacking.setdefault(r.sha256, []).append((r.school_id, r.id))
    return _Local(stored, lacking, {r.sha256: r.file_name for r in rows})


def _read_local(session: Session, sha256: str) -> bytes:
    chunks = session.scalars(
        select(AttachmentChunk.data)
        .where(AttachmentChunk.sha256 == sha256)
        .order_by(AttachmentChunk.seq)
    )
    return b"".join(chunks)


def _marker(server_id: str, local: _Local) -> str:
    """Names the files held and lacking here, for this server: while it is unchanged
    after a sync that left nothing to move, a quick sync has nothing to ask. Every
    sync that checks digests asks anyway, so a server restored from an older backup
    gets back what it lost."""
    text = "\n".join([server_id, *sorted(local.held), "", *sorted(local.lacking)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _set_settled(marker: str, session: Session) -> None:
    set_setting(session, SETTLED_KEY, marker)


def _store(sha256: str, data: bytes, session: Session) -> None:
    store_content(session, sha256, data)


class ContentSync:
    def __init__(
        self,
        store: Store,
        api: ApiClient,
        write: Write[Any],
        progress: Callable[[str, int, int], None],
        check_cancel: Callable[[], None],
        server_id: str = "",
    ) -> None:
        self.server_id = server_id
        self.store = store
        self.api = api
        self.write = write
        self.progress = progress
        self.check_cancel = check_cancel

    def run(self, ask_always: bool = True) -> ContentOutcome:
        """``ask_always=False`` (the quick automatic sync) skips the question when the
        files here are the ones a previous sync found settled with this server."""
        outcome = ContentOutcome()
        with self.store.session() as session:
            local = _local(session)
            marker = _marker(self.server_id, local)
            settled = get_setting(session, SETTLED_KEY)
        if not local.held and not local.lacking:
            return outcome
        if not ask_always and settled == marker:
            return outcome
        chunk_size, states = self._ask(sorted({*local.held, *local.lacking}))
        sending = [s for s in local.held if states.get(s, {}).get("status") in _UNSENT]
        fetching = [s for s in local.lacking if states.get(s, {}).get("status") == "present"]
        total = len(sending) + len(fetching)
        for done, sha in enumerate(sending):
            self.progress(FILES, done, total)
            self._guarded(outcome, local.names[sha], self._send, sha, states[sha], chunk_size)
        for done, sha in enumerate(fetching, start=len(sending)):
            self.progress(FILES, done, total)
            before = outcome.received
            self._guarded(outcome, local.names[sha], self._fetch, sha, states[sha])
            if outcome.received > before:  # the screens listing these files refresh
                for school_id, row_id in local.lacking[sha]:
                    outcome.changes.note("attachments", school_id, row_id)
        if total:
            self.progress(FILES, total, total)
        done = not outcome.problems and all(
            states.get(sha, {}).get("status") == "present" or sha in sending
            for sha in {*local.held, *local.lacking}
        )
        done = done and (outcome.sent, outcome.received) == (len(sending), len(fetching))
        now = marker if done else ""
        if now != settled:
            self.write(functools.partial(_set_settled, now))
        return outcome

    def _ask(self, sha256s: list[str]) -> tuple[int, dict[str, dict[str, Any]]]:
        states: dict[str, dict[str, Any]] = {}
        chunk_size = 0
        for start in range(0, len(sha256s), ASK_AT_ONCE):
            self.check_cancel()
            answer = check_response_is(
                self.api.contents(sha256s[start : start + ASK_AT_ONCE]), "chunk_size", "contents"
            )
            chunk_size = int(answer["chunk_size"])
            states.update(answer["contents"])
        if chunk_size < 1:
            raise SyncError("The district server answered in a form this app does not understand.")
        return chunk_size, states

    def _guarded(
        self, outcome: ContentOutcome, name: str, step: Callable[..., None], *args: Any
    ) -> None:
        """A file the server refuses for good (or one that arrives damaged) is told and
        skipped: the other files and the records' sync go on. Offline stops the sync."""
        try:
            step(outcome, *args)
        except (RefusedError, TooLargeError) as exc:
            why = getattr(exc, "server_message", "") or str(exc)
            outcome.problems.append(f"{name}: {why}")
        except _DamagedError as exc:
            outcome.problems.append(f"{name}: {exc}")

    def _send(
        self, outcome: ContentOutcome, sha256: str, state: dict[str, Any], chunk_size: int
    ) -> None:
        with self.store.session() as session:
            data = _read_local(session, sha256)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise _DamagedError("damaged in this store (its content does not match); not sent.")
        # Chunks the server holds count only if they came with this size (else they are
        # another sender's, and the server starts over with ours).
        resuming = state.get("status") == "partial" and state.get("size") == len(data)
        received = set(state.get("received") or ()) if resuming else set()
        for seq, start in enumerate(range(0, len(data), chunk_size)):
            if seq in received:
                continue  # the server has it from an earlier, interrupted sync
            self.check_cancel()
            part = data[start : start + chunk_size]
            answer = self.api.put_chunk(sha256, seq, len(data), part)
            outcome.bytes_sent += len(part)
            if answer.get("status") == "present":
                outcome.sent += 1
                return

    def _fetch(self, outcome: ContentOutcome, sha256: str, state: dict[str, Any]) -> None:
        parts: list[bytes] = []
        for seq in range(int(state.get("chunk_count") or 0)):
            self.check_cancel()
            data, digest = self.api.get_chunk(sha256, seq)
            if hashlib.sha256(data).hexdigest() != digest:
                raise _DamagedError(
                    "arrived damaged from the district server; it will be fetched again."
                )
            parts.append(data)
        whole = b"".join(parts)
        if hashlib.sha256(whole).hexdigest() != sha256:
            raise _DamagedError(DAMAGED_ON_ARRIVAL)
        self.write(functools.partial(_store, sha256, whole))
        outcome.received += 1


_UNSENT = ("missing", "partial")


class _DamagedError(Exception):
    """A file's bytes do not match its SHA-256."""
