"""Users: list, create, disable and enable, reset a password (a new one at the next
sign-in), reset a second factor, change role and district.

A new or reset password is made here and shown once on the page that answers the form
(never stored in plain text, never put in a link or the log).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from sqlalchemy import delete, func, select

from server.console import sessions
from server.console.deps import DB, Poster, Viewer, notify
from server.console.log import history, record
from server.console.scope import district_in_scope, managed_users, user_in_scope
from server.console.sessions import Actor
from server.console.web import not_allowed, page, redirect
from server.directory import AdminError, create_user
from server.models import Assignment, Device, District, RegistrySchool, Role, User
from server.security import hash_password

router = APIRouter()


def temporary_password() -> str:
    """Three groups of four letters and digits: easy to read out over the phone."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _roles(actor: Actor) -> list[str]:
    return [r.value for r in Role] if actor.is_admin else [Role.OFFICER.value]


def _list(
    request: Request,
    db: DB,
    actor: Actor,
    status: int = 200,
    error: str = "",
    form: dict[str, str] | None = None,
) -> Response:
    q = request.query_params.get("q", "").strip()
    with db.reading() as session:
        query = (
            select(User, District.name)
            .join(District, District.id == User.district_id)
            .where(managed_users(actor))
            .order_by(District.name, User.username)
        )
        if q:
            query = query.where(func.lower(User.username).contains(q.lower()))
        rows = list(session.execute(query))
        from server.console.scope import visible_districts

        districts = visible_districts(session, actor)
    return page(
        request,
        "users.html",
        status,
        actor=actor,
        section="users",
        title="Users",
        rows=rows,
        q=q,
        roles=_roles(actor),
        districts=districts,
        error=error,
        form=form or {},
    )


@router.get("/users")
def users(request: Request, db: DB, actor: Viewer) -> Response:
    return _list(request, db, actor)


@router.post("/users")
def create(
    request: Request,
    db: DB,
    actor: Poster,
    username: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "officer",
    district_id: Annotated[int | None, Form()] = None,
) -> Response:
    form = {"username": username, "role": role, "district_id": str(district_id or "")}
    if role not in _roles(actor):
        return _list(request, db, actor, 422, "Role: a supervisor can create officers only.", form)
    password = temporary_password()
    try:
        with db.writing() as session:
            district = district_in_scope(session, actor, district_id)
            user = create_user(session, username, password, role, district.name)
            user.must_change_password = True
            record(
                session,
                (actor.user_id, actor.username),
                "user_created",
                district_id=district.id,
                target_user_id=user.id,
                detail=f"{user.role} {user.username} in {district.name}",
            )
            shown = (user.username, user.role, district.name)
    except AdminError as err:
        return _list(request, db, actor, 422, f"Username: {err}", form)
    return page(
        request,
        "password_shown.html",
        actor=actor,
        section="users",
        title="User created",
        username=shown[0],
        role=shown[1],
        district=shown[2],
        password=password,
        created=True,
    )


@router.get("/users/{user_id}")
def detail(request: Request, db: DB, actor: Viewer, user_id: int) -> Response:
    with db.reading() as session:
        user = user_in_scope(session, actor, user_id)
        district = session.get(District, user.district_id)
        devices = list(session.scalars(select(Device).where(Device.user_id == user.id)))
        schools = list(
            session.scalars(
                select(RegistrySchool)
                .join(Assignment, Assignment.school_id == RegistrySchool.id)
                .where(Assignment.user_id == user.id)
                .order_by(RegistrySchool.name)
            )
        )
        from server.console.scope import visible_districts

        districts = visible_districts(session, actor)
        changes = history(session, user_id=user.id)
    return page(
        request,
        "user.html",
        actor=actor,
        section="users",
        title=user.username,
        user=user,
        district=district,
        devices=devices,
        schools=schools,
        roles=_roles(actor),
        districts=districts,
        history=changes,
    )


def _not_self(actor: Actor, user: User, what: str) -> None:
    if user.id == actor.user_id:
        raise not_allowed(f"You cannot {what} your own account; ask another administrator.")


