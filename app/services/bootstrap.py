"""Opening the officer's store the way the app and every command do.

First run (no store yet) creates it and, unless asked for an empty start, fills it with
the fictional demo district. The marker lives in the store, so deleting every school later
does not bring the demo back. It says "demo-pending" until the district is created (one
transaction): a first run killed meanwhile leaves no school, and the next start creates
the district whole.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.config import AppPaths, resolve_data_dir
from app.models import LocalSetting
from app.services.quick_list import DEMO_PENDING
from app.services.quick_list import INITIALISED_KEY as INITIALISED_KEY
from app.services.store import Store, open_store

log = logging.getLogger("lpc.store")


@dataclass
class Opened:
    paths: AppPaths
    store: Store
    seeded: int  # demo schools created by this call


def open_app_store(
    data_dir: str | Path | None = None,
    empty: bool = False,
    progress: Callable[[int, int], None] | None = None,
    passphrase: str | None = None,
) -> Opened:
    """Raises ``keys.PassphraseRequiredError`` when there is no OS keyring and no
    passphrase was given: the caller asks the officer and calls again."""
    paths = AppPaths(resolve_data_dir(data_dir)).ensure()
    store = open_store(paths.database, paths.backups, passphrase=passphrase)
    seeded = 0
    with store.sessions.begin() as session:
        marker = session.get(LocalSetting, INITIALISED_KEY)
        if marker is None:
            marker = LocalSetting(key=INITIALISED_KEY, value="empty" if empty else DEMO_PENDING)
            session.add(marker)
        pending = marker.value == DEMO_PENDING
    if pending:  # a first run, or one killed while the district was being created
        if not empty and store.is_empty():
            from app.services.demo import seed_demo  # first run only: not on every start

            seeded = seed_demo(store, progress=progress)
        with store.sessions.begin() as session:
            session.merge(LocalSetting(key=INITIALISED_KEY, value="empty" if empty else "demo"))
    # Ids and counts only: the log must never hold what officers typed (see app.logs).
    log.info(
        "store opened: device %s, backup before upgrade: %s, demo schools seeded: %d",
        store.device_id,
        "yes" if store.backup_made else "no",
        seeded,
    )
    return Opened(paths, store, seeded)
