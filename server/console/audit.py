"""Audit search: what console users did, what devices pushed (the change log) and the
audit entries laptops sent, filtered by school, user, device and date. A supervisor sees
only their own district's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session

from lpc_core.formatting import parse_nz_date
from server.console.deps import DB, Viewer
from server.console.log import ACTION_LABELS
from server.console.sessions import Actor
from server.console.web import page
from server.models import (
    ChangeLog,
    ClientAuditEntry,
    ConsoleAction,
    Device,
    Record,
    RegistrySchool,
    User,
)

router = APIRouter()
LIMIT = 200


@dataclass(frozen=True)
class Line:
    at: datetime
    source: str
    who: str
    device: str
    school: str
    what: str


@dataclass
class Filters:
    school: str = ""
    user: str = ""
    device: str = ""
    date_from: str = ""
    date_to: str = ""
    error: str = ""
    start: datetime | None = None
    end: datetime | None = None


def _filters(request: Request) -> Filters:
    p = request.query_params
    f = Filters(
        p.get("school", "").strip(),
        p.get("user", "").strip(),
        p.get("device", "").strip(),
        p.get("from", "").strip(),
        p.get("to", "").strip(),
    )
    for label, text, attr in (("From", f.date_from, "start"), ("To", f.date_to, "end")):
        if not text:
            continue
        try:
            day = parse_nz_date(text)
        except ValueError:
            f.error = f"{label}: “{text}” is not a date; use dd/mm/yyyy."
            continue
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
        setattr(f, attr, moment + timedelta(days=1) if attr == "end" else moment)
    return f


def _user_scope(actor: Actor) -> ColumnElement[bool]:
    return true() if actor.is_admin else User.district_id == actor.district_id


def _school_ids(session: Session, actor: Actor, text: str) -> list[str] | None:
    if not text:
        return None
    query = select(RegistrySchool.id).where(
        or_(
            RegistrySchool.id == text,
            func.lower(RegistrySchool.name).contains(text.lower()),
            RegistrySchool.moe_number == (int(text) if text.isdigit() else -1),
        )
    )
    if not actor.is_admin:
        query = query.where(RegistrySchool.district_id == actor.district_id)
    return list(session.scalars(query))


def _when(column: Any, f: Filters) -> ColumnElement[bool]:
    conditions = [true()]
    if f.start is not None:
        conditions.append(column >= f.start)
    if f.end is not None:
        conditions.append(column < f.end)
    return and_(*conditions)


def _device_ok(column: Any, f: Filters) -> ColumnElement[bool]:
    if not f.device:
        return true()
    ids = select(Device.id).where(
        or_(
            Device.id == (int(f.device) if f.device.isdigit() else -1),
            func.lower(Device.name).contains(f.device.lower()),
        )
    )
    return column.in_(ids)


def _user_ok(f: Filters) -> ColumnElement[bool]:
    return func.lower(User.username).contains(f.user.lower()) if f.user else true()


def search(session: Session, actor: Actor, f: Filters) -> list[Line]:
    schools = _school_ids(session, actor, f.school)
    names = dict(session.execute(select(RegistrySchool.id, RegistrySchool.name)).all())
    devices = dict(session.execute(select(Device.id, Device.name)).all())
    lines: list[Line] = []
    actions = (
        select(ConsoleAction)
        .join(User, User.id == ConsoleAction.actor_user_id)
        .where(_user_ok(f), _when(ConsoleAction.at, f), _device_ok(ConsoleAction.device_id, f))
        .order_by(ConsoleAction.at.desc())
        .limit(LIMIT)
    )
    if not actor.is_admin:
        actions = actions.where(ConsoleAction.district_id == actor.district_id)
    if schools is not None:
        actions = actions.where(ConsoleAction.school_id.in_(schools))
    for a in session.scalars(actions):
        lines.append(
            Line(
                a.at,
                "console",
                a.actor,
                devices.get(a.device_id or -1, ""),
                names.get(a.school_id or "", ""),
                ": ".join(filter(None, (ACTION_LABELS.get(a.action, a.action), a.detail))),
            )
        )
    changes = (
        select(ChangeLog, User.username, Record.school_id)
        .join(User, User.id == ChangeLog.user_id)
        .outerjoin(
            Record,
            and_(Record.table_name == ChangeLog.table_name, Record.row_id == ChangeLog.row_id),
        )
        .where(
            _user_scope(actor),
            _user_ok(f),
            _when(ChangeLog.received_at, f),
            _device_ok(ChangeLog.device_id, f),
        )
        .order_by(ChangeLog.received_at.desc())
        .limit(LIMIT)
    )
    if schools is not None:
        changes = changes.where(Record.school_id.in_(schools))
    for c, username, school_id in session.execute(changes):
        lines.append(
            Line(
                c.received_at,
                "sync",
                username,
                devices.get(c.device_id, ""),
                names.get(school_id or "", ""),
                f"{c.table_name.replace('_', ' ')} change {c.status}",
            )
        )
    entries = (
        select(ClientAuditEntry, User.username)
        .join(User, User.id == ClientAuditEntry.user_id)
        .where(
            _user_scope(actor),
            _user_ok(f),
            _when(ClientAuditEntry.received_at, f),
            _device_ok(ClientAuditEntry.device_id, f),
        )
        .order_by(ClientAuditEntry.received_at.desc())
        .limit(LIMIT)
    )
    if schools is not None:
        entries = entries.where(ClientAuditEntry.school_id.in_(schools))
    for e, username in session.execute(entries):
        what = f"{e.entry.get('operation', '')} {str(e.entry.get('table', '')).replace('_', ' ')}"
        lines.append(
            Line(
                e.received_at,
                "laptop audit",
                username,
                devices.get(e.device_id, ""),
                names.get(e.school_id, ""),
                what,
            )
        )
    lines.sort(key=lambda line: line.at, reverse=True)
    return lines[:LIMIT]


@router.get("/audit")
def audit(request: Request, db: DB, actor: Viewer) -> Response:
    f = _filters(request)
    lines: list[Line] = []
    if not f.error:
        with db.reading() as session:
            lines = search(session, actor, f)
    return page(
        request,
        "audit.html",
        422 if f.error else 200,
        actor=actor,
        section="audit",
        title="Audit",
        f=f,
        lines=lines,
        limit=LIMIT,
    )
