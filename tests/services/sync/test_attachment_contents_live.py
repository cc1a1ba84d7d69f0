"""Attachment contents through a real server process (issue 16 point 2): a file attached
on laptop A is on laptop B after both sync, byte for byte (SQLite and PostgreSQL); an
upload cut halfway resumes without sending its first chunks again, counted by the bytes
the server says it received; and a file is sent once however many schools or devices
attach it."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from app.models.vocabulary import AttachmentKind
from app.services.attachments import add_attachment, list_attachments, read_content
from app.services.sync.errors import OfflineError
from server.contents import CHUNK_SIZE
from server.db import open_database
from server.models import AttachmentChunk, AttachmentContent
from tests.server_harness import RunningServer, start_server
from tests.services.helpers import add_school
from tests.services.sync.live import Live, running_live
from tests.services.sync.tcp_proxy import Cut

OFFICER = "Const. Aroha Ngata"
# A scan of about 1.1 MB: five chunks on the wire, three in the laptop's store.
SCAN = b"%PDF-1.7\n" + os.urandom(4 * CHUNK_SIZE + 70_000) + b"\n%%EOF\n"
SCAN_CHUNKS = -(-len(SCAN) // CHUNK_SIZE)
CHUNK_ROUTE = "/api/v1/sync/contents/{sha256}/upload/{seq}"


def _live(server: RunningServer, tmp_path: Path, template_db: tuple[Path, str]) -> Iterator[Live]:
    yield from running_live(server, template_db, tmp_path)
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def live(
    request: pytest.FixtureRequest, tmp_path: Path, template_db: tuple[Path, str]
) -> Iterator[Live]:
    """A server counting what it receives (``--metrics``), on each database."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    server = start_server(tmp_path / "server", url, ["--metrics"])
    yield from _live(server, tmp_path, template_db)


@pytest.fixture
def live_sqlite(tmp_path: Path, template_db: tuple[Path, str]) -> Iterator[Live]:
    server = start_server(tmp_path / "server", None, ["--metrics"])
    yield from _live(server, tmp_path, template_db)


def _metric(server: RunningServer, name: str, **labels: str) -> float:
    text = httpx.get(f"{server.url}/metrics", timeout=30).text
    total = 0.0
    for line in text.splitlines():
        match = re.match(rf"{name}(?:\{{(.*)\}})? (\S+)$", line)
        if match and all(f'{k}="{v}"' in (match.group(1) or "") for k, v in labels.items()):
            total += float(match.group(2))
    return total


def _bytes_received(server: RunningServer) -> int:
    return int(_metric(server, "lpc_attachment_bytes_received_total"))


def _chunks_accepted(server: RunningServer) -> int:
    return int(
        _metric(server, "lpc_http_requests_total", route=CHUNK_ROUTE, method="PUT", status="200")
    )


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_file_attached_on_laptop_a_is_on_laptop_b_byte_for_byte(
    live: Live, tmp_path: Path
) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    school_id = add_school(laptop.store, "Rātā Street School", district="Waitematā")
    scan = _write(tmp_path, "Signed agreement.pdf", SCAN)
    row_id = add_attachment(
        laptop.store, OFFICER, school_id, scan, kind=AttachmentKind.SIGNED_AGREEMENT
    )

    sent = laptop.sync()
    assert (sent.files_sent, sent.files_received, sent.file_problems) == (1, 0, [])
    received = office.sync()
    assert (received.files_sent, received.files_received) == (0, 1)
    assert received.data_changed and "attachments" in received.changes.tables

    assert read_content(office.store, row_id) == ("Signed agreement.pdf", SCAN)
    [listed] = list_attachments(office.store, school_id)
    assert listed.on_this_computer
    assert _bytes_received(live.server) == len(SCAN)
    assert _chunks_accepted(live.server) == SCAN_CHUNKS

    # Nothing more to send or fetch: the next syncs move no file.
    again_laptop, again_office = laptop.sync(), office.sync()
    assert (again_laptop.files_sent, again_office.files_received) == (0, 0)
    assert _bytes_received(live.server) == len(SCAN)

    # The server holds it once, complete and in order.
    db = open_database(live.server.database_url)
    try:
        with db.reading() as s:
            sha = hashlib.sha256(SCAN).hexdigest()
            content = s.get(AttachmentContent, sha)
            assert content is not None and content.complete and content.size == len(SCAN)
            chunks = s.scalars(
                select(AttachmentChunk.data)
                .where(AttachmentChunk.sha256 == sha)
                .order_by(AttachmentChunk.seq)
            )
            assert b"".join(chunks) == SCAN
    finally:
        db.dispose()


