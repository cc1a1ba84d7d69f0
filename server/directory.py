"""Districts, users, schools and assignments: the admin's operations, used by the CLI,
by the tests' seeding helpers and (for offline-created schools) by push.

Each function takes an open session inside a transaction and raises ``AdminError`` with a
sentence for a person when the request cannot be done.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from server.models import Assignment, Device, District, RegistrySchool, Role, User
from server.security import hash_password


class AdminError(Exception):
    """The operation was refused; the message says why (shown to the admin as is)."""


def district_by_name(session: Session, name: str) -> District:
    district = session.scalar(select(District).where(func.lower(District.name) == name.lower()))
    if district is None:
        known = ", ".join(session.scalars(select(District.name).order_by(District.name)))
        raise AdminError(
            f"There is no district called “{name}”."
            + (f" Known districts: {known}." if known else " Create it with create-district.")
        )
    return district


def create_district(session: Session, name: str) -> District:
    name = name.strip()
    if not name:
        raise AdminError("A district needs a name.")
    existing = session.scalar(select(District).where(func.lower(District.name) == name.lower()))
    if existing is not None:
        raise AdminError(f"A district called “{existing.name}” already exists.")
    district = District(name=name)
    session.add(district)
    session.flush()
    return district


def create_user(
    session: Session, username: str, password: str, role: str, district_name: str
) -> User:
    username = username.strip()
    if not username:
        raise AdminError("A user needs a name.")
    if role not in {r.value for r in Role}:
        raise AdminError(f"“{role}” is not a role; use officer, supervisor or admin.")
    if len(password) < 8:
        raise AdminError("The password must be at least 8 characters long.")
    district = district_by_name(session, district_name)
    if session.scalar(select(User).where(func.lower(User.username) == username.lower())):
        raise AdminError(f"A user called “{username}” already exists.")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        district_id=district.id,
    )
    session.add(user)
    session.flush()
    return user


def user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None:
        raise AdminError(f"There is no user called “{username}”.")
    return user


def find_school(session: Session, key: str, district: District | None = None) -> RegistrySchool:
    """A school by id, MoE number or (case-insensitive) name; refuses an ambiguous name.

    With ``district``, only that district's schools are looked at: two districts may each
    have a school of the same name, and a name must never reach across to the other."""
    key = key.strip()
    by_id = session.get(RegistrySchool, key)
    if by_id is not None:
        if district is not None and by_id.district_id != district.id:
            raise AdminError(_outside(by_id.name, key, district))
        return by_id
    conditions: list[Any] = [func.lower(RegistrySchool.name) == key.lower()]
    if key.isdigit():
        conditions.append(RegistrySchool.moe_number == int(key))
    stmt = select(RegistrySchool).where(or_(*conditions))
    matches = list(session.scalars(stmt))
    if district is not None:
        elsewhere = [s for s in matches if s.district_id != district.id]
        matches = [s for s in matches if s.district_id == district.id]
        if not matches and elsewhere:
            raise AdminError(_outside(elsewhere[0].name, key, district))
    if not matches:
        where = f" in {district.name}" if district is not None else ""
        raise AdminError(f"There is no school with the id, MoE number or name “{key}”{where}.")
    if len(matches) > 1:
        numbers = ", ".join(str(s.moe_number or s.id) for s in matches)
        raise AdminError(f"More than one school is called “{key}” ({numbers}); use the MoE number.")
    return matches[0]


def _outside(name: str, key: str, district: District) -> str:
    named = f"“{name}”" if key.lower() == name.lower() else f"“{key}” ({name})"
    return (
        f"{named} is not a school of {district.name}: a user can be assigned only schools "
        "of their own district. Check the MoE number or name."
    )


def register_school(
    session: Session, school_id: str, district_id: int, name: str, moe_number: int | None
) -> RegistrySchool:
    school = RegistrySchool(
        id=school_id, district_id=district_id, name=name[:200], moe_number=moe_number
    )
    session.add(school)
    session.flush()
    return school


def new_school_id() -> str:
    return str(uuid.uuid4())


def assign(session: Session, user: User, school: RegistrySchool) -> bool:
    """Assign the school to the user; False when it already was. A school of another
    district is refused (find it with ``find_school(..., district=)`` first)."""
    if school.district_id != user.district_id:
        district = session.get(District, user.district_id)
        assert district is not None
        raise AdminError(_outside(school.name, school.name, district))
    if session.get(Assignment, (user.id, school.id)) is not None:
        return False
    session.add(Assignment(user_id=user.id, school_id=school.id))
    session.flush()
    return True


@dataclass(frozen=True, slots=True)
class DeviceRow:
    id: int
    username: str
    name: str
    client_device_id: str
    revoked: bool
    created_at: str
    last_seen_at: str


def list_devices(session: Session) -> list[DeviceRow]:
    rows = session.execute(
        select(Device, User.username).join(User, User.id == Device.user_id).order_by(Device.id)
    )
    return [
        DeviceRow(
            d.id,
            username,
            d.name,
            d.client_device_id,
            d.revoked,
            d.created_at.strftime("%d/%m/%Y %H:%M UTC"),
            d.last_seen_at.strftime("%d/%m/%Y %H:%M UTC") if d.last_seen_at else "never",
        )
        for d, username in rows
    ]


def revoke_device(session: Session, device_id: int) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise AdminError(f"There is no device with id {device_id}; see list-devices.")
    device.revoked = True
    session.flush()
    return device
