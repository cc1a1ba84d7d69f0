"""Driving the admin console over plain HTTP (httpx), as a browser would: cookies kept
by hand (httpx, like any client, will not send a ``Secure`` cookie over http://, and the
test server is plain loopback HTTP), CSRF tokens read from each page's forms."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pyotp
from sqlalchemy import select

from server.db import open_database
from server.models import User

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SECRET = re.compile(r'<code id="secret">([A-Z2-7]+)</code>')


class Console:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, follow_redirects=False, timeout=60)
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.set_cookie_headers: list[str] = []

    def _keep(self, response: httpx.Response) -> httpx.Response:
        for header in response.headers.get_list("set-cookie"):
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        found = (
            CSRF.search(response.text)
            if response.headers.get("content-type", "").startswith("text/html")
            else None
        )
        if found:
            self.csrf = found.group(1)
        return response

    def _cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self._keep(self.http.get(path, params=params, headers=self._cookie_header()))

    def post(
        self,
        path: str,
        data: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
        csrf: bool = True,
    ) -> httpx.Response:
        body = dict(data or {})
        if csrf:
            body.setdefault("csrf_token", self.csrf)
        return self._keep(
            self.http.post(path, data=body, files=files, headers=self._cookie_header())
        )

    def sign_in(self, username: str, password: str, secret: str | None = None) -> str:
        """Sign in all the way (enrolling a second factor when there is none); the
        user's TOTP secret."""
        self.get("/admin/sign-in")
        answer = self.post("/admin/sign-in", {"username": username, "password": password})
        assert answer.status_code == 303, answer.text
        if answer.headers["location"].endswith("/enrol"):
            page = self.get("/admin/enrol")
            found = SECRET.search(page.text)
            assert found, page.text
            secret = found.group(1)
            done = self.post("/admin/enrol", {"code": pyotp.TOTP(secret).now()})
            assert done.status_code == 200, done.text
        else:
            assert secret is not None
            self.get("/admin/second-factor")
            done = self.post("/admin/second-factor", {"code": pyotp.TOTP(secret).now()})
            assert done.status_code == 303, done.text
        home = self.get("/admin/")
        assert home.status_code == 200, home.text
        assert secret is not None
        return secret

    def close(self) -> None:
        self.http.close()


def user_id(database_url: str, username: str) -> int:
    db = open_database(database_url)
    try:
        with db.reading() as session:
            found = session.scalar(select(User.id).where(User.username == username))
    finally:
        db.dispose()
    assert found is not None
    return int(found)
