"""Which files may be attached, told by their content and never by their name.

A small signature check of our own rather than python-magic: that needs libmagic on
every laptop and the installer, and knows thousands of types where we allow a handful.
Each allowed type is recognised by its leading bytes (PDF, PNG, JPEG, GIF, HEIC), by the
streams of its compound file (old Word and Excel) or by the parts its zip says it holds
(``[Content_Types].xml`` for .docx and .xlsx). Anything else, a renamed program
included, is refused with a message naming what is allowed. Macro-enabled Office files
(.docm, .xlsm) say so in their content types and are refused too.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MAX_SIZE = 25 * 1024 * 1024
ALLOWED = (
    "PDF, images (PNG, JPEG, GIF, HEIC), Word (.docx, .doc), Excel (.xlsx, .xls) or plain text"
)

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}


class RefusedFileError(ValueError):
    """A file that may not be attached; the message says why and what is allowed."""


@dataclass(frozen=True, slots=True)
class FileType:
    media_type: str
    label: str


def check_size(name: str, size: int) -> None:
    """Refuse an empty file or one over the limit, before reading it."""
    if size == 0:
        raise RefusedFileError(f"{name} is empty: there is nothing to attach.")
    if size > MAX_SIZE:
        raise RefusedFileError(
            f"{name} is {size / 1024 / 1024:.1f} MB; an attachment can be at most "
            f"{MAX_SIZE // 1024 // 1024} MB."
        )


def identify(name: str, data: bytes) -> FileType:
    """The type of ``data``, or ``RefusedFileError`` naming the types allowed."""
    check_size(name, len(data))
    found = _by_signature(data) or _office(data) or _plain_text(data)
    if found is None:
        raise RefusedFileError(
            f"{name} cannot be attached: by its content it is not one of the allowed types "
            f"({ALLOWED}). The file's name does not count, only what is in it."
        )
    return found


def _by_signature(data: bytes) -> FileType | None:
    if data.startswith(b"%PDF-"):
        return FileType("application/pdf", "PDF")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType("image/png", "PNG image")
    if data.startswith(b"\xff\xd8\xff"):
        return FileType("image/jpeg", "JPEG image")
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return FileType("image/gif", "GIF image")
    if _is_heic(data):
        return FileType("image/heic", "HEIC image")
    return None


def _is_heic(data: bytes) -> bool:
    """An ISO media file whose ``ftyp`` box names a HEIF/HEVC brand (iPhone photos)."""
    if data[4:8] != b"ftyp":
        return False
    box = int.from_bytes(data[0:4], "big")
    brands = [data[i : i + 4] for i in range(8, min(box, 64, len(data)), 4)]
    major, compatible = brands[:1], brands[2:]  # brands[1] is the minor version
    if major and major[0] in HEIC_BRANDS:
        return True
    return bool(major) and major[0] in (b"mif1", b"msf1") and bool(HEIC_BRANDS & set(compatible))


def _office(data: bytes) -> FileType | None:
    if data.startswith(OLE2):
        return _compound(data)
    if data.startswith(b"PK\x03\x04"):
        return _open_xml(data)
    return None


def _compound(data: bytes) -> FileType | None:
    """Old .doc and .xls are compound files holding a ``WordDocument`` or ``Workbook``
    stream; an installer (.msi) or anything else in that format holds neither."""
    if "WordDocument".encode("utf-16-le") in data:
        return FileType("application/msword", "Word document")
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") + b"\0\0" in data:
        return FileType("application/vnd.ms-excel", "Excel workbook")
    return None


def _open_xml(data: bytes) -> FileType | None:
    """A .docx or .xlsx: a zip whose ``[Content_Types].xml`` names the document's main
    part. Only that one small member is read, so a zip bomb is never unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                return None
            types = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    if f'ContentType="{WORD_MAIN}"' in types:
        return FileType(DOCX, "Word document")
    if f'ContentType="{EXCEL_MAIN}"' in types:
        return FileType(XLSX, "Excel workbook")
    return None


def _plain_text(data: bytes) -> FileType | None:
    """UTF-8 (or UTF-16 with its byte-order mark) without control characters."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    if any(ord(ch) in _CONTROL for ch in text):
        return None
    return FileType("text/plain", "plain text")
