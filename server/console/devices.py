"""Devices: every signed-in laptop with its user, name and last contact; revoking one
refuses its token at once (the next sync gets 401 and must sign in again)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from server.console.deps import DB, Poster, Viewer, notify
from server.console.log import record
from server.console.scope import device_in_scope, managed_users
from server.console.web import page, redirect
from server.models import Device, District, User

router = APIRouter()


@router.get("/devices")
def devices(request: Request, db: DB, actor: Viewer) -> Response:
    with db.reading() as session:
        rows = list(
            session.execute(
                select(Device, User.username, User.id, District.name)
                .join(User, User.id == Device.user_id)
                .join(District, District.id == User.district_id)
                .where(managed_users(actor))
                .order_by(Device.revoked, Device.last_seen_at.desc(), Device.id)
            )
        )
    return page(request, "devices.html", actor=actor, section="devices", title="Devices", rows=rows)


@router.post("/devices/{device_id}/revoke")
def revoke(db: DB, actor: Poster, device_id: int) -> Response:
    with db.writing() as session:
        device = device_in_scope(session, actor, device_id)
        user = session.get(User, device.user_id)
        assert user is not None
        device.revoked = True
        record(
            session,
            (actor.user_id, actor.username),
            "device_revoked",
            district_id=user.district_id,
            target_user_id=user.id,
            device_id=device.id,
            detail=f"{device.name} of {user.username}",
        )
        text = f"Revoked {device.name} of {user.username}: its next sync is refused."
    notify(db, actor, text)
    return redirect("/devices")
