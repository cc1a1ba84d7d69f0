"""Rows that belong to this device only and never travel as domain data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class LocalSetting(Base):
    """Small key/value facts about this store: its device id, the sync cursor."""

    __tablename__ = "local_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="", nullable=False)


class OutboxEntry(Base):
    """A local change waiting to be pushed, written in the same transaction as the change.

    ``fields`` holds the new values (JSON) of the fields that changed; ``base_version`` is
    the row version the change was made on, so the server can tell a conflict from a
    fast-forward. ``change_id`` is generated here so a replayed push is recognised.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    row_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    school_id: Mapped[str] = mapped_column(String(36), nullable=False)
    operation: Mapped[str] = mapped_column(String(10), nullable=False)  # insert/update/delete
    fields: Mapped[str] = mapped_column(Text, nullable=False)  # JSON object
    base_version: Mapped[int] = mapped_column(Integer, nullable=False)
    new_version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class DemoSchool(Base):
    """A school of the fictional demo district: it and everything in it stay on this
    computer. Written only when the demo district is created, never by an edit and never
    synced, so no text an officer types can make a real school local-only (or a demo
    school travel)."""

    __tablename__ = "demo_schools"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), primary_key=True)
