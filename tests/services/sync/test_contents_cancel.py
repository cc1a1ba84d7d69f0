"""Attachment contents with the in-process server: Cancel is heard between chunks, what
arrived stays on the server, and the next sync sends only the rest; the sync's progress
names the files phase; and the quick automatic sync asks nothing about files once they
are settled, while a sync that checks digests always asks."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from app.services.attachments import add_attachment
from app.services.sync.errors import CancelledError
from server.contents import CHUNK_SIZE
from server.models import AttachmentChunk
from tests.services.helpers import add_school
from tests.services.sync.conftest import DISTRICT, Device, InProcServer

SCAN = b"%PDF-1.7\n" + bytes(range(256)) * (4 * CHUNK_SIZE // 256) + b"\n%%EOF\n"
CHUNKS = -(-len(SCAN) // CHUNK_SIZE)


class CountingUploads(httpx.BaseTransport):
    """The in-process server's transport, counting the chunks sent to it."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.uploads: list[str] = []
        self.asks = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT" and "/upload/" in request.url.path:
            self.uploads.append(request.url.path.rsplit("/", 1)[1])
        if request.method == "POST" and request.url.path.endswith("/sync/contents"):
            self.asks += 1
        return self.inner.handle_request(request)


def test_cancel_between_chunks_then_resume(
    make_device: Callable[[str, str], Device], inproc_server: InProcServer, tmp_path: Path
) -> None:
    laptop = make_device("laptop", "aroha")
    counting = CountingUploads(inproc_server.transport)
    laptop.transport = counting
    school_id = add_school(laptop.store, "Te Kura o Tūī", district=DISTRICT)
    path = tmp_path / "Safety survey results.pdf"
    path.write_bytes(SCAN)
    add_attachment(laptop.store, "Const. Aroha Ngata", school_id, path)
    seen: list[tuple[str, int, int]] = []

    engine = laptop.engine(
        progress=lambda *p: seen.append(p), cancelled=lambda: len(counting.uploads) >= 2
    )
    with pytest.raises(CancelledError):
        engine.sync()
    assert counting.uploads == ["0", "1"]
    assert ("files", 0, 1) in seen
    sha = hashlib.sha256(SCAN).hexdigest()
    with inproc_server.db.reading() as s:
        held = s.scalars(select(AttachmentChunk.seq).where(AttachmentChunk.sha256 == sha))
        assert sorted(held) == [0, 1]

    seen.clear()
    result = laptop.engine(progress=lambda *p: seen.append(p)).sync()
    assert result.files_sent == 1
    assert counting.uploads == [str(i) for i in range(CHUNKS)]  # 0 and 1 once each
    assert seen[-1] == ("files", 1, 1)


def test_a_quick_sync_asks_nothing_once_files_are_settled(
    make_device: Callable[[str, str], Device], inproc_server: InProcServer, tmp_path: Path
) -> None:
    laptop = make_device("laptop", "aroha")
    counting = CountingUploads(inproc_server.transport)
    laptop.transport = counting
    school_id = add_school(laptop.store, "Te Kura o Tūī", district=DISTRICT)
    laptop.sync(verify=False)
    assert counting.asks == 0  # no attachments: no question

    path = tmp_path / "Board minutes.pdf"
    path.write_bytes(SCAN)
    add_attachment(laptop.store, "Const. Aroha Ngata", school_id, path)
    assert laptop.sync(verify=False).files_sent == 1  # a new file: asked and sent
    assert counting.asks == 1
    laptop.sync(verify=False)
    assert counting.asks == 1  # settled: the quick sync does not ask
    laptop.sync(verify=True)
    assert counting.asks == 2  # a digest-checking sync always asks

    other = tmp_path / "Survey results.txt"
    other.write_text("Perceptions of safety, Term 2: 212 ākonga answered", encoding="utf-8")
    add_attachment(laptop.store, "Const. Aroha Ngata", school_id, other)
    assert laptop.sync(verify=False).files_sent == 1
    assert counting.asks == 3
