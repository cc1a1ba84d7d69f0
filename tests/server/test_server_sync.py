"""Push, pull, summary and school re-fetch over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from server.models import ChangeLog, ClientAuditEntry, Device, User
from tests.server.conftest import (
    Env,
    change,
    new_id,
    new_school,
    person_fields,
    pull_all,
    push,
    pushed,
    server_records,
)


def _officer_school(env: Env, name: str = "Kōwhai Primary") -> str:
    """A school the officer created offline (so it is theirs) and pushed."""
    sid = new_id()
    [result] = pushed(env.client("officer"), [new_school(sid, name)])
    assert result["status"] == "applied"
    return sid


def test_push_stores_the_row_and_records_who_sent_it(env: Env) -> None:
    sid = _officer_school(env)
    pid = new_id()
    fields = person_fields(sid, "Hana Williams", email="hana@example.school.nz")
    [result] = pushed(env.client("officer"), [change("people", pid, sid, fields)])

    assert result == {
        "change_id": result["change_id"],
        "status": "applied",
        "row_version": 1,
        "conflicts": [],
        "message": "",
    }
    [record] = server_records(env.server.database_url, row_id=pid)
    assert record.table_name == "people"
    assert record.school_id == sid
    assert record.fields == fields
    assert record.row_version == 1
    assert record.field_versions == dict.fromkeys(fields, 1)
    assert record.updated_by_user_id is not None and record.updated_by_device_id is not None
    engine = create_engine(env.server.database_url)
    with Session(engine) as session:
        log = session.scalars(
            select(ChangeLog).where(ChangeLog.change_id == result["change_id"])
        ).one()
        user = session.get(User, log.user_id)
        device = session.get(Device, log.device_id)
    engine.dispose()
    assert user is not None and user.username == env.users.officer
    assert device is not None and device.user_id == log.user_id
    assert (log.table_name, log.row_id, log.status) == ("people", pid, "applied")
    assert log.received_at.tzinfo is not None


def test_offline_created_school_is_assigned_to_its_officer(env: Env) -> None:
    sid = _officer_school(env, "Rimu School")
    summary = env.client("officer").get("/sync/summary").json()["schools"]
    assert sid in summary
    # The school is in the officer's district: the supervisor sees it, the other district not.
    assert sid in env.client("supervisor").get("/sync/summary").json()["schools"]
    assert sid not in env.client("other_officer").get("/sync/summary").json()["schools"]


def test_replayed_batch_is_a_no_op_with_the_same_response(env: Env) -> None:
    client = env.client("officer")
    sid = new_id()
    body = {"batch_id": new_id(), "changes": [new_school(sid, "Tōtara College")]}
    first = client.post("/sync/push", json=body)
    [before] = server_records(env.server.database_url, row_id=sid)

    again = client.post("/sync/push", json=body)

    assert again.status_code == 200
    assert again.json() == first.json()
    after = server_records(env.server.database_url, row_id=sid)
    assert len(after) == 1
    assert (after[0].seq, after[0].row_version) == (before.seq, before.row_version)


def test_a_change_sent_again_in_a_new_batch_is_a_duplicate(env: Env) -> None:
    client = env.client("officer")
    sid = new_id()
    insert = new_school(sid, "Harakeke School")
    [first] = pushed(client, [insert])
    [again] = pushed(client, [insert])
    assert again["status"] == "duplicate"
    assert again["row_version"] == first["row_version"]
    [record] = server_records(env.server.database_url, row_id=sid)
    assert record.row_version == 1


def test_different_fields_merge_and_the_same_field_conflicts(env: Env) -> None:
    sid = _officer_school(env, "Mānuka School")
    officer, supervisor = env.client("officer"), env.client("supervisor")
    # Both start from version 1; the supervisor's phone change lands first (version 2).
    [first] = pushed(
        supervisor, [change("schools", sid, sid, {"phone": "09 111 1111"}, "update", 1)]
    )
    assert (first["status"], first["row_version"]) == ("applied", 2)

    # Different field from the same base: merged without asking.
    [merged] = pushed(officer, [change("schools", sid, sid, {"roll": 320}, "update", 1)])
    assert (merged["status"], merged["row_version"], merged["conflicts"]) == ("applied", 3, [])

    # Same field, different value, stale base: a conflict naming both values.
    [clash] = pushed(
        officer,
        [change("schools", sid, sid, {"phone": "09 222 2222", "area": "North"}, "update", 1)],
    )
    assert clash["status"] == "merged"
    assert clash["conflicts"] == [
        {"field": "phone", "mine": "09 222 2222", "theirs": "09 111 1111", "theirs_version": 2}
    ]
    [record] = server_records(env.server.database_url, row_id=sid)
    assert record.fields["phone"] == "09 111 1111"
    assert record.fields["roll"] == 320
    assert record.fields["area"] == "North"
    assert record.row_version == 4
    assert record.field_versions["phone"] == 2
    assert record.field_versions["area"] == 4

    # Only conflicting fields: nothing taken, nothing changes.
    [refused] = pushed(officer, [change("schools", sid, sid, {"phone": "09 333"}, "update", 1)])
    assert refused["status"] == "conflict"
    assert server_records(env.server.database_url, row_id=sid)[0].row_version == 4

    # The same value as the server's is not a conflict even from a stale base.
    [same] = pushed(officer, [change("schools", sid, sid, {"phone": "09 111 1111"}, "update", 1)])
    assert same["status"] == "applied"


def test_tombstones_travel_in_pull_and_stay_deleted(env: Env) -> None:
    sid = _officer_school(env, "Pōhutukawa School")
    pid = new_id()
    client = env.client("officer")
    pushed(client, [change("people", pid, sid, person_fields(sid, "Rāwiri Smith"))])
    cursor = max(r["seq"] for r in pull_all(client))

    [deleted] = pushed(client, [change("people", pid, sid, {"deleted_at": "x"}, "delete", 1)])
    assert (deleted["status"], deleted["row_version"]) == ("applied", 2)

    page = pull_all(client, cursor)
    assert [(r["row_id"], r["deleted"], r["row_version"]) for r in page] == [(pid, True, 2)]
    # An edit made elsewhere before the delete arrived does not bring the row back.
    [late] = pushed(client, [change("people", pid, sid, {"name": "Rāwiri S."}, "update", 1)])
    assert late["status"] == "conflict"
    assert server_records(env.server.database_url, row_id=pid)[0].deleted is True


def test_pull_pages_in_seq_order_and_filters_to_visible_schools(env: Env) -> None:
    officer = env.client("officer")
    start = max((r["seq"] for r in pull_all(env.client("admin"))), default=0)
    sid = _officer_school(env, "Kahikatea School")
    people = [new_id() for _ in range(7)]
    pushed(
        officer,
        [change("people", p, sid, person_fields(sid, f"Person {i}")) for i, p in enumerate(people)],
    )
    other_sid = new_id()
    pushed(env.client("other_officer"), [new_school(other_sid, "Elsewhere School")])

    pages = []
    cursor = start
    while True:
        body = officer.get("/sync/pull", params={"cursor": cursor, "limit": 3}).json()
        pages.append(body["records"])
        cursor = body["next_cursor"]
        if not body["more"]:
            break
    records = [r for page in pages for r in page]
    assert [len(p) for p in pages] == [3, 3, 2]
    assert [r["row_id"] for r in records] == [sid, *people]
    seqs = [r["seq"] for r in records]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert other_sid not in {r["school_id"] for r in pull_all(officer)}
    assert other_sid in {r["school_id"] for r in pull_all(env.client("admin"), start)}
    # Nothing new: the cursor stays where it is.
    empty = officer.get("/sync/pull", params={"cursor": cursor}).json()
    assert empty == {"records": [], "next_cursor": cursor, "more": False}


def test_summary_digest_follows_the_documented_algorithm(env: Env) -> None:
    sid = _officer_school(env, "Karaka School")
    client = env.client("officer")
    pid = new_id()
    pushed(client, [change("people", pid, sid, person_fields(sid, "Aroha"))])
    pushed(client, [change("people", pid, sid, {}, "delete", 1)])

    summary = client.get("/sync/summary").json()["schools"][sid]

    lines = sorted([f"schools:{sid}:1", f"people:{pid}:2"])
    expected = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    assert summary == {"count": 2, "digest": expected}


def test_school_refetch_returns_every_record_of_that_school(env: Env) -> None:
    sid = _officer_school(env, "Tītoki School")
    pid = new_id()
    pushed(env.client("officer"), [change("people", pid, sid, person_fields(sid, "Mere"))])
    body = env.client("supervisor").get(f"/sync/school/{sid}").json()
    assert {(r["table"], r["row_id"]) for r in body["records"]} == {
        ("schools", sid),
        ("people", pid),
    }


def test_officer_cannot_see_or_change_another_districts_school(env: Env) -> None:
    sid = _officer_school(env, "Private Matters School")
    pid = new_id()
    pushed(env.client("officer"), [change("people", pid, sid, person_fields(sid, "Secret Name"))])
    outsider = env.client("other_officer")

    fetched = outsider.get(f"/sync/school/{sid}")
    assert fetched.status_code == 403
    assert set(fetched.json()) == {"error", "message"}
    assert "Secret Name" not in fetched.text and "Private Matters" not in fetched.text

    # One forbidden change refuses the whole batch: its own new school is not created either.
    own = new_id()
    refused = push(
        outsider,
        [
            new_school(own, "Outsider School"),
            change("people", pid, sid, {"name": "Hacked"}, "update", 1),
        ],
    )
    assert refused.status_code == 403
    assert refused.json()["error"] == "forbidden"
    assert server_records(env.server.database_url, row_id=own) == []
    assert server_records(env.server.database_url, row_id=pid)[0].fields["name"] == "Secret Name"


def test_supervisor_sees_the_whole_district_but_not_others(env: Env) -> None:
    mine = _officer_school(env, "Kauri School")
    other = new_id()
    pushed(env.client("other_officer"), [new_school(other, "Far Away School")])
    supervisor = env.client("supervisor")
    schools = supervisor.get("/sync/summary").json()["schools"]
    assert mine in schools and other not in schools
    assert supervisor.get(f"/sync/school/{other}").status_code == 403
    # The supervisor may edit the officer's school.
    [result] = pushed(
        supervisor, [change("schools", mine, mine, {"cluster": "Kāhui Ako"}, "update", 1)]
    )
    assert result["status"] == "applied"

    # A school of the district that is not assigned to the officer stays out of their view.
    unassigned = new_id()
    pushed(supervisor, [new_school(unassigned, "Unassigned School")])
    officer = env.client("officer")
    assert unassigned not in officer.get("/sync/summary").json()["schools"]
    assert officer.get(f"/sync/school/{unassigned}").status_code == 403
    denied = push(officer, [change("schools", unassigned, unassigned, {"roll": 1}, "update", 1)])
    assert denied.status_code == 403


def test_concurrent_pushes_get_distinct_ordered_seqs(env: Env) -> None:
    """Serialised pushes: every record gets its own seq and a pull from any cursor sees all."""
    start = max((r["seq"] for r in pull_all(env.client("admin"))), default=0)
    clients = [env.client("officer"), env.client("supervisor"), env.client("admin")]
    sid = _officer_school(env, "Busy School")

    def send(i: int) -> int:
        client = clients[i % len(clients)]
        rows = [change("people", new_id(), sid, person_fields(sid, f"P{i}-{j}")) for j in range(5)]
        return push(client, rows).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(send, range(12)))
    assert codes == [200] * 12
    records = [r for r in pull_all(env.client("admin"), start) if r["school_id"] == sid]
    assert len(records) == 1 + 12 * 5
    seqs = [r["seq"] for r in records]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_a_puller_running_alongside_pushes_misses_nothing(env: Env) -> None:
    """Seqs become visible in order: a cursor that moves past a seq never leaves a
    smaller one behind that commits later."""
    admin = env.client("admin")
    cursor = max((r["seq"] for r in pull_all(admin)), default=0)
    sid = _officer_school(env, "Racing School")
    pushers = [env.client("officer"), env.client("supervisor")]
    sent: set[str] = {sid}

    def send(i: int) -> None:
        rows = [change("people", new_id(), sid, person_fields(sid, f"R{i}-{j}")) for j in range(20)]
        sent.update(r["row_id"] for r in rows)
        assert push(pushers[i % 2], rows).status_code == 200

    seen: set[str] = set()
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(send, i) for i in range(16)]
        while not all(f.done() for f in futures):
            body = admin.get("/sync/pull", params={"cursor": cursor, "limit": 50}).json()
            seen.update(r["row_id"] for r in body["records"])
            cursor = body["next_cursor"]
        for f in futures:
            f.result()
    seen.update(r["row_id"] for r in pull_all(admin, cursor))
    assert sent <= seen


def test_audit_entries_are_stored_once(env: Env) -> None:
    sid = _officer_school(env, "Audit School")
    entry = {
        "id": new_id(),
        "at": "2026-03-01T09:00:00+00:00",
        "actor": "officer.aroha",
        "device_id": "dev",
        "table": "schools",
        "row_id": sid,
        "school_id": sid,
        "operation": "update",
        "changes": {"roll": [300, 320]},
        "prev_hash": "0" * 64,
        "hash": "a" * 64,
    }
    client = env.client("officer")
    for _ in range(2):
        assert push(client, [], audit=[entry]).status_code == 200
    engine = create_engine(env.server.database_url)
    with Session(engine) as session:
        stored = session.scalars(
            select(ClientAuditEntry).where(ClientAuditEntry.id == entry["id"])
        ).all()
        total = session.scalar(
            select(func.count())
            .select_from(ClientAuditEntry)
            .where(ClientAuditEntry.id == entry["id"])
        )
    engine.dispose()
    assert total == 1
    assert stored[0].entry == entry


def _audit_entry(school_id: str, **extra: object) -> dict[str, object]:
    return {
        "id": new_id(),
        "at": "2026-03-01T09:00:00+00:00",
        "actor": "someone",
        "device_id": "dev",
        "table": "schools",
        "row_id": school_id,
        "school_id": school_id,
        "operation": "update",
        "changes": {"notes": ["", "written by an outsider"]},
        "prev_hash": "0" * 64,
        "hash": "b" * 64,
        **extra,
    }


def _stored_audit_ids(env: Env, ids: list[str]) -> set[str]:
    engine = create_engine(env.server.database_url)
    with Session(engine) as session:
        found = set(
            session.scalars(select(ClientAuditEntry.id).where(ClientAuditEntry.id.in_(ids)))
        )
    engine.dispose()
    return found


def test_audit_entries_for_a_school_the_user_may_not_see_are_not_stored(env: Env) -> None:
    theirs = _officer_school(env, "Someone Else's School")
    outsider = env.client("other_officer")
    own = new_id()
    made_offline = new_id()  # a school the server has not seen yet (its change comes later)
    entries = [_audit_entry(theirs), _audit_entry(own), _audit_entry(made_offline)]
    answer = push(outsider, [new_school(own, "Outsider School")], audit=entries)
    assert answer.status_code == 200, answer.text
    stored = _stored_audit_ids(env, [str(e["id"]) for e in entries])
    assert stored == {entries[1]["id"], entries[2]["id"]}
    # The school's own officer may write its trail.
    mine = _audit_entry(theirs)
    assert push(env.client("officer"), [], audit=[mine]).status_code == 200
    assert _stored_audit_ids(env, [str(mine["id"])]) == {mine["id"]}


def test_a_full_batch_of_2000_changes_is_one_transaction(env: Env) -> None:
    sid = _officer_school(env, "Big Batch School")
    repeated = change("people", new_id(), sid, person_fields(sid, "Twice"))
    changes = [repeated] + [
        change("people", new_id(), sid, person_fields(sid, f"Person {i}")) for i in range(1998)
    ]
    results = pushed(env.client("officer"), [*changes, repeated])
    assert len(results) == 2000
    assert [r["status"] for r in results[:-1]] == ["applied"] * 1999
    assert results[-1]["status"] == "duplicate"  # the same change twice in one batch
    assert len(server_records(env.server.database_url, school_id=sid)) == 1 + 1999
