"""Signing in to the console: password, then the second factor (or enrolling one on the
first sign-in), then a new password if an administrator reset it; and signing out.

The API's sign-in throttle counts every wrong password and every wrong code, per
username and address, so the console is no faster to guess at than the API. Officers
are refused: they use the desktop app.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import metrics
from server.console import second_factor, sessions
from server.console.deps import DB, check_csrf, form_expired
from server.console.log import record
from server.console.web import (
    ConsoleRefusalError,
    SignInRequiredError,
    not_allowed,
    page,
    redirect,
)
from server.db import Database
from server.errors import too_many_attempts
from server.models import ConsoleSession, User
from server.security import hash_password, verify_password
from server.throttle import LoginThrottle

router = APIRouter()
FORM_COOKIE = "lpc_console_form"  # double-submit token for the sign-in form (no session yet)
MIN_PASSWORD = 8


def _throttle(request: Request) -> tuple[LoginThrottle, str]:
    throttle: LoginThrottle = request.app.state.login_throttle
    return throttle, request.client.host if request.client else ""


def _staged(session: Session, request: Request, *stages: str) -> tuple[ConsoleSession, User]:

    after_password = {sessions.PASSWORD_CHECKED, sessions.ENROL} & set(stages)
    if after_password and sessions.COOKIE not in request.cookies:
        raise ConsoleRefusalError(
            400,
            "Sign-in not kept",
            "Your browser did not keep the sign-in. The console's cookie is sent only over "
            "HTTPS: open the console at its https:// address (or, on the server machine "
            "itself, at http://127.0.0.1), then sign in again.",
        )
    found = sessions.current(session, request)
    if found is None or found[0].stage not in stages:
        raise SignInRequiredError
    if found[1].role not in sessions.CONSOLE_ROLES:
        raise not_allowed("The console is for supervisors and administrators.")
    return found


def _form_page(
    request: Request, template: str, status: int = 200, *, error: str = "", username: str = ""
) -> Response:
    """A form shown before any session exists (sign-in, new password): its double-submit
    token goes in a cookie of its own."""
    token = secrets.token_urlsafe(32)
    response = page(request, template, status, form_token=token, error=error, username=username)
    sessions.set_cookie(response, FORM_COOKIE, token)
    return response


def _throttled_password(
    request: Request, db: Database, username: str, password: str
) -> tuple[User | None, int, str]:
    """The user whose password this is, counted by the throttle like the API's sign-in;
    else None with the status and what to say (the caller words a wrong password)."""
    throttle, address = _throttle(request)
    wait = throttle.retry_after(username, address)
    if wait:
        metrics.SIGN_IN_THROTTLED.inc()
        return None, 429, too_many_attempts(username.strip(), wait).message
    found = _password_holder(db, username, password)
    if found is None:
        metrics.SIGN_IN_FAILURES.inc()
        throttle.failed(username, address)
        return None, 401, ""
    return found, 200, ""


def _next_page(stage: str) -> str:
    return {
        sessions.PASSWORD_CHECKED: "/second-factor",
        sessions.ENROL: "/enrol",
        sessions.CHANGE_PASSWORD: "/password",
    }.get(stage, "/")


@router.get("/sign-in")
def sign_in_form(request: Request) -> Response:
    return _form_page(request, "sign_in.html")


@router.post("/sign-in")
def sign_in(
    request: Request,
    db: DB,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request.cookies.get(FORM_COOKIE, ""), csrf_token)

    def again(status: int, error: str) -> Response:
        return _form_page(request, "sign_in.html", status, error=error, username=username)

    found, status, refusal = _throttled_password(request, db, username, password)
    if found is None:
        return again(status, refusal or "The username or password is wrong.")
    with db.writing() as session:
        user = session.get(User, found.id)
        assert user is not None
        if user.role not in sessions.CONSOLE_ROLES:
            return again(
                403,
                "The console is for supervisors and administrators; officers use the desktop app.",
            )
        if user.disabled:
            return again(403, "This account is disabled. Ask an administrator.")
        stage = sessions.PASSWORD_CHECKED if user.totp_secret else sessions.ENROL
        response = redirect(_next_page(stage))
        sessions.start(session, user, stage, response)
    response.delete_cookie(
        FORM_COOKIE, path="/admin", secure=True, httponly=True, samesite="strict"
    )
    return response


def _password_holder(db: Database, username: str, password: str) -> User | None:
    """The user this name and password belong to (as read, detached), else None. Checked
    in a read, outside any write transaction: Argon2 takes a while on purpose, and on
    SQLite a write transaction held meanwhile would stall every device's push."""
    with db.reading() as session:
        user = session.scalar(
            select(User).where(func.lower(User.username) == username.strip().lower())
        )
        accepted = verify_password(user.password_hash if user else None, password)
    return user if accepted else None


