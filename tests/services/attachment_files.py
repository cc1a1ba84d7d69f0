"""Small real files of each kind an officer attaches, and some that must be refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx

# A PDF with a sentence no other test writes, so the raw store can be searched for it.
MARKER = "Tumuaki signed on 12/03/2026 at Kōwhai Grove"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"% " + MARKER.encode() + b"\n" + b"stream padding " * 4000 + b"\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 40
AVIF = b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00mif1avif" + b"\x00" * 40
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOC = OLE2 + b"\x00" * 100 + "WordDocument".encode("utf-16-le") + b"\x00" * 100
XLS = OLE2 + b"\x00" * 100 + "Workbook".encode("utf-16-le") + b"\x00" * 100
MSI = OLE2 + b"\x00" * 100 + "\u4840\u3b3f".encode("utf-16-le") + b"\x00" * 100
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def docx_bytes(text: str = "Board minutes, Term 1") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ooxml(main: str, part: str) -> bytes:
    """A minimal OOXML zip whose content types name ``main`` as the ``part``'s type."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/content-types"><Override PartName="/{part}" ContentType="{main}"/></Types>',
        )
        z.writestr(part, "<x/>")
    return out.getvalue()


XLSX = ooxml(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "xl/workbook.xml",
)
XLSM = ooxml("application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xl/workbook.xml")


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("payload.exe", EXE)
    return out.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
