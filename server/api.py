"""The FastAPI app: routes of docs/sync-protocol.md under /api/v1.

Handlers are plain ``def`` so FastAPI runs them in its thread pool; the database work
they call is synchronous SQLAlchemy.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request, Response
from pydantic_core import to_json
from sqlalchemy import func, select

from app import __version__
from lpc_core.schema_version import SCHEMA_HEAD
from server import errors, metrics
from server.access import Principal, authenticate
from server.db import POOL_SIZE, Database, readiness_problem
from server.limits import BodyLimit
from server.models import Device, District, User
from server.pull import DEFAULT_LIMIT, MAX_LIMIT, pull, school_records, summary
from server.push import push
from server.schemas import (
    MAX_INT,
    UUID_PATTERN,
    ErrorOut,
    LoginIn,
    LoginOut,
    MeOut,
    PullOut,
    PushIn,
    PushOut,
    SchoolRecordsOut,
    SummaryOut,
)
from server.security import new_token, token_hash, verify_password
from server.throttle import LoginThrottle

log = logging.getLogger("server")


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The refusals a route can answer with, for /openapi.json. 413 is every route's (the
    body limit is checked before routing); 422 names the field that is wrong."""
    return {code: {"model": ErrorOut} for code in sorted({413, *codes})}


_SYNC = (401, 409, 422)  # every sync route: signed in, same schema, well-formed


# Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency
# in its thread pool, and a thread hop per dependency was a tenth of a sync request's CPU.
async def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


DB = Annotated[Database, Depends(_db)]


def _principal(db: DB, authorization: Annotated[str | None, Header()] = None) -> Principal:
    return authenticate(db, authorization)


Caller = Annotated[Principal, Depends(_principal)]


async def _schema_checked(
    principal: Caller, x_lpc_schema: Annotated[str | None, Header()] = None
) -> Principal:
    """Runs after authentication, so an unknown caller learns nothing, not even the schema."""
    if x_lpc_schema != SCHEMA_HEAD:
        sent = f"“{x_lpc_schema}”" if x_lpc_schema else "no schema"
        raise errors.ApiError(
            409,
            "schema_mismatch",
            f"This app's database schema ({sent}) does not match the server's "
            f"({SCHEMA_HEAD}). Update the app or the server so they match.",
            server_schema=SCHEMA_HEAD,
        )
    return principal


Syncer = Annotated[Principal, Depends(_schema_checked)]


def _json(body: dict[str, Any]) -> Response:
    """A body already in the shape of the route's response model, sent as is.

    FastAPI would otherwise validate every result or record of a 2,000-item answer
    against the model again (a third of a push's time), and on a small answer (/me,
    the summary) validation and encoding cost as much as the handler; the models still
    document the routes in /openapi.json, and the API fuzz test checks every answer
    against them.
    """
    return Response(to_json(body), media_type="application/json")


router = APIRouter(prefix="/api/v1")


@router.get("/health", responses=_errors())
def health() -> dict[str, str]:
    """Alive: the process answers (nothing else is checked; see /ready)."""
    return {"status": "ok", "schema": SCHEMA_HEAD, "version": __version__}


@router.get("/ready", responses=_errors(503))
def ready(db: DB) -> dict[str, str]:
    """Ready for devices: the database answers and its schema is this server's."""
    problem = readiness_problem(db)
    if problem:
        raise errors.ApiError(503, "not_ready", problem)
    return {"status": "ready", "schema": SCHEMA_HEAD, "version": __version__}


@router.post("/login", response_model=LoginOut, responses=_errors(401, 422, 429))
def login(body: LoginIn, db: DB, request: Request) -> dict[str, Any]:
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else ""
    wait = throttle.retry_after(body.username, address)
    if wait:  # checked before the password: while refused, even the right one is
        log.info("refused sign-in: too many failures")
        metrics.SIGN_IN_THROTTLED.inc()
        raise errors.too_many_attempts(body.username.strip(), wait)
    # The password is checked outside the write transaction: Argon2 takes a while, and
    # the throttle records the outcome in the store with a transaction of its own.
    with db.reading() as session:
        user = session.scalar(
            select(User).where(func.lower(User.username) == body.username.strip().lower())
        )
        accepted = verify_password(user.password_hash if user else None, body.password)
    if not accepted or user is None:
        log.info("refused sign-in")
        metrics.SIGN_IN_FAILURES.inc()
        throttle.failed(body.username, address)
        raise errors.unauthorised("The username or password is wrong.")
    throttle.succeeded(body.username, address)
    with db.writing() as session:
        user = session.get(User, user.id)
        assert user is not None
        refused = _account_refusal(user, request)
        if refused:
            raise refused
        district = session.get(District, user.district_id)
        assert district is not None
        token = new_token()
        now = datetime.now(UTC)
        device = session.scalar(
            select(Device).where(
                Device.user_id == user.id,
                Device.client_device_id == body.device_id,
                Device.revoked.is_(False),
            )
        )
        if device is None:  # a revoked device stays revoked: a new sign-in is a new row
            device = Device(user_id=user.id, client_device_id=body.device_id)
            session.add(device)
        device.name = body.device_name
        device.token_hash = token_hash(token)  # any earlier token of this device stops working
        device.last_seen_at = now
        session.flush()
        log.info("user %s signed in on device %s", user.id, device.id)
        role, district_name, username = user.role, district.name, user.username
    return {
        "token": token,
        "device_id": body.device_id,
        "user": {"username": username, "role": role, "district": district_name},
    }


