"""The server's side of attachment contents, asked directly over HTTP of a real server
process: who may read a file (the school's visibility rules), the 25 MB limit, and
damaged or mismatched chunks refused with a sentence naming what is wrong, never a 500."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.config import AppSettings
from app.services.attachments import add_attachment
from app.services.sync.account import signed_in_token
from app.services.sync.client import ApiClient
from app.services.sync.engine import SyncEngine, SyncResult
from server.contents import CHUNK_SIZE
from server.db import open_database
from server.directory import assign, create_user, find_school, user_by_name
from server.models import AttachmentChunk, AttachmentContent
from tests.server_harness import PASSWORD, RunningServer, login, seed_users, start_server
from tests.services.helpers import add_school
from tests.services.sync.live import Live, LiveDevice, fresh_transport
from tests.services.sync.tcp_proxy import CuttingProxy

SCAN = b"%PDF-1.4\n% Signed by the tumuaki and the Lead Police Contact\n" + b"x" * 5_000
SHA = hashlib.sha256(SCAN).hexdigest()
UNASSIGNED = "officer.rawiri"  # the same district, not assigned to the school


@dataclass
class World:
    server: RunningServer
    live: Live
    laptop: LiveDevice
    school_id: str

    def client(self, username: str) -> httpx.Client:
        return self.server.client(login(self.server, username))


@pytest.fixture(params=["sqlite", "postgres"])
def world(
    request: pytest.FixtureRequest, tmp_path: Path, template_db: tuple[Path, str]
) -> Iterator[World]:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    server = start_server(tmp_path / "server", url)
    users = seed_users(server.database_url)
    db = open_database(server.database_url)
    with db.writing() as session:
        create_user(session, UNASSIGNED, PASSWORD, "officer", users.district)
    db.dispose()
    proxy = CuttingProxy(server.port)
    live = Live(server, users, proxy, template_db, tmp_path)
    laptop = live.device("laptop", users.officer)
    school_id = add_school(laptop.store, "Rātā Street School", district=users.district)
    path = tmp_path / "Signed agreement.pdf"
    path.write_bytes(SCAN)
    add_attachment(laptop.store, "Const. Aroha Ngata", school_id, path)
    yield World(server, live, laptop, school_id)
    proxy.close()
    laptop.store.close()
    server.stop()


def _push_records_only(world: World) -> None:
    """The attachment's record reaches the server, its content does not (yet)."""
    settings = AppSettings(world.laptop.paths).get()
    with ApiClient(world.live.proxy.url, signed_in_token(settings), fresh_transport()) as api:
        engine = SyncEngine(world.laptop.store, api)
        engine.handshake()
        engine.push(SyncResult())


def _put(
    client: httpx.Client, data: bytes, size: int, seq: int = 0, sha: str = SHA
) -> httpx.Response:
    headers = {
        "Content-Type": "application/octet-stream",
        "X-LPC-Content-Size": str(size),
        "X-LPC-Chunk-SHA256": hashlib.sha256(data).hexdigest(),
    }
    return client.put(f"/sync/contents/{SHA}/upload/{seq}", content=data, headers=headers)


def _server_holds(server: RunningServer) -> tuple[int, int]:
    db = open_database(server.database_url)
    try:
        with db.reading() as s:
            contents = s.scalar(select(func.count()).select_from(AttachmentContent)) or 0
            chunks = s.scalar(select(func.count()).select_from(AttachmentChunk)) or 0
            return contents, chunks
    finally:
        db.dispose()


def test_an_officer_cannot_fetch_a_file_of_a_school_not_assigned_to_them(world: World) -> None:
    world.laptop.sync()
    users = world.live.users
    with world.client(users.supervisor) as supervisor:
        answer = supervisor.get(f"/sync/contents/{SHA}/chunks/0")
        assert answer.status_code == 200 and answer.content == SCAN
        assert answer.headers["X-LPC-Chunk-SHA256"] == SHA

    for outsider in (UNASSIGNED, users.other_officer):
        with world.client(outsider) as client:
            refused = client.get(f"/sync/contents/{SHA}/chunks/0")
            assert refused.status_code == 403, outsider
            assert refused.json()["error"] == "forbidden"
            assert SCAN[:20] not in refused.content
            state = client.post("/sync/contents", json={"sha256": [SHA]}).json()
            assert state["contents"][SHA] == {"status": "not_visible"}  # not "present"
            sent = _put(client, SCAN, len(SCAN))
            assert sent.status_code == 403

    # Assigned to the school, the same officer may read it: the rule follows the school.
    db = open_database(world.server.database_url)
    with db.writing() as session:
        assign(session, user_by_name(session, UNASSIGNED), find_school(session, world.school_id))
    db.dispose()
    with world.client(UNASSIGNED) as client:
        assert client.get(f"/sync/contents/{SHA}/chunks/0").content == SCAN
    assert "server_error" not in world.server.log()


