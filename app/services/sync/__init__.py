"""Client side of the district-server sync (docs/sync-protocol.md). No Qt.

``run_sync(store, settings)`` does a whole sync with the signed-in server; ``SyncEngine``
exposes the steps for tests and the benchmark; ``account`` signs in and out;
``conflicts`` lists and resolves conflicts.
"""

from app.services.sync.engine import SyncEngine, SyncResult, run_sync
from app.services.sync.errors import (
    CancelledError,
    NotSetUpError,
    OfflineError,
    SchemaMismatchError,
    SignInRequiredError,
    SyncError,
)

__all__ = [
    "CancelledError",
    "NotSetUpError",
    "OfflineError",
    "SchemaMismatchError",
    "SignInRequiredError",
    "SyncEngine",
    "SyncError",
    "SyncResult",
    "run_sync",
]
