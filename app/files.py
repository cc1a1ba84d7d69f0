"""Crash-safe file writes: write beside the target, flush to disk, then rename over it.

A crash at any point leaves either the old file or the new one, never half of either.

Two kinds of file go through here. Private ones (the key file, settings) are created 0600,
readable by the officer alone, whatever the umask. Shared ones (documents and reports an
officer exports and files in shared folders) get the permissions the user's umask gives a
new file, as if a word processor had saved them: 0644 under the usual umask 022. The
encrypted store and its backups are written by SQLite/SQLCipher (``crypto_store``,
``store.backup_file``), not here; ``keep_private`` narrows them to 0600 afterwards.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

PRIVATE_MODE = 0o600
SHARED_MODE = 0o666  # before the umask, as open() and every editor create files


JOURNAL_SUFFIXES = ("", "-wal", "-shm", "-journal")


def private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) readable by the officer alone, where it is new.

    A folder that already exists keeps its permissions: it may be one the officer chose
    and shares on purpose; the files inside are narrowed by ``keep_private``.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def keep_private(path: Path) -> None:
    """Make a database SQLite created (and its journals) readable by the officer alone.

    SQLite creates files with the umask's permissions (often 0644); even encrypted, a
    store has no business being readable by other accounts on a shared laptop. A no-op
    where POSIX permissions do not apply (Windows keeps its profile folders private).
    """
    if os.name != "posix":
        return
    for suffix in JOURNAL_SUFFIXES:
        candidate = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(PRIVATE_MODE)


def _create_temp(target: Path, mode: int) -> Path:
    """A new empty file beside ``target``, created with ``mode`` (the umask applies)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{os.urandom(6).hex()}.part")
        try:
            fd = os.open(tmp, flags, mode)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name beside {target}")


def _claim(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the name ``target`` only if nothing has that name yet, atomically.

    A hard link fails if the name exists, so a file someone else saved under that name a
    moment ago is never replaced. Filesystems without hard links (FAT on a USB stick, some
    network shares) fall back to creating the name with O_EXCL, then renaming over that
    empty placeholder, which is ours.
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
        os.close(fd)
        tmp.replace(target)
    else:
        tmp.unlink()


@contextlib.contextmanager
def atomic_path(target: Path, *, shared: bool = False, exclusive: bool = False) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it becomes ``target``.

    ``shared``: permissions from the umask (exports) instead of 0600 (private files).
    ``exclusive``: never replace an existing ``target``; raise FileExistsError instead,
    even when the file appeared while this one was being written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _create_temp(target, SHARED_MODE if shared else PRIVATE_MODE)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        if exclusive:
            _claim(tmp, target)
        else:
            tmp.replace(target)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write_bytes(
    target: Path, data: bytes, *, shared: bool = False, exclusive: bool = False
) -> None:
    with atomic_path(target, shared=shared, exclusive=exclusive) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(target: Path, data: str, *, shared: bool = False) -> None:
    atomic_write_bytes(target, data.encode("utf-8"), shared=shared)
