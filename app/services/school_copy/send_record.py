"""One copy sent to a school, as kept in ``local_settings`` (see ``sends``).

Free of SQLAlchemy, so the start-up read of the schools list (``app.services.quick_list``)
finds the copies out with schools by the same rules as every other screen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

SEND_KEY = "school_copy:"  # + school id
OVERDUE_AFTER = timedelta(days=21)
"""A copy out longer than three weeks earns a reminder to follow it up."""


@dataclass(frozen=True)
class SendRecord:
    send_id: str
    sent_at: str  # ISO datetime, UTC
    returned_at: str = ""  # when the officer took it in; "" while it is out
    parts: list[str] = field(default_factory=list)  # "Partnership Agreement", …

    @property
    def sent_on(self) -> date:
        return datetime.fromisoformat(self.sent_at).astimezone().date()

    @property
    def is_out(self) -> bool:
        return not self.returned_at

    def overdue(self, today: date) -> bool:
        return self.is_out and today - self.sent_on > OVERDUE_AFTER

    @property
    def reminder_on(self) -> date:
        return self.sent_on + OVERDUE_AFTER + timedelta(days=1)


def parse_send(value: str) -> SendRecord | None:
    try:
        return SendRecord(**json.loads(value))
    except (ValueError, TypeError):
        return None


def copies_out_of(settings: Iterable[tuple[str, str]]) -> dict[str, SendRecord]:
    """School id -> its copy that is with the school now, from (key, value) settings."""
    found = {
        key.removeprefix(SEND_KEY): parse_send(value)
        for key, value in settings
        if key.startswith(SEND_KEY)
    }
    return {sid: rec for sid, rec in found.items() if rec is not None and rec.is_out}
