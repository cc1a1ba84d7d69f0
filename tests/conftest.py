"""Shared fixtures: every test gets its own data folder and keyring under tmp_path.

A migrated template database is built once per session and copied for each test that
needs a store (copying a file is far faster than running the migrations again).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.config import AppPaths
from app.services import crypto_store, keys
from app.services.store import Store, open_store
from tests.figures import FIGURE_PREFIX
from tests.keyring_backend import FILE_ENV, TmpFileKeyring

pytest_plugins = ["tests.server_harness"]

TEST_OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    data = tmp_path / "data"
    monkeypatch.setenv("LPC_DATA_DIR", str(data))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    # One keyring file per test, shared with any `python -m app` subprocess it starts.
    monkeypatch.setenv(FILE_ENV, str(tmp_path / "keyring.cfg"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.keyring_backend.TmpFileKeyring")
    # The product trusts only the OS keyrings; this test setting lets it trust this one.
    monkeypatch.setenv(keys.TEST_KEYRING_ENV, "tests.keyring_backend.TmpFileKeyring")
    monkeypatch.delenv("LPC_PASSPHRASE", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(TmpFileKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A migrated, encrypted, empty store and its key (kept here, not in any one keyring)."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "lpc.db"
    previous = keyring.get_keyring()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(FILE_ENV, str(folder / "keyring.cfg"))
        mp.setenv(keys.TEST_KEYRING_ENV, "tests.keyring_backend.TmpFileKeyring")
        keyring.set_keyring(TmpFileKeyring())
        try:
            store = open_store(path)
        finally:
            keyring.set_keyring(previous)
    assert store.key is not None
    store.close()
    return path, store.key


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data").ensure()


@pytest.fixture
def store(template_db: tuple[Path, str], app_paths: AppPaths) -> Iterator[Store]:
    """An empty, migrated, encrypted store in this test's data folder."""
    source, key = template_db
    shutil.copyfile(source, app_paths.database)
    shutil.copyfile(keys.key_file_for(source), keys.key_file_for(app_paths.database))
    info = keys.read_key_info(app_paths.database)
    assert info is not None
    keyring.set_password(keys.KEYRING_SERVICE, info.key_id, key)
    conn = crypto_store.connect(app_paths.database, key)
    with conn:  # each test store is its own device
        conn.execute("DELETE FROM local_settings WHERE key = 'device_id'")
    conn.close()
    s = open_store(app_paths.database, app_paths.backups)
    yield s
    s.close()


@pytest.fixture
def output_dir(request: pytest.FixtureRequest) -> Path:
    """A folder under test-output/ for files a person may want to look at (PNGs, .docx)."""
    path = TEST_OUTPUT / request.node.module.__name__.split(".")[-1]
    path.mkdir(parents=True, exist_ok=True)
    return path


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures tests recorded (``record_property("figure: …", value)``), such as
    the installer bundle's size, so they appear in the CI log without ``-s``."""
    lines = [
        f"{name[len(FIGURE_PREFIX) :]}: {value}"
        for key in ("passed", "failed")
        for report in terminalreporter.stats.get(key, [])
        for name, value in getattr(report, "user_properties", [])
        if name.startswith(FIGURE_PREFIX)
    ]
    if lines:
        terminalreporter.section("figures")
        for line in lines:
            terminalreporter.write_line(line)