@router.post("/users/{user_id}/disable")
def disable(db: DB, actor: Poster, user_id: int) -> Response:
    return _set_disabled(db, actor, user_id, True)


@router.post("/users/{user_id}/enable")
def enable(db: DB, actor: Poster, user_id: int) -> Response:
    return _set_disabled(db, actor, user_id, False)


def _set_disabled(db: DB, actor: Actor, user_id: int, disabled: bool) -> Response:
    with db.writing() as session:
        user = user_in_scope(session, actor, user_id)
        _not_self(actor, user, "disable")
        user.disabled = disabled
        if disabled:
            sessions.end_all_for(session, user.id)
        record(
            session,
            (actor.user_id, actor.username),
            "user_disabled" if disabled else "user_enabled",
            district_id=user.district_id,
            target_user_id=user.id,
            detail=user.username,
        )
        name = user.username
    state = "disabled: they can no longer sign in or sync" if disabled else "enabled again"
    notify(db, actor, f"{name} is {state}.")
    return redirect(f"/users/{user_id}")


@router.post("/users/{user_id}/reset-password")
def reset_password(request: Request, db: DB, actor: Poster, user_id: int) -> Response:
    password = temporary_password()
    with db.writing() as session:
        user = user_in_scope(session, actor, user_id)
        _not_self(actor, user, "reset the password of")
        user.password_hash = hash_password(password)
        user.must_change_password = True
        sessions.end_all_for(session, user.id)
        record(
            session,
            (actor.user_id, actor.username),
            "password_reset",
            district_id=user.district_id,
            target_user_id=user.id,
            detail=user.username,
        )
        district = session.get(District, user.district_id)
        assert district is not None
        shown = (user.username, user.role, district.name)
    return page(
        request,
        "password_shown.html",
        actor=actor,
        section="users",
        title="Password reset",
        username=shown[0],
        role=shown[1],
        district=shown[2],
        password=password,
        created=False,
        user_id=user_id,
    )


@router.post("/users/{user_id}/reset-second-factor")
def reset_second_factor(db: DB, actor: Poster, user_id: int) -> Response:
    if not actor.is_admin:
        raise not_allowed("Only an administrator can reset a second factor.")
    with db.writing() as session:
        user = user_in_scope(session, actor, user_id)
        _not_self(actor, user, "reset the second factor of")
        user.totp_secret = None
        sessions.end_all_for(session, user.id)
        record(
            session,
            (actor.user_id, actor.username),
            "second_factor_reset",
            district_id=user.district_id,
            target_user_id=user.id,
            detail=user.username,
        )
        name = user.username
    notify(db, actor, f"{name} sets up a new second factor at their next console sign-in.")
    return redirect(f"/users/{user_id}")


@router.post("/users/{user_id}/role")
def change_role(
    db: DB,
    actor: Poster,
    user_id: int,
    role: Annotated[str, Form()] = "",
    district_id: Annotated[int | None, Form()] = None,
) -> Response:
    if not actor.is_admin:
        raise not_allowed("Only an administrator can change a role or district.")
    if role not in _roles(actor):
        raise not_allowed(f"Role: “{role}” is not a role; use officer, supervisor or admin.")
    with db.writing() as session:
        user = user_in_scope(session, actor, user_id)
        _not_self(actor, user, "change the role or district of")
        district = district_in_scope(session, actor, district_id)
        before = f"{user.role} in {session.get(District, user.district_id).name}"  # type: ignore[union-attr]
        if district.id != user.district_id:  # a user is assigned schools of their district only
            session.execute(
                delete(Assignment).where(
                    Assignment.user_id == user.id,
                    Assignment.school_id.in_(
                        select(RegistrySchool.id).where(RegistrySchool.district_id != district.id)
                    ),
                )
            )
        user.role, user.district_id = role, district.id
        sessions.end_all_for(session, user.id)
        record(
            session,
            (actor.user_id, actor.username),
            "user_changed",
            district_id=district.id,
            target_user_id=user.id,
            detail=f"{user.username}: {before} → {role} in {district.name}",
        )
        name = user.username
    notify(db, actor, f"{name} is now {role} in {district.name}.")
    return redirect(f"/users/{user_id}")
