"""Attachment contents on the server: which it holds, taking them chunk by chunk, giving
them back (docs/sync-protocol.md, "Attachments").

A content is named by its SHA-256 and stored once, however many schools or devices
attach the same file. Who may send or read it follows the records: a content is
reachable by a user only while a live ``attachments`` record of a school they may see
names it (``server.access``). So an officer cannot read a file of a school not assigned
to them, and nobody can park bytes on the server that no record of theirs explains.

Each chunk is checked against its own SHA-256 as it arrives and stored at once, so a
dropped connection loses at most the chunk in flight; the client asks which chunks are
here and sends the rest. When the last one arrives the whole is checked against its
name before it counts as present; a whole that does not match is thrown away, to be sent
again from the start.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server import metrics
from server.access import Principal, visible_schools
from server.db import Database
from server.errors import ApiError, forbidden, invalid, too_large
from server.models import AttachmentChunk, AttachmentContent, Record, RegistrySchool

CHUNK_SIZE = 256 * 1024  # the wire's chunk: one resent after a drop costs little
MAX_SIZE = 25 * 1024 * 1024  # the app's limit for one attached file, enforced here too
MAX_ASKED = 500  # SHA-256s in one status question
SHA256_PATTERN = "^[0-9a-f]{64}$"
T = TypeVar("T")


def _named(principal: Principal) -> Select[tuple[str]]:
    """The SHA-256s named by live attachment records of schools this user may see."""
    visible = select(RegistrySchool.id).where(visible_schools(principal))
    sha256 = Record.fields["sha256"].as_string()
    return select(sha256).where(
        Record.table_name == "attachments",
        Record.deleted.is_(False),
        Record.school_id.in_(visible),
    )


def _reachable_among(session: Session, principal: Principal, asked: list[str]) -> set[str]:
    """Which of ``asked`` this user may send or read, in one query."""
    sha256 = Record.fields["sha256"].as_string()
    return set(session.scalars(_named(principal).where(sha256.in_(asked)).distinct()))


def _reachable(session: Session, principal: Principal, sha256: str) -> bool:
    return bool(_reachable_among(session, principal, [sha256]))


def _check_reachable(session: Session, principal: Principal, sha256: str) -> None:
    if not _reachable(session, principal, sha256):
        raise forbidden(
            "You may not send or read this file: no attachment of a school you may see "
            "names it (send the attachment's record first)."
        )


def _received(session: Session, sha256: str) -> list[int]:
    return list(
        session.scalars(
            select(AttachmentChunk.seq)
            .where(AttachmentChunk.sha256 == sha256)
            .order_by(AttachmentChunk.seq)
        )
    )


def _states(session: Session, principal: Principal, asked: list[str]) -> dict[str, Any]:
    reachable = _reachable_among(session, principal, asked)
    held = {
        c.sha256: c
        for c in session.scalars(
            select(AttachmentContent).where(AttachmentContent.sha256.in_(reachable))
        )
    }
    states: dict[str, Any] = {}
    for sha in asked:
        content = held.get(sha)
        if sha not in reachable:
            states[sha] = {"status": "not_visible"}
        elif content is None:
            states[sha] = {"status": "missing"}
        else:
            shape = {"size": content.size, "chunk_count": content.chunk_count}
            if content.complete:
                states[sha] = {"status": "present", **shape}
            else:
                states[sha] = {"status": "partial", **shape, "received": _received(session, sha)}
    return states


def content_states(db: Database, principal: Principal, wanted: Iterable[str]) -> dict[str, Any]:
    """For each SHA-256 asked about: present, partial (with the chunks received),
    missing, or not_visible (no record this user may see names it: nothing is said of
    whether the server holds it)."""
    asked = sorted(set(wanted))
    if len(asked) > MAX_ASKED:
        raise invalid("sha256", f"at most {MAX_ASKED} at once")
    with db.reading() as session:
        states = _states(session, principal, asked)
    return {"chunk_size": CHUNK_SIZE, "max_size": MAX_SIZE, "contents": states}


def _check_size(size: int) -> int:
    if size < 1:
        raise invalid("X-LPC-Content-Size", "must be 1 or more (the file's size in bytes)")
    if size > MAX_SIZE:
        raise too_large(
            f"This file is {size / 1024 / 1024:.1f} MB; an attachment can be at most "
            f"{MAX_SIZE // 1024 // 1024} MB. It was not stored."
        )
    return -(-size // CHUNK_SIZE)


def _check_chunk(seq: int, size: int, count: int, data: bytes, chunk_sha256: str) -> None:
    if seq >= count:
        raise invalid("seq", f"must be below {count} for a file of {size:,} bytes")
    expected = CHUNK_SIZE if seq < count - 1 else size - CHUNK_SIZE * (count - 1)
    if len(data) != expected:
        raise invalid("body", f"chunk {seq} must be {expected:,} bytes, not {len(data):,}")
    if hashlib.sha256(data).hexdigest() != chunk_sha256:
        raise invalid("body", f"chunk {seq} does not match its X-LPC-Chunk-SHA256 (damaged)")


def _retrying_once(fn: Callable[[], T]) -> T:
    """Two devices sending the same new content at once both insert its row (PostgreSQL):
    the loser's second try finds it and waits on its lock."""
    try:
        return fn()
    except IntegrityError:
        return fn()


