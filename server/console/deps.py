"""FastAPI dependencies: the signed-in console user (``Viewer``) and, for form posts, the
same user with the form's CSRF token checked (``Poster``)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Form, Request

from server.console import sessions
from server.console.sessions import Actor
from server.console.web import ConsoleRefusalError, SignInRequiredError, not_allowed
from server.db import Database


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


DB = Annotated[Database, Depends(database)]


def _viewer(request: Request, db: DB) -> Actor:
    with db.writing() as session:
        found = sessions.current(session, request)
        if found is None:
            raise SignInRequiredError
        row, user = found
        if row.stage != sessions.SIGNED_IN:
            raise SignInRequiredError
        if user.role not in sessions.CONSOLE_ROLES:
            raise not_allowed(
                "Officers use the desktop app; the console is for supervisors and administrators."
            )
        request.state.notice = sessions.take_notice(row)
        request.state.actor = sessions.actor(session, row, user)  # for a refusal page's menu
        return request.state.actor


Viewer = Annotated[Actor, Depends(_viewer)]


def form_expired() -> ConsoleRefusalError:
    return ConsoleRefusalError(
        403,
        "Form expired",
        "This form was not sent from a page of this console, or it is too old. Go back, "
        "reload the page and try again.",
    )


def check_csrf(expected: str, sent: str) -> None:
    if not sent or not secrets.compare_digest(expected.encode(), sent.encode()):
        raise form_expired()


def _poster(actor: Viewer, csrf_token: Annotated[str, Form()] = "") -> Actor:
    check_csrf(actor.csrf_token, csrf_token)
    return actor


Poster = Annotated[Actor, Depends(_poster)]


def notify(db: Database, actor: Actor, notice: str) -> None:
    """A sentence for the next page this session shows."""
    from server.models import ConsoleSession

    with db.writing() as session:
        row = session.get(ConsoleSession, actor.session_id)
        if row is not None:
            row.notice = notice[:500]
