"""Which copies are out with schools, since when, and which came back.

Kept on this computer only (``local_settings``, one entry per school: its latest send),
like the send itself: the copy is a file in the officer's email, not a record of the
partnership. Free of python-docx, so showing a school's workspace does not load Word
support.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import LocalSetting
from app.services.school_copy.send_record import SEND_KEY, copies_out_of, parse_send
from app.services.school_copy.send_record import SendRecord as SendRecord
from app.services.store import Store
from lpc_core.formatting import format_nz_date


def remember_send(session: Session, school_id: str, record: SendRecord) -> None:
    """The school's latest send; an older copy is then named as such when it comes back."""
    session.merge(LocalSetting(key=SEND_KEY + school_id, value=json.dumps(asdict(record))))


def remember_return(session: Session, school_id: str, at: datetime) -> None:
    latest = latest_send(session, school_id)
    if latest is not None:
        back = SendRecord(latest.send_id, latest.sent_at, at.isoformat(), latest.parts)
        remember_send(session, school_id, back)


def latest_send(session: Session, school_id: str) -> SendRecord | None:
    row = session.get(LocalSetting, SEND_KEY + school_id)
    return None if row is None else parse_send(row.value)


def copies_out(session: Session) -> dict[str, SendRecord]:
    """School id -> its copy that is with the school now."""
    rows = session.scalars(select(LocalSetting).where(LocalSetting.key.startswith(SEND_KEY)))
    return copies_out_of((row.key, row.value) for row in rows)


def copy_out(store: Store, school_id: str) -> SendRecord | None:
    """The school's copy that is with it now, if any."""
    with store.session() as session:
        latest = latest_send(session, school_id)
    return latest if latest is not None and latest.is_out else None


def describe(record: SendRecord, today: date) -> str:
    """For the workspace: what is with the school, since when, and whether to chase it."""
    parts = ", ".join(record.parts) or "The school's copy"
    text = f"{parts}: with the school since {format_nz_date(record.sent_on)}"
    if record.overdue(today):
        text += ": over three weeks, time to follow it up"
    return text