def receive_chunk(
    db: Database,
    principal: Principal,
    sha256: str,
    seq: int,
    size: int,
    data: bytes,
    chunk_sha256: str,
) -> dict[str, Any]:
    """Store one chunk (a chunk already here is not stored twice); with the last one,
    check the whole and mark the content present."""
    metrics.CONTENT_BYTES_RECEIVED.inc(len(data))
    with db.reading() as session:  # first: someone who may not see it learns nothing more
        _check_reachable(session, principal, sha256)
    count = _check_size(size)
    _check_chunk(seq, size, count, data, chunk_sha256)

    def store() -> dict[str, Any]:
        with db.writing() as session:
            _check_reachable(session, principal, sha256)
            content = _locked_content(session, sha256, size, count)
            if content.complete:
                return {"status": "present", "received": count}
            if session.get(AttachmentChunk, (sha256, seq)) is None:
                session.add(AttachmentChunk(sha256=sha256, seq=seq, data=data))
                session.flush()
            received = _received(session, sha256)
            if len(received) < count:
                return {"status": "partial", "received": len(received)}
            if not _complete(session, content):
                return {"status": "mismatch"}  # committed: the chunks are dropped
            return {"status": "present", "received": count}

    answer = _retrying_once(store)
    if answer["status"] == "mismatch":
        raise ApiError(
            422,
            "invalid",
            f"sha256: the file's chunks together do not match {sha256}; nothing was kept, "
            "send it again from the first chunk.",
        )
    return answer


def _locked_content(session: Session, sha256: str, size: int, count: int) -> AttachmentContent:
    """The content's row, locked until commit so chunks of one content are stored one
    at a time (so exactly one request sees the last chunk arrive). SQLite's write lock
    already does that; ``FOR UPDATE`` does it on PostgreSQL."""
    content = session.scalar(
        select(AttachmentContent).where(AttachmentContent.sha256 == sha256).with_for_update()
    )
    if content is None:
        content = AttachmentContent(
            sha256=sha256, size=size, chunk_size=CHUNK_SIZE, chunk_count=count
        )
        session.add(content)
        session.flush()
    elif content.size != size and not content.complete:
        # Chunks of the same name but another size: one sender is wrong, and only the
        # whole's hash can tell which. Starting over with this sender keeps a wrong first
        # sender from blocking the file for good; a right one completes it.
        session.execute(delete(AttachmentChunk).where(AttachmentChunk.sha256 == sha256))
        content.size, content.chunk_count = size, count
        session.flush()
    return content


def _complete(session: Session, content: AttachmentContent) -> bool:
    whole = hashlib.sha256()
    for seq in range(content.chunk_count):
        chunk = session.get(AttachmentChunk, (content.sha256, seq))
        assert chunk is not None
        whole.update(chunk.data)
        session.expunge(chunk)  # not kept in memory: up to 25 MB in all
    if whole.hexdigest() != content.sha256:
        # Every chunk matched its own hash, so the sender sent another file under this
        # name: drop it all rather than keep bytes that will never match.
        session.execute(delete(AttachmentChunk).where(AttachmentChunk.sha256 == content.sha256))
        session.delete(content)
        return False
    content.complete = True
    content.completed_at = datetime.now(UTC)
    return True


def read_chunk(db: Database, principal: Principal, sha256: str, seq: int) -> bytes:
    """One chunk of a present content this user may read."""
    with db.reading() as session:
        _check_reachable(session, principal, sha256)
        content = session.get(AttachmentContent, sha256)
        if content is None or not content.complete:
            raise ApiError(404, "not_found", "The server does not hold this file (yet).")
        if seq >= content.chunk_count:
            raise invalid("seq", f"must be below {content.chunk_count}")
        chunk = session.get(AttachmentChunk, (sha256, seq))
        assert chunk is not None
        return chunk.data
