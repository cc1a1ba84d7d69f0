"""Files kept with a school: adding, listing, reading back and removing them.

**Where the bytes live: inside the SQLCipher store**, in ``attachment_chunks`` addressed
by the content's SHA-256 (``app.models.attachment``). Chosen over encrypted files beside
the store because:

- the content is encrypted by the store's own key with no second cipher, key derivation
  or file format of ours to get wrong;
- the content and its ``Attachment`` row are written in one transaction (the
  ``UnitOfWork``), so a crash leaves both or neither: no orphan file, no row whose file
  never arrived, and no start-up sweep to reconcile them;
- backups, restore, the key change and the plain-to-encrypted conversion already copy
  the whole store, so attachments are in every backup with no extra code;
- a lost laptop's data folder holds one encrypted database (plus its encrypted WAL), so
  file names and sizes are hidden too, which files beside it would show.

The cost is a store that grows by what is attached (at most 25 MB a file, and schools'
papers are mostly a few hundred kB) and backups that grow with it. Content is cut into
512 kB chunks so no statement holds a whole file and point 2 (sync) can send and resume
chunk by chunk. Content is stored once however many attachments share it, and deleted
when the last live attachment using it is removed (the tombstone row stays for sync).

Opening decrypts a temporary copy for the system viewer (``TempCopies``); the UI removes
it after a delay and when the app closes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from app.models import Attachment, AttachmentChunk, AttachmentContent, School
from app.models.attachment import CHUNK_SIZE
from app.models.vocabulary import AttachmentKind, AttachmentLink
from app.services.file_types import RefusedFileError, check_size, identify
from app.services.records import load_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from lpc_core.rules import SIGNED_COPY

__all__ = [
    "AttachmentRow",
    "RefusedFileError",
    "TempCopies",
    "add_attachment",
    "list_attachments",
    "read_content",
    "remove_attachment",
    "signed_agreements",
    "signed_copy_attached",
    "store_content",
]


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    """What the Attachments list shows of one file."""

    id: str
    title: str
    kind: AttachmentKind
    dated_on: date | None
    linked_to: AttachmentLink | None
    linked_id: str
    file_name: str
    media_type: str
    size: int
    on_this_computer: bool  # False for a file synced from elsewhere whose bytes have not come


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing an empty or over-size one before reading it."""
    check_size(path.name, path.stat().st_size)
    return path.read_bytes()


def add_attachment(
    store: Store,
    actor: str,
    school_id: str,
    path: Path,
    *,
    title: str = "",
    kind: AttachmentKind = AttachmentKind.OTHER,
    dated_on: date | None = None,
    linked_to: tuple[AttachmentLink, str] | None = None,
) -> str:
    """Attach the file at ``path``; returns the new attachment's id. ``RefusedFileError``
    (a ``ValueError``) says why a file is not taken."""
    data = read_file(path)
    found = identify(path.name, data)
    digest = hashlib.sha256(data).hexdigest()
    with UnitOfWork(store, actor) as uow:
        uow.get(School, school_id)
        store_content(uow.session, digest, data)
        if linked_to is None and kind is AttachmentKind.SIGNED_AGREEMENT:
            linked_to = _current_agreement(uow.session, school_id)
        link_table, link_id = (linked_to[0].value, linked_to[1]) if linked_to else (None, "")
        return uow.add(
            Attachment,
            school_id=school_id,
            title=title or path.stem,
            kind=kind.value,
            dated_on=dated_on,
            linked_table=link_table,
            linked_id=link_id,
            file_name=path.name,
            media_type=found.media_type,
            size=len(data),
            sha256=digest,
        ).id


def _current_agreement(session: Session, school_id: str) -> tuple[AttachmentLink, str] | None:
    """A signed copy belongs to the agreement in force, when the school has one."""
    agreement = load_school(session, school_id).agreement
    return None if agreement is None else (AttachmentLink.AGREEMENT, agreement.id)


def store_content(session: Session, digest: str, data: bytes) -> None:
    """Keep ``data`` under its SHA-256 ``digest`` (attached here, or fetched by sync)."""
    if session.get(AttachmentContent, digest) is not None:
        return  # the same file is already here: stored once
    parts = [data[i : i + CHUNK_SIZE] for i in range(0, len(data), CHUNK_SIZE)]
    session.add(AttachmentContent(sha256=digest, size=len(data), chunk_count=len(parts)))
    session.flush()
    session.add_all(
        AttachmentChunk(sha256=digest, seq=i, data=part) for i, part in enumerate(parts)
    )


