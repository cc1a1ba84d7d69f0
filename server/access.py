"""Who is asking (from the bearer token) and which schools they may see.

officer: assigned schools; supervisor: every school of their district; admin: all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, select, true
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


def authenticate(db: Database, authorization: str | None) -> Principal:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorised("Sign in first: this request has no bearer token.")
    digest = token_hash(token.strip())
    with db.reading() as session:
        row = session.execute(
            select(Device, User, District)
            .join(User, User.id == Device.user_id)
            .join(District, District.id == User.district_id)
            .where(Device.token_hash == digest)
        ).first()
        if row is None or row[0].revoked:
            raise unauthorised()
        if row[1].disabled:
            raise unauthorised("This account is disabled. Ask your district administrator.")
        device, user, district = row
        stale = device.last_seen_at is None or (
            datetime.now(UTC) - device.last_seen_at > _LAST_SEEN_GRANULARITY
        )
    if stale:
        with db.writing() as session:
            fresh = session.get(Device, device.id)
            if fresh is not None:
                fresh.last_seen_at = datetime.now(UTC)
    return Principal(
        user.id,
        user.username,
        user.role,
        district.id,
        district.name,
        device.id,
        device.client_device_id,
    )


def visible_schools(principal: Principal) -> ColumnElement[bool]:
    """A condition on ``RegistrySchool`` selecting the schools this user may see."""
    if principal.role == Role.ADMIN:
        return true()
    if principal.role == Role.SUPERVISOR:
        return RegistrySchool.district_id == principal.district_id
    return RegistrySchool.id.in_(
        select(Assignment.school_id).where(Assignment.user_id == principal.user_id)
    )


def visible_school_ids(session: Session, principal: Principal) -> list[str]:
    return list(session.scalars(select(RegistrySchool.id).where(visible_schools(principal))))


def can_see(session: Session, principal: Principal, school_id: str) -> bool:
    found = session.scalar(
        select(RegistrySchool.id).where(RegistrySchool.id == school_id, visible_schools(principal))
    )
    return found is not None
