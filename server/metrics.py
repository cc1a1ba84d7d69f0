"""Prometheus figures: requests and their latency per route, pushes and what became of
their changes, conflicts, refused sign-ins (the app's and the admin console's). Always
counted (a few increments a request); ``/metrics`` answers only when ``serve --metrics``
allows it.

With several workers each process keeps its counts in files under
``PROMETHEUS_MULTIPROC_DIR`` (``serve`` makes the folder before the workers start) and a
scrape of any worker adds up all of them, so the figures are the server's, not one
worker's.
"""

from __future__ import annotations

import os
import time
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter(
    "lpc_http_requests_total", "HTTP requests answered", ["route", "method", "status"]
)
LATENCY = Histogram(
    "lpc_http_request_duration_seconds",
    "Time from request to the last byte of the answer",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
PUSHES = Counter("lpc_pushes_total", "Push batches answered (replays included)")
CHANGES = Counter("lpc_pushed_changes_total", "Changes in answered pushes, by outcome", ["status"])
CONFLICTS = Counter("lpc_conflicting_fields_total", "Fields pushed that were in conflict")
SIGN_IN_FAILURES = Counter("lpc_sign_in_failures_total", "Sign-ins refused: wrong name or password")
CONTENT_BYTES_RECEIVED = Counter(
    "lpc_attachment_bytes_received_total", "Bytes of attachment chunks received (resends too)"
)
SIGN_IN_THROTTLED = Counter(
    "lpc_sign_in_throttled_total", "Sign-ins refused for too many wrong passwords"
)


def count_push(response: dict[str, Any]) -> None:
    PUSHES.inc()
    for result in response["results"]:
        CHANGES.labels(result["status"]).inc()
        if result["conflicts"]:
            CONFLICTS.inc(len(result["conflicts"]))


def exposition() -> tuple[bytes, str]:
    """The text a scrape gets, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


class RequestMetrics:
    """Counts every answer by the route it matched (its path template, so ids in paths
    do not make a series each) and times it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "")
            REQUESTS.labels(path, method, str(status)).inc()
            LATENCY.labels(path, method).observe(time.perf_counter() - start)