def read_content(store: Store, attachment_id: str) -> tuple[str, bytes]:
    """(file name, bytes) of a live attachment, checked against its SHA-256."""
    with store.session() as session:
        row = session.get(Attachment, attachment_id)
        if row is None or row.is_deleted:
            raise LookupError("This attachment has been removed.")
        chunks = list(
            session.scalars(
                select(AttachmentChunk.data)
                .where(AttachmentChunk.sha256 == row.sha256)
                .order_by(AttachmentChunk.seq)
            )
        )
        name, digest = row.file_name, row.sha256
    data = b"".join(chunks)
    if not chunks:
        raise LookupError(
            f"{name} is not on this computer yet: its details came from the district "
            "server, and the file itself will come with a later sync."
        )
    if hashlib.sha256(data).hexdigest() != digest:
        raise LookupError(f"{name} is damaged in this store (its content does not match).")
    return name, data


def remove_attachment(store: Store, actor: str, attachment_id: str) -> None:
    """Tombstone the attachment; its content goes once no live attachment uses it."""
    with UnitOfWork(store, actor) as uow:
        row = uow.get(Attachment, attachment_id)
        uow.delete(row)
        still_used = uow.session.scalar(
            select(func.count())
            .select_from(Attachment)
            .where(Attachment.sha256 == row.sha256, Attachment.deleted_at.is_(None))
        )
        if not still_used:
            _forget_content(uow.session, row.sha256)


def _forget_content(session: Session, digest: str) -> None:
    session.execute(delete(AttachmentChunk).where(AttachmentChunk.sha256 == digest))
    session.execute(delete(AttachmentContent).where(AttachmentContent.sha256 == digest))


def list_attachments(store: Store, school_id: str) -> list[AttachmentRow]:
    """The school's live attachments, newest first."""
    with store.session() as session:
        held = set(session.scalars(select(AttachmentContent.sha256)))
        rows = session.scalars(
            select(Attachment)
            .where(Attachment.school_id == school_id, Attachment.deleted_at.is_(None))
            .order_by(Attachment.created_at.desc(), Attachment.id)
        )
        return [
            AttachmentRow(
                id=r.id,
                title=r.title,
                kind=AttachmentKind(r.kind),
                dated_on=r.dated_on,
                linked_to=AttachmentLink(r.linked_table) if r.linked_table else None,
                linked_id=r.linked_id or "",
                file_name=r.file_name,
                media_type=r.media_type,
                size=r.size,
                on_this_computer=r.sha256 in held,
            )
            for r in rows
        ]


def _signed_copies() -> Select[str, str]:
    """(school id, agreement id) of every live signed copy (``lpc_core.rules.SIGNED_COPY``):
    the one rule behind "signed copy attached" in the workspace, on the dashboard and in
    the console, which each ask it of the agreement in force."""
    kind, table = SIGNED_COPY
    return select(Attachment.school_id, Attachment.linked_id).where(
        Attachment.kind == kind,
        Attachment.linked_table == table,
        Attachment.deleted_at.is_(None),
    )


def signed_agreements(session: Session) -> set[tuple[str, str]]:
    """Every school's signed copies, in one query (the dashboard)."""
    return {(school_id, linked_id) for school_id, linked_id in session.execute(_signed_copies())}


def signed_copy_attached(session: Session, school_id: str, agreement_id: str | None) -> bool:
    """Is a signed copy of this agreement attached (``agreement_id`` None: no agreement)?"""
    if agreement_id is None:
        return False
    query = _signed_copies().where(
        Attachment.school_id == school_id, Attachment.linked_id == agreement_id
    )
    return session.execute(query.limit(1)).first() is not None


class TempCopies:
    """Decrypted copies handed to the system viewer, in one private folder.

    Each copy sits in its own folder (readable by this user only) under its real file
    name, so the viewer shows that name. ``sweep`` removes copies older than a delay
    (the viewer has long since read them); ``remove_all`` runs when the app closes, and
    a sweep at the next start clears what a crash left behind.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or Path(tempfile.gettempdir()) / f"lpc-open-{_user_tag()}"

    def write(self, file_name: str, data: bytes) -> Path:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(dir=self.root))  # mode 0700
        safe = Path(file_name).name or "attachment"
        target = folder / safe
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return target

    def remove(self, path: Path) -> None:
        shutil.rmtree(path.parent, ignore_errors=True)

    def sweep(self, older_than_s: float) -> None:
        if not self.root.is_dir():
            return
        cutoff = time.time() - older_than_s
        for folder in self.root.iterdir():
            try:
                if folder.stat().st_mtime <= cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue

    def remove_all(self) -> None:
        self.sweep(older_than_s=-1)


def _user_tag() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else os.environ.get("USERNAME", "user")
