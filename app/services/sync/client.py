"""The HTTP side of the sync protocol (docs/sync-protocol.md), and nothing else.

Every answer the server can give is turned into either parsed JSON or one of the
exceptions in ``errors``, so the engine above never looks at status codes.
"""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from app.services.sync.errors import (
    AccountRefusedError,
    OfflineError,
    RefusedError,
    SchemaMismatchError,
    SignInRequiredError,
    SyncError,
    TooLargeError,
)
from lpc_core.schema_version import SCHEMA_HEAD

API_PREFIX = "/api/v1"
SCHEMA_HEADER = "X-LPC-Schema"
TIMEOUT = httpx.Timeout(30.0, connect=5.0)


def normalise_url(url: str) -> str:
    """What the officer typed, as a base URL: scheme added, API prefix and slash dropped."""
    url = url.strip()
    if url and "://" not in url:
        url = f"https://{url}"
    url = url.rstrip("/")
    if url.endswith(API_PREFIX):
        url = url[: -len(API_PREFIX)]
    return url


def _message(response: httpx.Response) -> tuple[str, str]:
    try:
        body = response.json()
    except ValueError:
        return "", ""
    if not isinstance(body, dict):
        return "", ""
    return str(body.get("error", "")), str(body.get("message", ""))


# Error codes of a refused sign-in whose message is for the person (docs/sync-protocol.md).
ACCOUNT_REFUSALS = frozenset({"account_disabled", "password_change_required"})


def raise_for_answer(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    code, message = _message(response)
    status = response.status_code
    if status == 401 and code in ACCOUNT_REFUSALS and message:
        raise AccountRefusedError(message)
    if status == 401:
        raise SignInRequiredError(
            "The district server did not accept this device's sign-in. Sign in again "
            "(Sync settings, or `python -m app login`)."
        )
    if status == 409 and code == "schema_mismatch":
        raise SchemaMismatchError(
            "This app and the district server use different versions of the records "
            f"({message or 'schema mismatch'}). Update the app, or ask IT to update the "
            "server; nothing was changed."
        )
    if status == 403:
        raise RefusedError(
            "The district server refused: your account may not see one of these schools. "
            "Ask your supervisor to check your school assignments; your changes are kept "
            "on this computer.",
            status,
            message,
        )
    if status == 409 and code == "wrong_state":  # a knowledge-bank entry already moved on
        raise RefusedError(message or "This narrative cannot change now.", status, message)
    if status == 413:
        raise TooLargeError(f"The district server refused a request as too large. {message}")
    if status == 429:
        raise SyncError(
            message or "The district server refused: too many attempts. Wait a few minutes."
        )
    if status >= 500:
        raise OfflineError(f"The district server had a problem ({status}); try again later.")
    if status == 422:
        raise RefusedError(
            f"The district server refused the request ({status}): {message or code}",
            status,
            message,
        )
    raise SyncError(f"The district server refused the request ({status}): {message or code}")


class ApiClient:
    """One connection pool to one server, with the device token once signed in."""

    def __init__(
        self, server_url: str, token: str = "", transport: httpx.BaseTransport | None = None
    ) -> None:
        self.base_url = normalise_url(server_url)
        headers = {SCHEMA_HEADER: SCHEMA_HEAD, "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.requests = 0  # counted for the benchmark and the no-op check
        self._http = httpx.Client(
            base_url=self.base_url + API_PREFIX,
            headers=headers,
            timeout=TIMEOUT,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        self.requests += 1
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            # Refused, reset, timed out, cut mid-reply: all mean "not reachable now".
            raise OfflineError(
                f"The district server at {self.base_url} cannot be reached "
                f"({exc.__class__.__name__}). Your work is kept and will sync later."
            ) from exc
        raise_for_answer(response)
        return response

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._send(method, path, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise OfflineError("The district server sent an unreadable answer.") from exc

    # -- endpoints --------------------------------------------------------------------
    def login(
        self, username: str, password: str, device_name: str, device_id: str
    ) -> dict[str, Any]:
        body = {
            "username": username,
            "password": password,
            "device_name": device_name,
            "device_id": device_id,
        }
        try:
            result: dict[str, Any] = self._call("POST", "/login", json=body)
        except AccountRefusedError:
            raise
        except SignInRequiredError as exc:
            raise SignInRequiredError(
                "The server did not accept that username and password."
            ) from exc
        return result

    def me(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "/me")
        return result

    def push(self, body: str) -> dict[str, Any]:
        """``body`` is the frozen JSON text of a batch: sent byte for byte as stored."""
        result: dict[str, Any] = self._call(
            "POST",
            "/sync/push",
            content=body.encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        return result

    def pull(self, cursor: int, limit: int) -> dict[str, Any]:
        result: dict[str, Any] = self._call(
            "GET", "/sync/pull", params={"cursor": cursor, "limit": limit}
        )
        return result

    def summary(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "/sync/summary")
        return result

    def school(self, school_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", f"/sync/school/{school_id}")
        return result

    # -- attachment contents (app.services.sync.contents) ----------------------------------
    def contents(self, sha256s: list[str]) -> dict[str, Any]:
        result: dict[str, Any] = self._call("POST", "/sync/contents", json={"sha256": sha256s})
        return result

    def put_chunk(self, sha256: str, seq: int, size: int, data: bytes) -> dict[str, Any]:
        headers = {
            "Content-Type": "application/octet-stream",
            "X-LPC-Content-Size": str(size),
            "X-LPC-Chunk-SHA256": hashlib.sha256(data).hexdigest(),
        }
        path = f"/sync/contents/{sha256}/upload/{seq}"
        result: dict[str, Any] = self._call("PUT", path, content=data, headers=headers)
        return result

    def get_chunk(self, sha256: str, seq: int) -> tuple[bytes, str]:
        """(bytes, the SHA-256 the server says they have)."""
        response = self._send("GET", f"/sync/contents/{sha256}/chunks/{seq}")
        return response.content, response.headers.get("X-LPC-Chunk-SHA256", "")

    # -- the knowledge bank (app/services/sync/knowledge.py) ----------------------------
    def knowledge_submit(self, body: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = self._call("POST", "/knowledge/entries", json=body)
        return result

    def knowledge_review(self, entry_id: str, decision: str, comment: str) -> dict[str, Any]:
        body = {"decision": decision, "comment": comment}
        result: dict[str, Any] = self._call(
            "POST", f"/knowledge/entries/{entry_id}/review", json=body
        )
        return result

    def knowledge_pull(self, cursor: int, limit: int) -> dict[str, Any]:
        params = {"cursor": cursor, "limit": limit}
        result: dict[str, Any] = self._call("GET", "/knowledge/pull", params=params)
        return result


def check_response_is(body: Any, *keys: str) -> dict[str, Any]:
    if not isinstance(body, dict) or any(k not in body for k in keys):
        raise SyncError("The district server answered in a form this app does not understand.")
    return body
