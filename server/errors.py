"""One error shape for every refusal: ``{"error": code, "message": sentence}``.

FastAPI's own bodies (``{"detail": [...]}``) are replaced so a client needs to read only
one form, and a 403 never carries data. A message may quote what was sent; anything in it
that UTF-8 cannot carry (a lone surrogate) is written as its escape, so answering never
fails. A failure inside the server is answered with a 500 in the same shape and the
connection stays open (``CatchAll``): the client's next request goes through as usual.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("server")

MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_CHANGES = 2_000

_CODES = {
    400: "bad_request",
    401: "unauthorised",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "schema_mismatch",
    413: "too_large",
    422: "invalid",
    429: "too_many_attempts",
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.extra = extra


def unauthorised(
    message: str = "Sign in again: the token is missing, unknown or revoked.",
) -> ApiError:
    return ApiError(401, "unauthorised", message)


def forbidden(message: str = "Your role and district do not allow this.") -> ApiError:
    return ApiError(403, "forbidden", message)


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid", f"{field}: {message}")


def too_large(message: str) -> ApiError:
    return ApiError(413, "too_large", message)


def too_many_attempts(username: str, retry_after: int) -> ApiError:
    minutes = math.ceil(retry_after / 60)
    wait = f"{minutes} minutes" if minutes > 1 else "a minute"
    return ApiError(
        429,
        "too_many_attempts",
        f"Too many wrong passwords for “{username}” from this computer. Wait {wait} and "
        "try again, or ask your administrator to set a new password.",
        headers={"Retry-After": str(retry_after)},
    )


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {
        "error": code,
        "message": _printable(message),
        **{k: _printable(v) for k, v in extra.items()},
    }


def _location(loc: tuple[Any, ...]) -> str:
    """("body", "changes", 0, "op") -> "changes[0].op"."""
    text = ""
    for part in loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.message, **exc.extra), exc.status, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        parts = []
        for err in errors[:3]:
            where = _location(tuple(err.get("loc", ())))
            if err.get("type") == "json_invalid":
                parts.append("body: is not valid JSON")
            else:
                msg = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
                parts.append(f"{where}: {msg}")
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        message = "; ".join(parts) + more if parts else "The request is not valid."
        return JSONResponse(error_body("invalid", message), 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == _UNREADABLE_BODY:
            # FastAPI's answer to a body that is not UTF-8 (so not JSON either).
            return JSONResponse(error_body("invalid", "body: is not valid JSON in UTF-8"), 422)
        code = _CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else "The request failed."
        return JSONResponse(error_body(code, message), exc.status_code, headers=exc.headers)


_UNREADABLE_BODY = "There was an error parsing the body"
_FAILED = json.dumps(
    error_body("server_error", "The server failed; the change was not saved.")
).encode()


class CatchAll:
    """Answer a failure with a 500 instead of letting it reach the server, which would
    answer too but then drop the kept-alive connection (and the client would report the
    server as offline at its next request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise  # half an answer sent: only closing the connection can end it
            # The kind of failure only: a traceback's values could quote what was sent.
            log.error(
                "request failed: %s %s: %s",
                scope.get("method"),
                scope.get("path"),
                type(exc).__name__,
            )
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(_FAILED)).encode()),
            ]
            await send({"type": "http.response.start", "status": 500, "headers": headers})
            await send({"type": "http.response.body", "body": _FAILED})
