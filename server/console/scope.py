"""What a console user may see and change: an administrator everything; a supervisor only
their own district, and of its users only the officers.

Anything outside the scope is answered as not found, the same as an id that does not
exist, so ids of another district cannot be probed.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select, true
from sqlalchemy.orm import Session

from server.console.sessions import Actor
from server.console.web import not_found
from server.models import Device, District, RegistrySchool, Role, User


def managed_users(actor: Actor) -> ColumnElement[bool]:
    """A condition on ``User``: the users this console user manages."""
    if actor.is_admin:
        return true()
    return and_(User.district_id == actor.district_id, User.role == Role.OFFICER.value)


def visible_schools(actor: Actor) -> ColumnElement[bool]:
    if actor.is_admin:
        return true()
    return RegistrySchool.district_id == actor.district_id


def visible_districts(session: Session, actor: Actor) -> list[District]:
    query = select(District).order_by(District.name)
    if not actor.is_admin:
        query = query.where(District.id == actor.district_id)
    return list(session.scalars(query))


def district_in_scope(session: Session, actor: Actor, district_id: int | None) -> District:
    """The chosen district (an admin may choose any); a supervisor's is always their own."""
    wanted = district_id if actor.is_admin and district_id else actor.district_id
    district = session.get(District, wanted)
    if district is None:
        raise not_found("district")
    return district


def user_in_scope(session: Session, actor: Actor, user_id: int) -> User:
    user = session.scalar(select(User).where(User.id == user_id, managed_users(actor)))
    if user is None:
        raise not_found("user")
    return user


def school_in_scope(session: Session, actor: Actor, school_id: str) -> RegistrySchool:
    school = session.scalar(
        select(RegistrySchool).where(RegistrySchool.id == school_id, visible_schools(actor))
    )
    if school is None:
        raise not_found("school")
    return school


def device_in_scope(session: Session, actor: Actor, device_id: int) -> Device:
    device = session.scalar(
        select(Device)
        .join(User, User.id == Device.user_id)
        .where(Device.id == device_id, managed_users(actor))
    )
    if device is None:
        raise not_found("device")
    return device
