"""Sending: write the school's copy to a file and remember the send.

The send is remembered on this computer (``sends.remember_send``) once the file is
written, so a copy that never reached the disk cannot make the last real one "older".
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from app.services.export.naming import OverwritePolicy, safe_name, write_file
from app.services.records import load_school
from app.services.school_copy.document import TITLES, build
from app.services.school_copy.manifest import Manifest
from app.services.school_copy.sends import SendRecord, remember_send
from app.services.store import Store
from app.services.writer import StoreWriter, run_here


def copy_file_name(school_name: str, on: datetime) -> str:
    """For example ``Kōwhai Grove School - for the school to complete - 2026-12-03.docx``."""
    day = on.astimezone().date().isoformat()
    return f"{safe_name(school_name, 'School')} - for the school to complete - {day}.docx"


def send_school_copy(
    store: Store,
    school_id: str,
    out_dir: Path,
    writer: StoreWriter = run_here,
    now: datetime | None = None,
) -> tuple[Path, Manifest]:
    """Write the fillable copy for one school into ``out_dir``; returns its path."""
    now = now or datetime.now(UTC)
    with store.session() as session:
        doc, manifest = build(load_school(session, school_id), now)
    data = io.BytesIO()
    doc.save(data)
    out_dir.mkdir(parents=True, exist_ok=True)
    path, _outcome = write_file(
        out_dir / copy_file_name(manifest.school_name, now), data.getvalue(), OverwritePolicy.UNIQUE
    )

    titles = {model.__tablename__: title for model, title in TITLES.items()}  # type: ignore[attr-defined]
    parts = [titles[table] for table in manifest.records]
    record = SendRecord(manifest.send_id, manifest.sent_at, parts=parts)

    def remember() -> None:
        with store.sessions() as session, session.begin():
            remember_send(session, manifest.school_id, record)

    writer(remember)
    return path, manifest
