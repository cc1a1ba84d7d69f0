"""Run the district server for tests: a real ``python -m server serve`` subprocess over
loopback HTTP, on SQLite or on a throwaway PostgreSQL cluster.

Plain helpers (usable from any test or script):
- ``start_server(folder, database_url=None) -> RunningServer`` (``.url``, ``.api``,
  ``.database_url``, ``.stop()``, ``.kill()`` (SIGKILL), ``.restart()`` on the same port
  and database, ``.log()``);
- ``run_admin(database_url, *args, password=None)`` runs ``python -m server admin``;
- ``seed_users(database_url) -> SeededUsers`` creates two districts and four users
  in-process (much faster than four admin subprocesses);
- ``login(server, username, password, device_id=None) -> str`` returns a token.

Fixtures: ``sqlite_server`` (fresh database per test), ``postgres_cluster`` (session),
``postgres_url`` (a fresh database per test in that cluster), ``postgres_server``,
``district_users`` (``seed_users`` on ``sqlite_server``).

PostgreSQL comes from /usr/lib/postgresql/*/bin; without it the PostgreSQL fixtures skip,
except in CI (``CI`` set) where they fail.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("DATABASE_URL", None)  # the harness always passes --database-url
    return env


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{(folder / 'district.db').resolve()}"


class RunningServer:
    """A server subprocess; ``restart()`` keeps its port and database."""

    def __init__(
        self, folder: Path, database_url: str, port: int, serve_args: Sequence[str] = ()
    ) -> None:
        self.folder = folder
        self.database_url = database_url
        self.port = port
        self.serve_args = list(serve_args)
        scheme = "https" if "--certfile" in self.serve_args else "http"
        self.url = f"{scheme}://127.0.0.1:{port}"
        self.api = f"{self.url}/api/v1"
        self.log_path = folder / f"server-{port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    def start(self) -> None:
        self._log_file = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--database-url",
                self.database_url,
                *self.serve_args,
            ],
            cwd=self.folder,
            env=_env(),
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log()}")
            try:
                # Not a check of the certificate (a test of TLS does that), only of life.
                health = httpx.get(f"{self.api}/health", timeout=2, verify=False)
                if health.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # polling for start-up, not a timing assertion
        self.kill()
        raise RuntimeError(f"server did not answer within {START_TIMEOUT:.0f} s:\n{self.log()}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM and wait (uvicorn finishes requests in flight)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._close_log()

    def kill(self) -> None:
        """SIGKILL: the server gets no chance to finish anything."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self._close_log()

    def restart(self) -> None:
        self.stop()
        self.start()

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def client(self, token: str | None = None, schema: str | None = None) -> httpx.Client:
        """An httpx client on ``/api/v1`` with the token and schema headers set."""
        headers: dict[str, str] = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if schema is None:
            from lpc_core.schema_version import SCHEMA_HEAD

            schema = SCHEMA_HEAD
        headers["X-LPC-Schema"] = schema
        return httpx.Client(base_url=self.api, headers=headers, timeout=60)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_server(
    tmp_path: Path, database_url: str | None = None, serve_args: Sequence[str] = ()
) -> RunningServer:
    """Start a server in ``tmp_path`` (SQLite there unless a URL is given); migrated, ready.
    ``serve_args`` go on the ``serve`` command line (``--workers 2``)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    url = database_url or sqlite_url(tmp_path)
    for attempt in range(3):
        server = RunningServer(tmp_path, url, free_port(), serve_args)
        try:
            server.start()
            return server
        except RuntimeError as err:
            # Another process may have taken the free port between our probe and the bind.
            if "address already in use" not in str(err).lower() or attempt == 2:
                raise
    raise AssertionError("unreachable")


def run_admin(
    database_url: str, *args: str, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m server admin --database-url URL ARGS``; the password via LPC_PASSWORD."""
    env = _env()
    env.pop("LPC_PASSWORD", None)
    if password is not None:
        env["LPC_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "server", "admin", "--database-url", database_url, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@dataclass(frozen=True)
class SeededUsers:
    """Two districts; an officer and a supervisor in the first, an officer in the second,
    and an admin. Every password is ``password``."""

    district: str
    other_district: str
    officer: str
    supervisor: str
    other_officer: str
    admin: str
    password: str


def seed_users(database_url: str, password: str = PASSWORD) -> SeededUsers:
    from server.db import open_database
    from server.directory import create_district, create_user

    users = SeededUsers(
        district="Waitematā",
        other_district="Tāmaki Makaurau",
        officer="officer.aroha",
        supervisor="sergeant.hemi",
        other_officer="officer.mere",
        admin="admin.tui",
        password=password,
    )
    db = open_database(database_url)
    try:
        with db.writing() as session:
            create_district(session, users.district)
            create_district(session, users.other_district)
            create_user(session, users.officer, password, "officer", users.district)
            create_user(session, users.supervisor, password, "supervisor", users.district)
            create_user(session, users.other_officer, password, "officer", users.other_district)
            create_user(session, users.admin, password, "admin", users.district)
    finally:
        db.dispose()
    return users


def login(
    server: RunningServer,
    username: str,
    password: str = PASSWORD,
    device_id: str | None = None,
    device_name: str | None = None,
) -> str:
    response = httpx.post(
        f"{server.api}/login",
        json={
            "username": username,
            "password": password,
            "device_name": device_name or f"{username}'s laptop",
            "device_id": device_id or str(uuid.uuid4()),
        },
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


# -- PostgreSQL -------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


class PostgresCluster:
    """A throwaway cluster on 127.0.0.1 with trust auth, run as ``postgres`` when we are root."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="lpc-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        result = subprocess.run(
            [*prefix, *cmd], capture_output=True, text=True, timeout=120, cwd=self.root
        )
        if result.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {result.stdout}{result.stderr}")

    def start(self) -> None:
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "postgres.log"),
            "-w",
            "start",
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this must run)")
    pytest.skip(reason)


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[RunningServer]:
    server = start_server(tmp_path / "server")
    yield server
    server.stop()


@pytest.fixture
def district_users(sqlite_server: RunningServer) -> SeededUsers:
    return seed_users(sqlite_server.database_url)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        _skip_or_fail("PostgreSQL (initdb, pg_ctl) is not installed")
    assert bin_dir is not None
    cluster = PostgresCluster(bin_dir)
    try:
        cluster.start()
    except (RuntimeError, OSError) as err:
        cluster.stop()
        _skip_or_fail(f"cannot start a PostgreSQL cluster: {err}")
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """A fresh, empty database in the session's cluster."""
    return postgres_cluster.new_database()


@pytest.fixture
def postgres_server(tmp_path: Path, postgres_url: str) -> Iterator[RunningServer]:
    server = start_server(tmp_path / "server", postgres_url)
    yield server
    server.stop()
