"""Starting the first read of the schools list in a thread, beside building the window.

The thread derives a passphrase store's key (scrypt, about 0.15 s of C that lets other
threads run) while Qt is imported and the window is built, and reads the list
(``app.services.quick_list``) once the key is known and the window is shown. It is
started by ``app.cli`` before Qt is imported: started after, the list waited for the
scrypt (about 50 ms later on screen), though the window shows about 5 ms sooner. The
key's module is imported here, by the launcher: imported in the thread, it waited for
the window's construction to let go of the interpreter, and the scrypt started late.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from app.config import PASSPHRASE_ENV, AppPaths, resolve_data_dir
from app.services.keys import derive_early

if TYPE_CHECKING:
    from app.services.school_list_rows import SchoolList


class EarlyRead:
    """The first read, started before the window is built: a passphrase store's scrypt
    and the SQLCipher reads run in C beside the window's start-up, not after it.

    The read itself (and a keyring store's import of the keyring package) waits until
    ``window_shown`` is set: its Python would otherwise take turns with the window's.
    ``result()`` waits for the list, or None, or raises the exception the read met (the
    caller then opens the store the normal way).
    """

    SHOW_WAIT = 10.0  # seconds; a window that never shows leaves the read to go ahead

    def __init__(self, paths: AppPaths, passphrase: str | None) -> None:
        self.paths = paths  # the launcher opens the same folder: resolved once, here
        self.db_path = paths.database
        self.passphrase = passphrase
        self.window_shown = threading.Event()
        self._done = threading.Event()
        self._list: SchoolList | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, name="first-read", daemon=True).start()

    def _run(self) -> None:
        try:
            if self.passphrase is None:
                self.window_shown.wait(self.SHOW_WAIT)
            else:  # scrypt first: the imports below can wait, the key cannot
                derive_early(self.db_path, self.passphrase)
                # The read's Python must not hold up the window: it waits to be shown.
                self.window_shown.wait(self.SHOW_WAIT)
            from app.services.quick_list import first_read  # SQLCipher and the rules

            result = first_read(self.db_path, self.passphrase)
        except BaseException as exc:  # every failure goes to the caller, who falls back
            self._error = exc
        else:
            self._list = result
        finally:
            self._done.set()

    def result(self) -> SchoolList | None:
        """The list read (None: declined), once the read is over; or its exception."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._list


def start_first_read(data_dir: str | None) -> EarlyRead:
    """The first read for the data folder the window will open, started at once."""
    paths = AppPaths(resolve_data_dir(data_dir)).ensure()
    return EarlyRead(paths, os.environ.get(PASSPHRASE_ENV))
