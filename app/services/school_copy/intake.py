"""Opening a returned copy and checking it is the one this computer last sent.

Every refusal is a ``CopyRefusedError`` whose message says what is wrong with the file in
words an officer can pass on to the school; nothing is read into the store before these
checks pass, and the checks themselves write nothing.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree
from sqlalchemy.orm import Session

from app.models import School
from app.services.school_copy.manifest import Manifest, read
from app.services.school_copy.reader import Body, read_body
from app.services.school_copy.sends import latest_send
from lpc_core.formatting import format_nz_date

MAX_BYTES = 20 * 1024 * 1024
"""A filled copy is tens of kilobytes; twenty megabytes leaves room for pasted pictures."""
MAX_UNPACKED = 200 * 1024 * 1024
"""What the file may unpack to: a small file that unpacks to gigabytes is not a copy."""


class CopyRefusedError(ValueError):
    """The file cannot be taken in; the message says why."""


@dataclass
class ReturnedCopy:
    path: Path
    manifest: Manifest
    body: Body


def open_returned_copy(path: Path) -> ReturnedCopy:
    """Read a returned file; raises ``CopyRefusedError`` for anything but an intact copy."""
    name = path.name
    if path.suffix.lower() != ".docx":
        raise CopyRefusedError(
            f"{name} is not a Word document (.docx); ask the school to save it "
            "as a .docx and send it again"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CopyRefusedError(f"{name} cannot be read: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise CopyRefusedError(
            f"{name} is too large ({size / 1_048_576:.0f} MB; a school's copy "
            f"is at most {MAX_BYTES // 1_048_576} MB)"
        )
    if not zipfile.is_zipfile(path):
        raise CopyRefusedError(f"{name} is damaged: it is not a complete Word document")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise CopyRefusedError(f"{name} is damaged and cannot be read ({exc})") from None
    if unpacked > MAX_UNPACKED:
        raise CopyRefusedError(
            f"{name} is too large once unpacked ({unpacked / 1_048_576:.0f} MB; a school's "
            f"copy is at most {MAX_UNPACKED // 1_048_576} MB)"
        )
    try:
        doc = Document(str(path))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
    ) as exc:
        raise CopyRefusedError(f"{name} is damaged and cannot be read ({exc})") from None
    manifest = read(doc)
    if manifest is None:
        raise CopyRefusedError(
            f"{name} is not a copy sent to a school from this app (it has no "
            "school-copy id); only a returned copy can be taken in"
        )
    body = read_body(doc, manifest.aliases)
    if manifest.sent and not body.fields:
        raise CopyRefusedError(
            f"{name} has had its fields removed (saving in another format or "
            "“Remove content control” does this), so the school's answers "
            "cannot be told apart from the rest; ask the school to fill in "
            "the copy that was sent"
        )
    return ReturnedCopy(path, manifest, body)


def check_copy(session: Session, copy: ReturnedCopy, school_id: str | None = None) -> School:
    """The school the copy belongs to; refuses another school's copy or an older send."""
    manifest = copy.manifest
    sent = format_nz_date(manifest.sent_on)
    if school_id is not None and school_id != manifest.school_id:
        expected = session.get(School, school_id)
        here = expected.name if expected is not None else "this school"
        raise CopyRefusedError(
            f"{copy.path.name} is the copy sent to {manifest.school_name} on {sent}, not {here}'s"
        )
    school = session.get(School, manifest.school_id)
    if school is None or school.is_deleted:
        raise CopyRefusedError(
            f"{copy.path.name} is the copy sent to {manifest.school_name}, "
            "which is not in this store"
        )
    latest = latest_send(session, school.id)
    if latest is None:
        raise CopyRefusedError(
            f"{copy.path.name} was not sent from this computer; take it in "
            "on the computer that sent it"
        )
    if latest.send_id != manifest.send_id:
        newest = format_nz_date(latest.sent_on)
        raise CopyRefusedError(
            f"{copy.path.name} is an older copy for {school.name}, sent on "
            f"{sent}; a newer copy was sent on {newest}. Take in the newer "
            "copy instead"
        )
    return school
