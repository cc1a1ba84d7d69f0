"""Attachments are told by their content: every allowed type is recognised whatever it is
called, and anything else (a renamed program first) is refused naming what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.file_types import MAX_SIZE, RefusedFileError, check_size, identify
from tests.services import attachment_files as f


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (f.PDF, "application/pdf"),
        (f.PNG, "image/png"),
        (f.JPEG, "image/jpeg"),
        (f.GIF, "image/gif"),
        (f.HEIC, "image/heic"),
        (f.DOC, "application/msword"),
        (f.XLS, "application/vnd.ms-excel"),
        (f.docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (f.XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (b"Kia ora koutou, hui at 3 pm.\r\n", "text/plain"),
        ("Whānau hui\n".encode("utf-16"), "text/plain"),
    ],
)
def test_allowed_types_are_known_by_content_whatever_the_name(data: bytes, media_type: str) -> None:
    assert identify("no-extension", data).media_type == media_type
    assert identify("misnamed.exe", data).media_type == media_type


@pytest.mark.parametrize(
    "data",
    [
        f.EXE,
        Path("/bin/true").read_bytes(),  # a real program
        f.MSI,  # a compound file that is neither Word nor Excel
        f.XLSM,  # macros
        f.AVIF,  # an ISO media file that is not HEIC
        f.plain_zip(),
        b"text with a \x00 NUL and \x07 bell",
    ],
)
def test_a_renamed_program_or_other_type_is_refused_naming_the_types(data: bytes) -> None:
    with pytest.raises(RefusedFileError) as refused:
        identify("Signed agreement.pdf", data)
    message = str(refused.value)
    assert message.startswith("Signed agreement.pdf cannot be attached")
    for allowed in ("PDF", "PNG", "JPEG", "GIF", "HEIC", "Word", "Excel", "plain text"):
        assert allowed in message


def test_size_limit_and_empty_files_are_named() -> None:
    check_size("big.pdf", MAX_SIZE)  # exactly the limit is fine
    with pytest.raises(RefusedFileError, match=r"big\.pdf is 25\.0 MB; .* at most 25 MB"):
        check_size("big.pdf", MAX_SIZE + 1)
    with pytest.raises(RefusedFileError, match="empty"):
        identify("blank.txt", b"")