def _finish(session: Session, request: Request, row: ConsoleSession, user: User) -> Response:
    """Second factor done: a fresh session id (the half-signed-in one is dropped)."""
    throttle, address = _throttle(request)
    throttle.succeeded(user.username, address, session)
    session.delete(row)
    stage = sessions.CHANGE_PASSWORD if user.must_change_password else sessions.SIGNED_IN
    response = redirect(_next_page(stage))
    sessions.start(session, user, stage, response)
    record(session, user, "signed_in", district_id=user.district_id)
    return response


@router.get("/second-factor")
def second_factor_form(request: Request, db: DB) -> Response:
    with db.writing() as session:
        row, _user = _staged(session, request, sessions.PASSWORD_CHECKED)
        return page(request, "second_factor.html", csrf=row.csrf_token, error="")


@router.post("/second-factor")
def check_second_factor(
    request: Request,
    db: DB,
    code: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    throttle, address = _throttle(request)
    with db.writing() as session:
        row, user = _staged(session, request, sessions.PASSWORD_CHECKED)
        check_csrf(row.csrf_token, csrf_token)
        wait = throttle.retry_after(user.username, address)
        if wait:
            error = too_many_attempts(user.username, wait).message
            return page(request, "second_factor.html", 429, csrf=row.csrf_token, error=error)
        assert user.totp_secret is not None
        if second_factor.code_matches(user.totp_secret, code) or (
            second_factor.use_recovery_code(session, user, code)
        ):
            return _finish(session, request, row, user)
        throttle.failed(user.username, address, session)
        error = "That code is wrong or too old. Type the six digits your app shows now."
        return page(request, "second_factor.html", 401, csrf=row.csrf_token, error=error)


def _enrol_page(
    request: Request, row: ConsoleSession, user: User, status: int = 200, error: str = ""
) -> Response:
    assert row.pending_secret is not None
    uri = second_factor.provisioning_uri(row.pending_secret, user.username)
    return page(
        request,
        "enrol.html",
        status,
        csrf=row.csrf_token,
        secret=row.pending_secret,
        qr=second_factor.qr_svg(uri),
        error=error,
    )


@router.get("/enrol")
def enrol_form(request: Request, db: DB) -> Response:
    with db.writing() as session:
        row, user = _staged(session, request, sessions.ENROL)
        if row.pending_secret is None:
            row.pending_secret = second_factor.new_secret()
        return _enrol_page(request, row, user)


@router.post("/enrol")
def enrol(
    request: Request,
    db: DB,
    code: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    throttle, address = _throttle(request)
    with db.writing() as session:
        row, user = _staged(session, request, sessions.ENROL)
        check_csrf(row.csrf_token, csrf_token)
        if row.pending_secret is None:
            raise form_expired()
        if throttle.retry_after(user.username, address):
            wait = throttle.retry_after(user.username, address)
            return _enrol_page(
                request, row, user, 429, too_many_attempts(user.username, wait).message
            )
        if not second_factor.code_matches(row.pending_secret, code):
            throttle.failed(user.username, address, session)
            return _enrol_page(
                request,
                row,
                user,
                401,
                "That code does not match. Check "
                "the app shows “LPC Partnerships console” and type its code.",
            )
        user.totp_secret = row.pending_secret
        codes = second_factor.new_recovery_codes(session, user)
        record(session, user, "enrolled_second_factor", district_id=user.district_id)
        done = _finish(session, request, row, user)
        response = page(
            request,
            "recovery_codes.html",
            codes=codes,
            next_url="/admin"
            + _next_page(
                sessions.CHANGE_PASSWORD if user.must_change_password else sessions.SIGNED_IN
            ),
        )
        for name, value in done.raw_headers:
            if name == b"set-cookie":
                response.raw_headers.append((name, value))
        return response


@router.get("/password")
def password_form(request: Request, db: DB) -> Response:
    with db.writing() as session:
        row, user = _staged(session, request, sessions.CHANGE_PASSWORD, sessions.SIGNED_IN)
        forced = row.stage == sessions.CHANGE_PASSWORD
        return page(
            request,
            "password.html",
            csrf=row.csrf_token,
            forced=forced,
            error="",
            username=user.username,
            actor=None if forced else sessions.actor(session, row, user),
            section="",
        )


@router.post("/password")
def change_password(
    request: Request,
    db: DB,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    repeat_password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    with db.writing() as session:
        row, user = _staged(session, request, sessions.CHANGE_PASSWORD, sessions.SIGNED_IN)
        check_csrf(row.csrf_token, csrf_token)
        forced = row.stage == sessions.CHANGE_PASSWORD
        error = ""
        if not forced and not verify_password(user.password_hash, current_password):
            error = "Current password: it is not the password of this account."
        elif len(new_password) < MIN_PASSWORD:
            error = f"New password: it must be at least {MIN_PASSWORD} characters long."
        elif new_password != repeat_password:
            error = "Repeat the new password: the two passwords are not the same."
        elif verify_password(user.password_hash, new_password):
            error = "New password: choose a password different from the one you have now."
        if error:
            return page(
                request,
                "password.html",
                422,
                csrf=row.csrf_token,
                forced=forced,
                error=error,
                username=user.username,
                actor=None if forced else sessions.actor(session, row, user),
                section="",
            )
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        row.stage = sessions.SIGNED_IN
        row.notice = "Your password is changed."
        record(
            session, user, "changed_password", district_id=user.district_id, target_user_id=user.id
        )
    return redirect("/")


@router.post("/sign-out")
def sign_out(request: Request, db: DB, csrf_token: Annotated[str, Form()] = "") -> Response:
    response = redirect("/sign-in")
    with db.writing() as session:
        found = sessions.current(session, request)
        if found is not None:
            check_csrf(found[0].csrf_token, csrf_token)
            sessions.end(session, request, response)
    return response


@router.get("/new-password")
def new_password_form(request: Request) -> Response:
    """For anyone whose password was reset, officers included (they never sign in to the
    console; this page only replaces the temporary password)."""
    return _form_page(request, "new_password.html")


@router.post("/new-password")
def new_password(
    request: Request,
    db: DB,
    username: Annotated[str, Form()] = "",
    temporary_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    repeat_password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request.cookies.get(FORM_COOKIE, ""), csrf_token)
    throttle, address = _throttle(request)

    def again(status: int, error: str) -> Response:
        return _form_page(request, "new_password.html", status, error=error, username=username)

    found, status, refusal = _throttled_password(request, db, username, temporary_password)
    if found is None:
        return again(status, refusal or "The username or temporary password is wrong.")
    no_reset = (
        "This account has no reset password to replace. Sign in as usual, or ask your "
        "administrator."
    )
    if not found.must_change_password or found.disabled:
        return again(403, no_reset)
    if len(new_password) < MIN_PASSWORD:
        return again(422, f"New password: it must be at least {MIN_PASSWORD} characters long.")
    if new_password != repeat_password:
        return again(422, "Repeat the new password: the two passwords are not the same.")
    if new_password == temporary_password:
        return again(422, "New password: choose one different from the temporary password.")
    new_hash = hash_password(new_password)  # Argon2, outside the write transaction
    with db.writing() as session:
        user = session.get(User, found.id)
        assert user is not None
        if user.password_hash != found.password_hash:  # reset again meanwhile
            return again(401, "The username or temporary password is wrong.")
        if not user.must_change_password or user.disabled:  # changed meanwhile
            return again(403, no_reset)
        throttle.succeeded(username, address, session)
        user.password_hash = new_hash
        user.must_change_password = False
        record(
            session, user, "changed_password", district_id=user.district_id, target_user_id=user.id
        )
    return page(request, "new_password.html", form_token="", error="", username="", done=True)