def _account_refusal(user: User, request: Request) -> errors.ApiError | None:
    """Why a right password still does not sign in (the admin console sets these)."""
    if user.disabled:
        return errors.ApiError(
            401, "account_disabled", "This account is disabled. Ask your district administrator."
        )
    if user.must_change_password:
        page = str(request.base_url).rstrip("/") + "/admin/new-password"
        return errors.ApiError(
            401,
            "password_change_required",
            f"Your password was reset. Choose a new one at {page}, then sign in again.",
        )
    return None


@router.get("/me", response_model=MeOut, response_model_by_alias=True, responses=_errors(401, 422))
def me(principal: Caller) -> Response:
    return _json(
        {
            "username": principal.username,
            "role": principal.role,
            "district": principal.district,
            "device_id": principal.client_device_id,
            "schema": SCHEMA_HEAD,
        }
    )


@router.post("/sync/push", response_model=PushOut, responses=_errors(*_SYNC, 403))
def sync_push(body: PushIn, db: DB, principal: Syncer) -> Response:
    response = push(db, principal, body)
    metrics.count_push(response)
    log.info("push from device %s: %d changes", principal.device_pk, len(body.changes))
    return _json(response)


@router.get("/sync/pull", response_model=PullOut, responses=_errors(*_SYNC))
def sync_pull(
    db: DB,
    principal: Syncer,
    cursor: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Response:
    return _json(pull(db, principal, cursor, limit))


@router.get("/sync/summary", response_model=SummaryOut, responses=_errors(*_SYNC))
def sync_summary(db: DB, principal: Syncer) -> Response:
    return _json(summary(db, principal))


@router.get(
    "/sync/school/{school_id}", response_model=SchoolRecordsOut, responses=_errors(*_SYNC, 403)
)
def sync_school(
    school_id: Annotated[str, Path(pattern=UUID_PATTERN)], db: DB, principal: Syncer
) -> Response:
    return _json(school_records(db, principal, school_id))


def _metrics() -> Response:
    text, content_type = metrics.exposition()
    return Response(text, media_type=content_type)


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Run at most POOL_SIZE request handlers at once per worker (anyio's default is 40).

    Handlers are CPU work between short database round trips: more threads than
    connections only made them wait for a connection (or open and close extra ones)
    and take turns at the GIL, and the push holding the seq counter (``server.seqs``)
    took turns with them while every other push waited for it. With 10 rather than 20
    the national burst's p95 device sync fell from about 4 s to 1.5 s (README)."""
    to_thread.current_default_thread_limiter().total_tokens = POOL_SIZE
    yield


def create_app(
    db: Database, max_body: int = errors.MAX_BODY_BYTES, metrics_allowed: bool = False
) -> FastAPI:
    """``metrics_allowed``: answer Prometheus scrapes on /metrics (``serve --metrics``)."""
    app = FastAPI(
        lifespan=_lifespan,
        title="LPC Partnerships district server",
        version=__version__,
        description="Sync contract: docs/sync-protocol.md.",
        docs_url=None,  # served by server.api_docs with local files, not from a CDN
        redoc_url=None,
    )
    app.state.db = db
    app.state.login_throttle = LoginThrottle(db=db)
    errors.install(app)
    app.include_router(router)
    from server.knowledge_api import router as knowledge_router

    app.include_router(knowledge_router)
    if metrics_allowed:
        app.add_api_route("/metrics", _metrics, include_in_schema=False)
    from server import api_docs
    from server.console import install as install_console
    from server.contents_api import router as contents_router

    app.include_router(contents_router)

    api_docs.install(app)
    install_console(app)
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(metrics.RequestMetrics)  # inside CatchAll: counts its 500s too
    app.add_middleware(errors.CatchAll)  # outermost: a failure is answered, never dropped
    return app
