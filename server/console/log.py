"""Every console action is logged with who did it (``console_actions``), inside the same
transaction as the change itself: a change is never without its entry, nor the reverse."""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.models import ConsoleAction, User

ACTION_LABELS = {
    "signed_in": "Signed in to the console",
    "enrolled_second_factor": "Set up the second factor",
    "changed_password": "Changed their password",
    "user_created": "Created a user",
    "user_disabled": "Disabled a user",
    "user_enabled": "Enabled a user",
    "password_reset": "Reset a password",
    "second_factor_reset": "Reset a second factor",
    "user_changed": "Changed a user's role or district",
    "device_revoked": "Revoked a device",
    "schools_imported": "Imported schools",
    "school_assigned": "Assigned a school",
    "school_unassigned": "Unassigned a school",
    "summary_downloaded": "Downloaded the district summary",
}


def record(
    session: Session,
    actor: User | tuple[int, str],
    action: str,
    *,
    district_id: int | None = None,
    target_user_id: int | None = None,
    device_id: int | None = None,
    school_id: str | None = None,
    detail: str = "",
) -> None:
    assert action in ACTION_LABELS, action
    user_id, name = (actor.id, actor.username) if isinstance(actor, User) else actor
    session.add(
        ConsoleAction(
            actor_user_id=user_id,
            actor=name,
            district_id=district_id,
            action=action,
            target_user_id=target_user_id,
            device_id=device_id,
            school_id=school_id,
            detail=detail[:1000],
        )
    )


def history(
    session: Session, *, user_id: int | None = None, school_id: str | None = None
) -> list[tuple[ConsoleAction, str]]:
    """Console actions about one user or one school, newest first, with their labels."""
    from sqlalchemy import select

    query = select(ConsoleAction).order_by(ConsoleAction.at.desc(), ConsoleAction.id.desc())
    if user_id is not None:
        query = query.where(ConsoleAction.target_user_id == user_id)
    if school_id is not None:
        query = query.where(ConsoleAction.school_id == school_id)
    return [(a, ACTION_LABELS.get(a.action, a.action)) for a in session.scalars(query.limit(50))]