def test_a_file_over_25_mb_is_refused_with_a_sentence(world: World) -> None:
    _push_records_only(world)
    with world.client(world.live.users.officer) as client:
        refused = _put(client, SCAN, 26 * 1024 * 1024)
        assert refused.status_code == 413
        body = refused.json()
        assert body["error"] == "too_large"
        assert "26.0 MB" in body["message"] and "at most 25 MB" in body["message"]
    assert _server_holds(world.server) == (0, 0)
    assert "server_error" not in world.server.log()


def test_damaged_and_mismatched_chunks_are_refused_and_nothing_is_kept(world: World) -> None:
    _push_records_only(world)
    with world.client(world.live.users.officer) as client:
        state = client.post("/sync/contents", json={"sha256": [SHA]}).json()
        assert state["contents"][SHA] == {"status": "missing"}

        # A chunk whose bytes do not match the hash sent with it (damaged on the way).
        damaged = client.put(
            f"/sync/contents/{SHA}/upload/0",
            content=SCAN,
            headers={
                "Content-Type": "application/octet-stream",
                "X-LPC-Content-Size": str(len(SCAN)),
                "X-LPC-Chunk-SHA256": "0" * 64,
            },
        )
        assert damaged.status_code == 422 and "chunk 0" in damaged.json()["message"]
        short = _put(client, SCAN[:-1], len(SCAN))
        assert short.status_code == 422 and "must be" in short.json()["message"]
        beyond = _put(client, SCAN, len(SCAN), seq=1)
        assert beyond.status_code == 422 and "seq" in beyond.json()["message"]

        # Another file of the same size under this name: each chunk checks out, the whole
        # does not; the server keeps none of it.
        other = SCAN.replace(b"tumuaki", b"TUMUAKI")
        mismatch = _put(client, other, len(other))
        assert mismatch.status_code == 422
        assert "do not match" in mismatch.json()["message"]
        assert _server_holds(world.server) == (0, 0)

        bad_name = client.post("/sync/contents", json={"sha256": ["not-a-sha"]})
        assert bad_name.status_code == 422 and "sha256" in bad_name.json()["message"]

        # A sender wrong about the size leaves a partial content behind ...
        wrong = _put(client, b"x" * CHUNK_SIZE, 2 * CHUNK_SIZE)
        assert wrong.json() == {"status": "partial", "received": 1}
        assert _server_holds(world.server) == (1, 1)

    # ... which the laptop's own sync starts over: the real file, complete and whole.
    assert world.laptop.sync().files_sent == 1
    assert _server_holds(world.server) == (1, 1)
    with world.client(world.live.users.supervisor) as client:
        assert client.get(f"/sync/contents/{SHA}/chunks/0").content == SCAN
    assert "server_error" not in world.server.log()


def test_two_devices_sending_the_same_file_at_once_store_it_once(world: World) -> None:
    """Both send every chunk of a 6-chunk file at the same moment: each chunk is kept
    once, the file is complete and reads back whole, and no request fails."""
    big = b"%PDF-1.4\n" + bytes(range(256)) * (5 * CHUNK_SIZE // 256 + 40)
    sha = hashlib.sha256(big).hexdigest()
    path = world.live.tmp_path / "Whānau hui minutes.pdf"
    path.write_bytes(big)
    add_attachment(world.laptop.store, "Const. Aroha Ngata", world.school_id, path)
    _push_records_only(world)
    parts = [big[i : i + CHUNK_SIZE] for i in range(0, len(big), CHUNK_SIZE)]
    users = world.live.users

    def send_all(username: str) -> list[int]:
        with world.client(username) as client:
            statuses = []
            for seq, part in enumerate(parts):
                answer = client.put(
                    f"/sync/contents/{sha}/upload/{seq}",
                    content=part,
                    headers={
                        "Content-Type": "application/octet-stream",
                        "X-LPC-Content-Size": str(len(big)),
                        "X-LPC-Chunk-SHA256": hashlib.sha256(part).hexdigest(),
                    },
                )
                statuses.append(answer.status_code)
            return statuses

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(send_all, [users.officer, users.supervisor]))
    assert results == [[200] * len(parts)] * 2
    assert _server_holds(world.server) == (1, len(parts))
    with world.client(users.supervisor) as client:
        state = client.post("/sync/contents", json={"sha256": [sha]}).json()
        assert state["contents"][sha] == {
            "status": "present",
            "size": len(big),
            "chunk_count": len(parts),
        }
        fetched = b"".join(
            client.get(f"/sync/contents/{sha}/chunks/{seq}").content for seq in range(len(parts))
        )
    assert fetched == big
    assert "server_error" not in world.server.log()
