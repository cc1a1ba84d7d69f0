"""``python -m app`` as an officer starts it: the window shows, the schools list fills from
the first read, then the store opens the normal way; with a keyring store and with a
passphrase store, and when the first read declines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.services.bootstrap import open_app_store
from app.services.quick_list import DEMO_PENDING, INITIALISED_KEY
from tests.commands.app_process import run_app

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
