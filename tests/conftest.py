"""Shared fixtures: every test gets its own data folder and keyring under tmp_path.

A migrated template database is built once per session and copied for each test that
needs a store (copying a file is far faster than running the migrations again).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.config import AppPaths
from app.services.store import Store, open_store

TEST_OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


class _TmpKeyring(PlaintextKeyring):
    """Test-only file keyring in tmp_path. The product never falls back to plain text."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path

    @property
    def file_path(self) -> str:  # type: ignore[override]
        return str(self._path)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    data = tmp_path / "data"
    monkeypatch.setenv("LPC_DATA_DIR", str(data))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    previous = keyring.get_keyring()
    keyring.set_keyring(_TmpKeyring(tmp_path / "keyring.cfg"))
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "lpc.db"
    store = open_store(path)
    store.close()
    return path


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data").ensure()


@pytest.fixture
def store(template_db: Path, app_paths: AppPaths) -> Iterator[Store]:
    """An empty, migrated store in this test's data folder."""
    shutil.copyfile(template_db, app_paths.database)
    with sqlite3.connect(app_paths.database) as conn:  # each test store is its own device
        conn.execute("DELETE FROM local_settings WHERE key = 'device_id'")
    s = open_store(app_paths.database, app_paths.backups)
    yield s
    s.close()


@pytest.fixture
def output_dir(request: pytest.FixtureRequest) -> Path:
    """A folder under test-output/ for files a person may want to look at (PNGs, .docx)."""
    path = TEST_OUTPUT / request.node.module.__name__.split(".")[-1]
    path.mkdir(parents=True, exist_ok=True)
    return path
