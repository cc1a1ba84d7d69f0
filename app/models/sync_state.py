"""What this device knows about the district server: local only, never synced.

- ``SyncRowState``: the last *server* version this device has seen of each row. Pushes
  send it as ``base_version`` (not the local row version, which also counts this device's
  own unpushed edits and would make consecutive offline edits conflict with themselves).
- ``SyncBatch``: a push that has been sent (or is about to be) but whose reply has not been
  applied. Its body is frozen, so a retry after a lost reply resends exactly the same
  batch and the server answers it as a replay.
- ``SyncConflict``: a field where this device and the server disagreed. Both values are
  kept until the officer chooses; conflicts are never dropped. ``kind`` "refused" marks a
  whole change the server refused for good (403/422): it is set aside here, with the
  server's ``message``, so the batch holding it no longer blocks every later push.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class SyncRowState(Base):
    __tablename__ = "sync_row_state"

    table_name: Mapped[str] = mapped_column(String(60), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    server_version: Mapped[int] = mapped_column(Integer, nullable=False)


class SyncBatch(Base):
    __tablename__ = "sync_batches"

    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)  # the exact JSON sent
    outbox_seqs: Mapped[str] = mapped_column(Text, nullable=False)  # JSON list of outbox.seq
    audit_upto: Mapped[int] = mapped_column(Integer, nullable=False)  # last audit seq included
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class SyncConflict(Base):
    __tablename__ = "sync_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    row_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    school_id: Mapped[str] = mapped_column(String(36), nullable=False)
    field: Mapped[str] = mapped_column(String(60), nullable=False)
    mine: Mapped[str] = mapped_column(Text, nullable=False)  # JSON (wire encoding)
    theirs: Mapped[str] = mapped_column(Text, nullable=False)  # JSON (wire encoding)
    theirs_version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution: Mapped[str] = mapped_column(String(10), default="", nullable=False)
    kind: Mapped[str] = mapped_column(
        String(10), default="field", server_default="field", nullable=False
    )
    message: Mapped[str] = mapped_column(Text, default="", server_default="", nullable=False)
