"""Files kept with a school: the record that describes one, and its content held apart.

The ``Attachment`` row is synced like any other record (its metadata travels, removal
is a tombstone). The bytes live in ``attachment_contents`` / ``attachment_chunks``,
local tables addressed by the content's SHA-256: two attachments of the same file share
one copy, and sync can send each content once, chunk by chunk, and resume. Why the bytes
are inside the encrypted store and not in files beside it: ``app.services.attachments``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, UTCDateTime, choice, date_field, integer, text, utcnow
from app.models.vocabulary import AttachmentKind, AttachmentLink

CHUNK_SIZE = 512 * 1024  # 25 MB is 50 chunks: small enough to resend one after a drop


class Attachment(Synced, Base):
    """A file attached to a school, optionally to one of its records (``linked_table`` +
    ``linked_id``; not a foreign key, as it may name any of several tables)."""

    __tablename__ = "attachments"
    __label__ = "attachment"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    title: Mapped[str] = text("Title", required=True)
    kind: Mapped[str] = choice("Kind", AttachmentKind, default=AttachmentKind.OTHER)
    dated_on: Mapped[date | None] = date_field("Date")
    linked_table: Mapped[str | None] = choice("Belongs to", AttachmentLink)
    linked_id: Mapped[str] = text("Record it belongs to", max_len=36)
    file_name: Mapped[str] = text("File name", required=True, max_len=255)
    media_type: Mapped[str] = text("File type", required=True, max_len=100)
    size: Mapped[int] = integer("Size in bytes", required=True, minimum=1)
    sha256: Mapped[str] = text("Content SHA-256", required=True, max_len=64)


class AttachmentContent(Base):
    """One file's bytes on this computer (never synced as a record). Present only once
    every chunk is stored: a content row is written in the same transaction as its
    chunks."""

    __tablename__ = "attachment_contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    chunk_count: Mapped[int] = mapped_column(Integer, nullable=False)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class AttachmentChunk(Base):
    """Part ``seq`` (from 0) of a content, at most ``CHUNK_SIZE`` bytes."""

    __tablename__ = "attachment_chunks"

    sha256: Mapped[str] = mapped_column(
        String(64), ForeignKey("attachment_contents.sha256"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