def test_an_upload_cut_halfway_resumes_without_resending_its_first_chunks(
    live_sqlite: Live, tmp_path: Path
) -> None:
    live = live_sqlite
    laptop = live.device("laptop", live.users.officer)
    school_id = add_school(laptop.store, "Kōwhai Grove School", district="Waitematā")
    row_id = add_attachment(
        laptop.store, OFFICER, school_id, _write(tmp_path, "Board minutes.pdf", SCAN)
    )
    sha = hashlib.sha256(SCAN).hexdigest()
    # Chunk 2 of 5 is cut 100 kB into its body: the server never has all of it.
    cut = live.proxy.arm(
        Cut(match=f"PUT /api/v1/sync/contents/{sha}/upload/2".encode(), request_bytes=100_000)
    )
    with pytest.raises(OfflineError):
        laptop.sync()
    assert cut.done
    db = open_database(live.server.database_url)
    try:
        with db.reading() as s:
            held = list(s.scalars(select(AttachmentChunk.seq).where(AttachmentChunk.sha256 == sha)))
            content = s.get(AttachmentContent, sha)
            assert sorted(held) == [0, 1]
            assert content is not None and not content.complete
    finally:
        db.dispose()
    assert _bytes_received(live.server) == 2 * CHUNK_SIZE

    # Meanwhile another computer gets the record, and knows the file is still to come.
    office = live.device("office", live.users.supervisor)
    assert office.sync().files_received == 0
    [listed] = list_attachments(office.store, school_id)
    assert not listed.on_this_computer
    with pytest.raises(LookupError, match="not on this computer yet"):
        read_content(office.store, row_id)

    resumed = laptop.sync()
    assert resumed.files_sent == 1
    # Every byte arrived exactly once: chunks 0 and 1 were not sent again.
    assert _bytes_received(live.server) == len(SCAN)
    assert _chunks_accepted(live.server) == SCAN_CHUNKS

    assert office.sync().files_received == 1
    assert read_content(office.store, row_id)[1] == SCAN
    assert "server_error" not in live.server.log()


def test_a_file_is_sent_once_for_two_schools_and_two_devices(
    live_sqlite: Live, tmp_path: Path
) -> None:
    live = live_sqlite
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    schools = [
        add_school(laptop.store, name, district="Waitematā")
        for name in ("Rātā Street School", "Te Kura o Tūī")
    ]
    scan = _write(tmp_path, "Kāhui Ako survey results.pdf", SCAN)
    for school_id in schools:
        add_attachment(laptop.store, OFFICER, school_id, scan, kind=AttachmentKind.SURVEY_RESULTS)
    assert laptop.sync().files_sent == 1
    assert _bytes_received(live.server) == len(SCAN)

    # The supervisor attaches the same results to a third school on their own computer.
    third = add_school(office.store, "Pōhutukawa Kura", district="Waitematā")
    add_attachment(office.store, "Sgt. Hemi Walker", third, scan)
    result = office.sync()
    assert (result.files_sent, result.files_received) == (0, 0)  # here already, both ways
    assert _bytes_received(live.server) == len(SCAN)
    for school_id in schools:  # the laptop's records arrived, and their file is here
        [listed] = list_attachments(office.store, school_id)
        assert listed.on_this_computer
