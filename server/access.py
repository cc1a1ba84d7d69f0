"""Who is asking (from the bearer token) and which schools they may see.

officer: assigned schools; supervisor: every school of their district; admin: all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, bindparam, select, true, update
from sqlalchemy.orm import Session

from server.db import Database
from server.errors import unauthorised
from server.models import Assignment, Device, District, RegistrySchool, Role, User
from server.security import token_hash

# last_seen is a hint for the admin, not an audit record: write it at most this often so
# reads do not all turn into writes.
_LAST_SEEN_GRANULARITY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    username: str
    role: str
    district_id: int
    district: str
    device_pk: int
    client_device_id: str


_DEVICES: Table = Device.__table__  # type: ignore[assignment]
_USERS: Table = User.__table__  # type: ignore[assignment]
_DISTRICTS: Table = District.__table__  # type: ignore[assignment]

# Built once: every request runs it, and a prebuilt Core statement skips the statement
# building, cache-key and ORM work that was a quarter of a sync request's CPU. It still
# reads the store on every request, so a revoked token or a disabled account is refused
# on its very next request.
_CALLER = (
    select(
        _DEVICES.c.id,
        _DEVICES.c.client_device_id,
        _DEVICES.c.revoked,
        _DEVICES.c.last_seen_at,
        _USERS.c.id.label("user_id"),
        _USERS.c.username,
        _USERS.c.role,
        _USERS.c.disabled,
        _DISTRICTS.c.id.label("district_id"),
        _DISTRICTS.c.name.label("district"),
    )
    .join_from(_DEVICES, _USERS, _USERS.c.id == _DEVICES.c.user_id)
    .join(_DISTRICTS, _DISTRICTS.c.id == _USERS.c.district_id)
    .where(_DEVICES.c.token_hash == bindparam("digest"))
)
_SEEN = (
    update(_DEVICES)
    .where(_DEVICES.c.id == bindparam("device"))
    .values(last_seen_at=bindparam("now"))
)


def authenticate(db: Database, authorization: str | None) -> Principal:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorised("Sign in first: this request has no bearer token.")
    with db.read_connection() as conn:
        row = conn.execute(_CALLER, {"digest": token_hash(token.strip())}).first()
    if row is None or row.revoked:
        raise unauthorised()
    if row.disabled:
        raise unauthorised("This account is disabled. Ask your district administrator.")
    now = datetime.now(UTC)
    if row.last_seen_at is None or now - row.last_seen_at > _LAST_SEEN_GRANULARITY:
        with db.write_connection() as conn:
            conn.execute(_SEEN, {"device": row.id, "now": now})
    return Principal(
        row.user_id,
        row.username,
        row.role,
        row.district_id,
        row.district,
        row.id,
        row.client_device_id,
    )


_REGISTRY: Table = RegistrySchool.__table__  # type: ignore[assignment]
_ASSIGNMENTS: Table = Assignment.__table__  # type: ignore[assignment]


@cache
def visible_schools_of(role: str) -> ColumnElement[bool]:
    """A condition on the school registry selecting the schools a user of ``role`` may
    see, its values the parameters ``scope(principal)`` gives.

    Built once per role so the statements of every request can be built once too
    (``server.pull``, ``server.push_state``); only the parameters change per caller."""
    return _visible(role, {})


def _visible(role: str, values: dict[str, int]) -> ColumnElement[bool]:
    """The condition, its parameters bound to ``values`` where given (else left for the
    caller to pass when the statement runs)."""

    def param(name: str) -> Any:
        return bindparam(name, values[name]) if name in values else bindparam(name)

    if role == Role.ADMIN:
        return true()
    if role == Role.SUPERVISOR:
        return _REGISTRY.c.district_id == param("scope_district")
    return _REGISTRY.c.id.in_(
        select(_ASSIGNMENTS.c.school_id).where(_ASSIGNMENTS.c.user_id == param("scope_user"))
    )


def scope(principal: Principal) -> dict[str, int]:
    """The parameters of ``visible_schools_of(principal.role)``."""
    return {"scope_user": principal.user_id, "scope_district": principal.district_id}


def visible_schools(principal: Principal) -> ColumnElement[bool]:
    """``visible_schools_of`` with this user's values in it, for a statement built where
    it is used."""
    return _visible(principal.role, scope(principal))


@cache
def _visible_ids(role: str) -> Select[tuple[str]]:
    return select(_REGISTRY.c.id).where(visible_schools_of(role))


def visible_school_ids(session: Session | Connection, principal: Principal) -> list[str]:
    return list(session.scalars(_visible_ids(principal.role), scope(principal)))


def can_see(session: Session, principal: Principal, school_id: str) -> bool:
    found = session.scalar(
        select(RegistrySchool.id).where(RegistrySchool.id == school_id, visible_schools(principal))
    )
    return found is not None
