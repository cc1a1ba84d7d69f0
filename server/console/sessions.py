"""Console sessions: a random cookie whose sha256 names a ``console_sessions`` row.

The cookie is ``Secure``, ``HttpOnly`` and ``SameSite=Strict`` and lives only as long as
the browser; the server ends a session after ``IDLE_TIMEOUT`` without a request, and any
session after ``MAX_AGE``. A CSRF token per session goes in every form.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import Request, Response
from sqlalchemy import delete
from sqlalchemy.orm import Session

from server.console.web import PREFIX
from server.models import ConsoleSession, District, Role, User
from server.security import new_token, token_hash

COOKIE = "lpc_console"
IDLE_TIMEOUT = timedelta(minutes=15)
MAX_AGE = timedelta(hours=12)
CONSOLE_ROLES = frozenset({Role.ADMIN.value, Role.SUPERVISOR.value})

SIGNED_IN = "signed_in"
PASSWORD_CHECKED = "password"
ENROL = "enrol"
CHANGE_PASSWORD = "change_password"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is using the console, and the session's CSRF token for the page's forms."""

    user_id: int
    username: str
    role: str
    district_id: int
    district: str
    csrf_token: str
    session_id: str

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def set_cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, path=PREFIX, secure=True, httponly=True, samesite="strict")


def start(session: Session, user: User, stage: str, response: Response) -> ConsoleSession:
    """A new session for ``user`` at ``stage``; any earlier cookie value means nothing now."""
    cookie = new_token()
    row = ConsoleSession(
        id_hash=token_hash(cookie),
        user_id=user.id,
        stage=stage,
        csrf_token=secrets.token_urlsafe(32),
        notice="",
    )
    session.add(row)
    session.flush()
    set_cookie(response, COOKIE, cookie)
    return row


def current(session: Session, request: Request) -> tuple[ConsoleSession, User] | None:
    """The live session of this request's cookie and its user, touched; None when there
    is none, it timed out, or its user may no longer use the console."""
    cookie = request.cookies.get(COOKIE, "")
    if not cookie:
        return None
    row = session.get(ConsoleSession, token_hash(cookie))
    if row is None:
        return None
    now = datetime.now(UTC)
    user = session.get(User, row.user_id)
    if (
        now - row.last_seen_at > IDLE_TIMEOUT
        or now - row.created_at > MAX_AGE
        or user is None
        or user.disabled
    ):
        session.delete(row)
        return None
    row.last_seen_at = now
    return row, user


def actor(session: Session, row: ConsoleSession, user: User) -> Actor:
    district = session.get(District, user.district_id)
    assert district is not None
    return Actor(
        user.id, user.username, user.role, district.id, district.name, row.csrf_token, row.id_hash
    )


def end(session: Session, request: Request, response: Response) -> None:
    cookie = request.cookies.get(COOKIE, "")
    if cookie:
        session.execute(delete(ConsoleSession).where(ConsoleSession.id_hash == token_hash(cookie)))
    response.delete_cookie(COOKIE, path=PREFIX, secure=True, httponly=True, samesite="strict")


def end_all_for(session: Session, user_id: int) -> None:
    """Sign the user out everywhere (disabled, role changed, password reset)."""
    session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))


def take_notice(row: ConsoleSession) -> str:
    notice, row.notice = row.notice, ""
    return notice
