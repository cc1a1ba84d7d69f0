"""Per-school digests, computed exactly as docs/sync-protocol.md says the server does.

After a sync with nothing left to push, a school whose count or digest differs from the
server's is fetched again whole; this catches a school newly assigned to the officer
(its records are older than the pull cursor) and anything that went astray.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import SYNCED_MODELS, School


@dataclass(frozen=True)
class SchoolDigest:
    count: int
    digest: str


def digest_lines(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()


EMPTY = SchoolDigest(0, digest_lines([]))


def local_digests(session: Session) -> dict[str, SchoolDigest]:
    """Every school's records on this device, tombstones included."""
    lines: dict[str, list[str]] = {}
    for model in SYNCED_MODELS:
        table = model.__tablename__  # type: ignore[attr-defined]
        school_col = model.id if model is School else model.school_id  # type: ignore[attr-defined]
        for row_id, version, school_id in session.execute(
            select(model.id, model.row_version, school_col)
        ):
            lines.setdefault(str(school_id), []).append(f"{table}:{row_id}:{version}")
    return {s: SchoolDigest(len(ls), digest_lines(ls)) for s, ls in lines.items()}


def schools_that_differ(session: Session, server: dict[str, object]) -> list[str]:
    """School ids the server lists whose records here are not the same."""
    local = local_digests(session)
    differ = []
    for school_id, raw in server.items():
        if not isinstance(raw, dict):
            continue
        mine = local.get(school_id, EMPTY)
        if mine.count != raw.get("count") or mine.digest != raw.get("digest"):
            differ.append(school_id)
    return sorted(differ)
