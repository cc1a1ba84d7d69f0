"""``python -m app`` as an officer starts it: the window shows, the schools list fills from
the first read, then the store opens the normal way; with a keyring store and with a
passphrase store, and when the first read declines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import AppPaths
from app.services.bootstrap import open_app_store
from app.services.quick_list import DEMO_PENDING, INITIALISED_KEY, first_read
from app.services.schools import archive_school, create_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.workspace import load_school_list
from app.ui.main_window import MainWindow
from tests.commands.app_process import run_app
from tests.services.helpers import add_school

PASSPHRASE = "a long enough passphrase"


def _moments(data: Path, passphrase: str | None) -> dict[str, str]:
    """Each moment the app printed ("shown", "loaded", "opened") with what follows it."""
    env = {"QT_QPA_PLATFORM": "offscreen", "LPC_EXIT_AFTER_SHOW": "1"}
    if passphrase is not None:
        env["LPC_PASSPHRASE"] = passphrase
    elif "LPC_PASSPHRASE" in os.environ:
        pytest.skip("LPC_PASSPHRASE is set for the whole test run")
    result = run_app("--data-dir", str(data), env=env)
    assert result.returncode == 0, result.stderr
    # It quits as cleanly as it started (a change-bus disconnect once warned at exit).
    assert "Warning" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    found = {}
    for line in result.stdout.splitlines():
        name, _, rest = line.partition("_at=")
        if rest:
            found[name] = rest
    return found


def _demo(data: Path, passphrase: str | None) -> int:
    opened = open_app_store(data, passphrase=passphrase)
    opened.store.close()
    return opened.seeded


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["keyring", "passphrase"])
def test_the_list_fills_before_the_store_opens(tmp_path: Path, passphrase: str | None) -> None:
    schools = _demo(tmp_path / "data", passphrase)
    moments = _moments(tmp_path / "data", passphrase)
    assert set(moments) == {"shown", "loaded", "opened"}
    # Every school listed by the first read, before the store's normal opening.
    assert moments["loaded"].split()[1:] == [f"rows={schools}", "store_open=0"]
    shown, loaded, opened = (float(moments[m].split()[0]) for m in ("shown", "loaded", "opened"))
    assert shown <= loaded <= opened


def test_a_store_the_first_read_declines_still_opens_and_lists(tmp_path: Path) -> None:
    data = tmp_path / "data"
    schools = _demo(data, PASSPHRASE)
    store = open_app_store(data, passphrase=PASSPHRASE).store
    with store.engine.begin() as conn:  # as if the first run had stopped part way
        conn.exec_driver_sql(
            f"UPDATE local_settings SET value = '{DEMO_PENDING}' WHERE key = '{INITIALISED_KEY}'"
        )
    store.close()
    moments = _moments(data, PASSPHRASE)
    # Listed by the normal opening instead, which finished the first run's marker.
    assert moments["loaded"].split()[1:] == [f"rows={schools}", "store_open=1"]
    assert "opened" in moments


def test_the_first_list_is_kept_when_the_store_opens_unless_it_went_stale(
    qtbot: QtBot, store: Store, app_paths: AppPaths
) -> None:
    """The store's normal opening changes nothing the list shows, so the first read's list
    stays; a change asked for before the store was open is read when it opens."""
    add_school(store, "Awatea School")
    with UnitOfWork(store) as uow:
        archive_school(uow, create_school(uow, name="Rimu Kura").id)
    first = first_read(store.path, None)
    assert first is None  # this store's first run has no marker: read the normal way
    listed = load_school_list(store)
    window = MainWindow(app_paths)
    qtbot.addWidget(window)
    window.show_first_list(listed)
    assert window.model.rowCount() == 1 and window.listed
    with qtbot.assertNotEmitted(window.schools_loaded, wait=300):
        window.set_store(store)  # kept: no second read
    other = MainWindow(app_paths)
    qtbot.addWidget(other)
    other.show_first_list(listed)
    other.schools.archived.setChecked(True)  # ticked before the store opened
    with qtbot.waitSignal(other.schools_loaded, timeout=10_000) as loaded:
        other.set_store(store)
    assert loaded.args == [2]  # read again, archived school included
