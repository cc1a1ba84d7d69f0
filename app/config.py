"""Where data lives and the settings kept beside it.

Paths are computed once here. The data folder is, in order: the ``--data-dir`` option, the
``LPC_DATA_DIR`` environment variable, or the platform's user data folder (platformdirs).
Settings are a small JSON file merged with defaults on load, passed around as an object.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import APP_ID
from app.files import atomic_write_text, private_folder

if TYPE_CHECKING:
    from platformdirs import PlatformDirs

DATA_DIR_ENV = "LPC_DATA_DIR"
PASSPHRASE_ENV = "LPC_PASSPHRASE"  # scripts, tests and benchmarks give a passphrase here
DATABASE_NAME = "lpc.db"
SETTINGS_NAME = "settings.json"


def platform_dirs() -> PlatformDirs:
    """The platform's folders for this app. On Windows the *local* (not roaming) app data
    folder: the store's key is in this computer's keyring, so a store that roamed to
    another computer with the profile could not be opened there."""
    import platformdirs  # only when no folder was named: it is not free at start-up

    return platformdirs.PlatformDirs(APP_ID, appauthor=False, roaming=False)


def choose_data_dir(local: Path, roaming: Path) -> Path:
    """Earlier builds kept the store in the roaming folder on Windows; an officer who has a
    store there keeps using it (moving a store under a running sync is not worth the
    risk), everyone else gets the local folder. Elsewhere the two are the same folder."""
    moved = (roaming / DATABASE_NAME).exists() and not (local / DATABASE_NAME).exists()
    return roaming if local != roaming and moved else local


def default_data_dir() -> Path:
    local = platform_dirs()
    roaming = type(local)(APP_ID, appauthor=False, roaming=True)
    return choose_data_dir(Path(local.user_data_dir), Path(roaming.user_data_dir))


def resolve_data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    if option:
        return Path(option).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


@dataclass
class Settings:
    """User-adjustable settings. Unknown keys in the file are ignored, missing ones default."""

    server_url: str = ""
    username: str = ""
    officer_name: str = ""
    idle_lock_minutes: int = 10
    unlock_pin_hash: str = ""  # scrypt hash and salt (app.services.unlock_pin), never the PIN
    export_dir: str = ""
    template_dir: str = ""
    # The district's wording of the information-sharing legal basis for new agreements;
    # blank: the app's own (app.models.stage1.DEFAULT_LEGAL_BASIS). Set on each laptop:
    # the district server does not push it (yet).
    legal_basis: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / SETTINGS_NAME

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    def ensure(self) -> AppPaths:
        private_folder(self.data_dir)
        private_folder(self.backups)
        return self


def load_settings(paths: AppPaths) -> Settings:
    defaults = Settings()
    try:
        raw = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, OSError):
        return defaults
    if not isinstance(raw, dict):
        return defaults
    known = {f.name for f in fields(Settings)}
    merged = {**asdict(defaults), **{k: v for k, v in raw.items() if k in known}}
    return Settings(**merged)


def save_settings(paths: AppPaths, settings: Settings) -> None:
    atomic_write_text(paths.settings_file, json.dumps(asdict(settings), indent=2))


Actor = Callable[[], str]
"""Who the audit trail names for a change, asked at the moment of the change (so a name
set in Preferences applies at once, without telling every form)."""


class AppSettings:
    """The settings, made once at launch and passed to whatever reads or writes them.

    Safe from any thread: the UI saves Preferences while the network thread saves a sign-in.
    Reads are served from memory (no re-reading the file); a write, under the lock, reads
    the file, changes only the keys it was given and replaces the file atomically, so two
    threads writing different keys lose neither, and keys another process (a command, a
    second window) saved before this write are kept.
    """

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self._lock = threading.Lock()
        self._current = load_settings(paths)

    def get(self) -> Settings:
        """A copy of the settings now: the caller may keep it, the next write does not
        change it under them."""
        with self._lock:
            return replace(self._current, extra=dict(self._current.extra))

    def update(self, **changes: Any) -> Settings:
        known = {f.name for f in fields(Settings)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise TypeError(f"not a setting: {', '.join(unknown)}")
        with self._lock:
            updated = replace(load_settings(self.paths), **changes)
            save_settings(self.paths, updated)
            self._current = updated
            return replace(updated, extra=dict(updated.extra))

    def actor(self) -> str:
        """The one source of the audit trail's name (see ``audit_actor``)."""
        return audit_actor(self.get())


def os_user() -> str:
    try:
        import getpass  # with locale and termios: not needed before the window shows

        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def audit_actor(settings: Settings) -> str:
    """Who the audit trail names for this officer's changes: the name set in Preferences,
    else the sync user name, else the computer login."""
    return settings.officer_name.strip() or settings.username or os_user()
