"""What every console page shares: the template environment, the security headers, the
refusals (sign in first, not allowed, not found, form expired) and the page helpers.

Templates are files in ``templates/`` with autoescaping on: whatever a user typed (a
school's name, a username) is only ever a value in a template, never template code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lpc_core.formatting import format_nz_date

PREFIX = "/admin"
HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"

# No inline script or style anywhere, nothing from another host: a district network may
# have no internet, and an injected tag must not run.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
)


def _nz_datetime(value: Any) -> str:
    """dd/mm/yyyy hh:mm (UTC) for a stored timestamp; an empty string for none."""
    if value is None:
        return ""
    return f"{format_nz_date(value.date())} {value:%H:%M} UTC"


def _nz_date(value: Any) -> str:
    return format_nz_date(value) if value is not None else ""


templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.filters["nz_datetime"] = _nz_datetime
templates.filters["nz_date"] = _nz_date


class SignInRequiredError(Exception):
    """No console session (or it timed out): go to the sign-in page."""


class ConsoleRefusalError(Exception):
    """A page saying why not, with its HTTP status (403 not allowed, 404 not found)."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


def not_allowed(message: str = "Your role and district do not allow this.") -> ConsoleRefusalError:
    return ConsoleRefusalError(403, "Not allowed", message)


def not_found(what: str) -> ConsoleRefusalError:
    return ConsoleRefusalError(404, "Not found", f"There is no {what} you can see with that id.")


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(template).render(request=request, prefix=PREFIX, **context)
    return HTMLResponse(html, status_code=status)


def redirect(path: str) -> RedirectResponse:
    """See other: a form post is answered with a page to GET (refreshing repeats nothing)."""
    return RedirectResponse(f"{PREFIX}{path}", status_code=303)


class SecurityHeaders:
    """Adds the strict headers to every response under /admin (pages, errors, the
    stylesheet, redirects), whichever part of the app produced it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path == PREFIX or path.startswith(PREFIX + "/")):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *(h for h in SECURITY_HEADERS if h[0] not in names),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInRequiredError)
    async def sign_in_required(_request: Request, _exc: SignInRequiredError) -> Response:
        return redirect("/sign-in")

    @app.exception_handler(ConsoleRefusalError)
    async def refused(request: Request, exc: ConsoleRefusalError) -> Response:
        actor = getattr(request.state, "actor", None)
        return page(
            request, "refused.html", exc.status, title=exc.title, message=exc.message, actor=actor
        )
