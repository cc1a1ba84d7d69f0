"""The API page at /docs with Swagger UI's files served by this server.

FastAPI's default page loads Swagger UI from a CDN, so on a district network without
internet it is blank. The files come from the ``swagger-ui-py`` package instead (only the
three the page needs are served). ReDoc, which also loads from a CDN, is off.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from starlette.exceptions import HTTPException

ASSETS = "/docs-assets"
_FILES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}


def _static_dir() -> Path:
    import swagger_ui

    return Path(swagger_ui.__file__).resolve().parent / "static"


def install(app: FastAPI) -> None:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )

    @router.get(ASSETS + "/{name}")
    def asset(name: str) -> FileResponse:
        if name not in _FILES:
            raise HTTPException(404, "There is no such file.")
        return FileResponse(_static_dir() / name, media_type=_FILES[name])

    app.include_router(router)
