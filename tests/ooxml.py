"""Checking a Word file against the Office Open XML schemas, as strictly as Word reads it.

LibreOffice opens almost anything, so a rendering that looks right proves little; Word
says a file with an element out of schema order, or with parts that disagree, has
"unreadable content" and rewrites it. openxml-audit (pure Python, no Word needed) reports
those findings. Every .docx the app writes is checked with ``assert_valid_docx``; a new kind
of document (a new template section, a fillable form) is checked by calling it too.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from openxml_audit import FileFormat, OpenXmlValidator, ValidationSeverity

# Checked as Word 2016 reads files; later versions of Word accept what it accepts.
WORD_VERSION = FileFormat.OFFICE_2016


@cache
def _validator() -> OpenXmlValidator:
    return OpenXmlValidator(file_format=WORD_VERSION, max_errors=0)


def docx_errors(document: Path | bytes) -> list[str]:
    """Every schema or consistency error in ``document`` (a path, or the file's bytes)."""
    if isinstance(document, bytes):
        with tempfile.TemporaryDirectory(prefix="lpc-ooxml-") as folder:
            path = Path(folder) / "document.docx"
            path.write_bytes(document)
            return docx_errors(path)
    result = _validator().validate(document)
    errors = [str(e) for e in result.errors if e.severity is ValidationSeverity.ERROR]
    if not result.is_valid and not errors:
        errors = [str(e) for e in result.errors] or ["not valid (the validator gave no detail)"]
    return errors


def assert_valid_docx(document: Path | bytes, name: str = "") -> None:
    """Fail with every finding when Word would have to repair ``document``."""
    errors = docx_errors(document)
    label = name or (document.name if isinstance(document, Path) else "document")
    assert not errors, f"{label}: {len(errors)} OOXML error(s):\n  " + "\n  ".join(errors)
