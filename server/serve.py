"""``python -m server serve``: migrate once, then run uvicorn with one or more workers.

Every worker is a process of its own (uvicorn's supervisor starts them and starts a new
one if one dies), so the server uses every core; each worker builds its app through
``worker_app`` from the settings the supervisor left in the environment. Nothing a worker
keeps in memory needs sharing: sign-in failures are in the store (``server.throttle``),
and so is everything a request reads.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, field

from fastapi import FastAPI

from server import config
from server.logs import log_config

SETTINGS_ENV = "LPC_SERVE_SETTINGS"
log = logging.getLogger("server")


@dataclass
class ServeSettings:
    """What ``serve`` was told, handed to every worker (as JSON in the environment)."""

    database_url: str
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    certfile: str | None = None
    keyfile: str | None = None
    trusted_proxies: list[str] = field(default_factory=list)
    json_log: bool = False
    metrics: bool = False


def worker_count(requested: int) -> int:
    """0 means one worker per core."""
    return requested if requested > 0 else (os.cpu_count() or 1)


def worker_app() -> FastAPI:
    """The app of one worker (uvicorn calls this in each worker process)."""
    from server.api import create_app
    from server.db import Database

    settings = ServeSettings(**json.loads(os.environ[SETTINGS_ENV]))
    app = create_app(Database(settings.database_url), metrics_allowed=settings.metrics)
    # What is alive now (modules, the app, table metadata: a quarter of a million
    # objects) lives as long as the process. Freezing it keeps the cyclic collector from
    # walking all of it again on every full collection while a push of 2,000 changes
    # allocates its rows: without this, about a third of a push's time.
    gc.collect()
    gc.freeze()
    return app


def serve(settings: ServeSettings) -> int:
    from server.db import open_database

    url = settings.database_url
    try:
        open_database(url).dispose()  # migrate once, before any worker starts
    except Exception as err:
        print(
            f"Cannot open the database {config.redact(url)}: {type(err).__name__}", file=sys.stderr
        )
        return 2
    if (settings.certfile is None) != (settings.keyfile is None):
        print("--certfile and --keyfile go together: give both or neither.", file=sys.stderr)
        return 2
    workers = worker_count(settings.workers)
    log.info("database %s; %d worker(s)", config.redact(url), workers)
    os.environ[SETTINGS_ENV] = json.dumps(asdict(settings))
    with tempfile.TemporaryDirectory(prefix="lpc-metrics-") as counts:
        if settings.metrics and workers > 1:
            # Each worker writes its counts to files here; /metrics adds them up.
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = counts
        _run(settings, workers)
    return 0


def _run(settings: ServeSettings, workers: int) -> None:
    import uvicorn

    uvicorn.run(
        "server.serve:worker_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_config=log_config(settings.json_log),
        ssl_certfile=settings.certfile,
        ssl_keyfile=settings.keyfile,
        # A forwarded client address (X-Forwarded-For) is believed only from these.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=",".join(settings.trusted_proxies) or "",
    )
