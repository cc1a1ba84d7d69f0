"""One error shape for every refusal: ``{"error": code, "message": sentence}``.

FastAPI's own bodies (``{"detail": [...]}``) are replaced so a client needs to read only
one form, and a 403 never carries data.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

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


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": code, "message": message, **extra}


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
                parts.append("the body is not valid JSON")
            else:
                parts.append(f"{where}: {err.get('msg', 'is not valid')}")
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        message = "; ".join(parts) + more if parts else "The request is not valid."
        return JSONResponse(error_body("invalid", message), 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else "The request failed."
        return JSONResponse(error_body(code, message), exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, _exc: Exception) -> JSONResponse:
        return JSONResponse(
            error_body("server_error", "The server failed; the change was not saved."), 500
        )
