"""The district admin console: server-rendered pages under /admin on the sync server's
FastAPI app (Jinja2 templates, plain HTML forms, one local stylesheet, no script)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse

from server.console import audit, devices, overview, schools, signin, summary, users
from server.console.web import PREFIX, STATIC_DIR, SecurityHeaders, install_handlers


def _static_router() -> APIRouter:
    router = APIRouter()

    @router.get("/static/console.css", include_in_schema=False)
    def stylesheet() -> FileResponse:
        return FileResponse(STATIC_DIR / "console.css", media_type="text/css")

    return router


ROUTERS = (
    _static_router(),
    signin.router,
    users.router,
    devices.router,
    schools.router,
    overview.router,
    summary.router,
    audit.router,
)


def install(app: FastAPI) -> None:
    install_handlers(app)
    for module_router in ROUTERS:
        app.include_router(module_router, prefix=PREFIX, include_in_schema=False)
    app.add_middleware(SecurityHeaders)
