"""File names people can read and every filesystem accepts, and the never-overwrite rule.

Names keep macrons (Ōtautahi stays Ōtautahi, NFC-composed so macOS and Windows agree) and
drop only what Windows, macOS or Linux refuse. Dates in names are yyyy-mm-dd so a folder
sorts by date; inside documents dates are dd/mm/yyyy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path

from app.files import atomic_write_bytes
from app.models.vocabulary import year_label
from app.templates.fields import DocumentKind

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}  # fmt: skip
MAX_STEM = 150  # leaves room for a folder path within Windows' 260-character limit


def safe_name(text: str, fallback: str = "Untitled") -> str:
    """``text`` as one path component: readable, macrons kept, nothing a filesystem refuses."""
    name = unicodedata.normalize("NFC", text)
    name = _FORBIDDEN.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip().rstrip(". ")
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    if len(name) > MAX_STEM:
        name = name[:MAX_STEM].rstrip(". ")
    return name or fallback


def document_file_name(
    school_name: str, kind: DocumentKind, on: date, suffix: str, year: int | None = None
) -> str:
    """For example ``Kōwhai Grove School - Annual Partnership Plan 2026 - 2026-03-01.docx``:
    the partnership year the document is for, then the day it was exported."""
    title = kind.info.title if year is None else f"{kind.info.title} {year_label(year)}"
    stem = f"{safe_name(school_name, 'School')} - {title} - {on.isoformat()}"
    return f"{stem}{suffix}"


class OverwritePolicy(StrEnum):
    """What to do when a file of the chosen name already exists."""

    ASK = "ask"  # call the ``ask`` callback; it says yes (replace) or no (skip)
    SKIP = "skip"
    OVERWRITE = "overwrite"
    UNIQUE = "unique"  # write "name (2).docx" beside it


AskOverwrite = Callable[[Path], bool]


class WriteOutcome(StrEnum):
    WRITTEN = "written"
    REPLACED = "replaced"
    SKIPPED = "skipped"


def unique_path(path: Path) -> Path:
    if not path.exists():
        return path
    for n in range(2, 10_000):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"too many files named like {path.name} in {path.parent}")


def resolve_target(
    path: Path, policy: OverwritePolicy, ask: AskOverwrite | None = None
) -> tuple[Path, WriteOutcome]:
    """Where to write, given what is already there; SKIPPED means write nothing."""
    if not path.exists():
        return path, WriteOutcome.WRITTEN
    if policy is OverwritePolicy.OVERWRITE:
        return path, WriteOutcome.REPLACED
    if policy is OverwritePolicy.UNIQUE:
        return unique_path(path), WriteOutcome.WRITTEN
    if policy is OverwritePolicy.ASK:
        if ask is None:
            raise ValueError("OverwritePolicy.ASK needs an ask callback")
        return (path, WriteOutcome.REPLACED) if ask(path) else (path, WriteOutcome.SKIPPED)
    return path, WriteOutcome.SKIPPED


def write_file(
    path: Path, data: bytes, policy: OverwritePolicy, ask: AskOverwrite | None = None
) -> tuple[Path, WriteOutcome]:
    """Write ``data`` crash-safely (temporary file, then rename) unless the policy says no.

    A name that was free when checked is claimed atomically, so a file another program or
    officer saves under it in the meantime is never replaced: the policy is applied again
    to what is there now (``UNIQUE`` moves on to the next free name). Exported files get
    the permissions the user's umask gives, since officers file them in shared folders.
    """
    target, outcome = resolve_target(path, policy, ask)
    attempts = 0
    while outcome is WriteOutcome.WRITTEN:
        try:
            atomic_write_bytes(target, data, shared=True, exclusive=True)
        except FileExistsError:
            attempts += 1
            if attempts >= 100:
                raise
            target, outcome = resolve_target(path, policy, ask)
        else:
            return target, outcome
    if outcome is WriteOutcome.REPLACED:
        atomic_write_bytes(target, data, shared=True)
    return target, outcome
