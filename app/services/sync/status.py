"""What the sync status bar and settings show, read without touching the network
(except ``check_connection``, which is the "Test connection" button)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from app.config import AppSettings
from app.services.store import Store
from app.services.sync.account import load_token, signed_in_token
from app.services.sync.batches import outbox_count
from app.services.sync.client import ApiClient
from app.services.sync.conflicts import open_conflict_count, open_refused_count
from app.services.sync.state import last_sync
from lpc_core.formatting import format_nz_date


@dataclass(frozen=True)
class SyncOverview:
    server_url: str
    username: str
    signed_in: bool
    last_sync: datetime | None
    open_conflicts: int
    pending_changes: int
    open_refused: int = 0  # refused changes set aside (counted in open_conflicts too)

    @property
    def configured(self) -> bool:
        return bool(self.server_url and self.username)


def overview(store: Store, settings: AppSettings) -> SyncOverview:
    current = settings.get()
    signed_in = bool(load_token(current.server_url, current.username))
    with store.session() as session:
        return SyncOverview(
            current.server_url,
            current.username,
            signed_in,
            last_sync(session),
            open_conflict_count(session),
            outbox_count(session),
            open_refused_count(session),
        )


def format_sync_time(when: datetime | None, now: datetime | None = None) -> str:
    """NZ style, in this computer's time zone: "today 2:05 pm" or "24/11/2026 2:05 pm"."""
    if when is None:
        return "never"
    local = when.astimezone()
    clock = local.strftime("%I:%M %p").lstrip("0").lower()
    today = (now or datetime.now().astimezone()).date()
    if local.date() == today:
        return f"today {clock}"
    return f"{format_nz_date(local.date())} {clock}"


def check_connection(
    settings: AppSettings, transport: httpx.BaseTransport | None = None
) -> dict[str, Any]:
    """``GET /me`` with the stored sign-in: who the server thinks this device is."""
    current = settings.get()
    token = signed_in_token(current)
    with ApiClient(current.server_url, token, transport=transport) as api:
        return api.me()
