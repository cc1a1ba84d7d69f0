"""A push keeps the school registry in step: offline-created schools, renames and MoE
numbers (unique in the registry), including several of them within one batch."""

from __future__ import annotations

import itertools

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from server.models import Assignment, RegistrySchool, User
from tests.server.conftest import (
    Env,
    change,
    new_id,
    person_fields,
    pull_all,
    pushed,
    school_fields,
    server_records,
)

_NUMBERS = itertools.count(50_001)


def _moe() -> int:
    """A MoE number no other test of this module's server uses (numbers are unique)."""
    return next(_NUMBERS)


def _registry(env: Env, *ids: str) -> dict[str, tuple[str, int | None]]:
    engine = create_engine(env.server.database_url)
    try:
        with Session(engine) as session:
            rows = session.scalars(select(RegistrySchool).where(RegistrySchool.id.in_(ids)))
            return {s.id: (s.name, s.moe_number) for s in rows}
    finally:
        engine.dispose()


def _assigned_to(env: Env, school_id: str) -> list[str]:
    engine = create_engine(env.server.database_url)
    try:
        with Session(engine) as session:
            return list(
                session.scalars(
                    select(User.username)
                    .join(Assignment, Assignment.user_id == User.id)
                    .where(Assignment.school_id == school_id)
                )
            )
    finally:
        engine.dispose()


def _school(sid: str, name: str, moe: int | None = None) -> dict[str, object]:
    return change("schools", sid, sid, school_fields(name, moe_number=moe))


def test_a_batch_of_new_schools_registers_and_assigns_each(env: Env) -> None:
    sids = [new_id() for _ in range(30)]
    numbers = [_moe() for _ in sids]
    changes = [
        _school(s, f"Batch School {i}", n)
        for i, (s, n) in enumerate(zip(sids, numbers, strict=True))
    ]
    changes += [change("people", new_id(), s, person_fields(s, "Whaea Ani")) for s in sids]

    results = pushed(env.client("officer"), changes)

    assert {r["status"] for r in results} == {"applied"}
    registry = _registry(env, *sids)
    assert registry == {
        s: (f"Batch School {i}", n) for i, (s, n) in enumerate(zip(sids, numbers, strict=True))
    }
    assert all(_assigned_to(env, s) == [env.users.officer] for s in sids[:3])
    seen = {r["row_id"] for r in pull_all(env.client("officer"))}
    assert set(sids) <= seen


def test_a_taken_moe_number_is_dropped_from_the_registry_not_the_record(env: Env) -> None:
    number = _moe()
    first, second, third = new_id(), new_id(), new_id()
    pushed(env.client("officer"), [_school(first, "Ōwairaka School", number)])
    # Another school with that number, then two new schools sharing a number in one batch.
    again = _moe()
    pushed(
        env.client("officer"),
        [
            _school(second, "Ōwairaka School (copy)", number),
            _school(third, "Twin A", again),
            _school(sid4 := new_id(), "Twin B", again),
        ],
    )

    registry = _registry(env, first, second, third, sid4)
    assert registry[first] == ("Ōwairaka School", number)
    assert registry[second] == ("Ōwairaka School (copy)", None)
    assert registry[third] == ("Twin A", again)
    assert registry[sid4] == ("Twin B", None)
    [record] = server_records(env.server.database_url, row_id=second)
    assert record.fields["moe_number"] == number  # the synced record keeps what was sent


def test_school_updates_rename_and_renumber_the_registry_in_order(env: Env) -> None:
    a, b, c = new_id(), new_id(), new_id()
    n1, n2, n3 = _moe(), _moe(), _moe()
    officer = env.client("officer")
    pushed(officer, [_school(a, "Kauri Park", n1), _school(b, "Rimu Park", n2)])

    results = pushed(
        officer,
        [
            # a gives up n1 for n3; b cannot take n3 (a has it) but keeps its new name;
            # a new school c takes the n1 that a gave up; then c is renamed and b, now
            # that n2 is its own, asks for n2 again (no change); a's roll leaves the registry be.
            change("schools", a, a, {"moe_number": n3, "name": "Kauri Park School"}, "update", 1),
            change("schools", b, b, {"moe_number": n3, "name": "Rimu Park School"}, "update", 1),
            _school(c, "Tōtara Park", n1),
            change("schools", c, c, {"name": "Tōtara Park School"}, "update", 1),
            change("schools", b, b, {"moe_number": n2}, "update", 2),
            change("schools", a, a, {"roll": 120}, "update", 2),
        ],
    )

    assert [r["status"] for r in results] == ["applied"] * 6
    assert _registry(env, a, b, c) == {
        a: ("Kauri Park School", n3),
        b: ("Rimu Park School", n2),
        c: ("Tōtara Park School", n1),
    }
    [record_b] = server_records(env.server.database_url, row_id=b)
    assert record_b.fields["moe_number"] == n2 and record_b.row_version == 3
    [record_a] = server_records(env.server.database_url, row_id=a)
    assert record_a.fields["roll"] == 120 and record_a.row_version == 3


def test_a_cleared_moe_number_frees_it_for_another_school(env: Env) -> None:
    a, b = new_id(), new_id()
    number = _moe()
    officer = env.client("officer")
    pushed(officer, [_school(a, "Harakeke School", number)])
    pushed(
        officer,
        [
            change("schools", a, a, {"moe_number": None}, "update", 1),
            _school(b, "Harakeke New School", number),
        ],
    )
    assert _registry(env, a, b) == {
        a: ("Harakeke School", None),
        b: ("Harakeke New School", number),
    }


def test_records_updated_twice_and_deleted_in_one_batch(env: Env) -> None:
    sid = new_id()
    officer = env.client("officer")
    pid, gone, never = new_id(), new_id(), new_id()
    pushed(
        officer,
        [_school(sid, "Kōtuku School"), change("people", gone, sid, person_fields(sid, "Gone"))],
    )
    results = pushed(
        officer,
        [
            change("people", pid, sid, person_fields(sid, "Mere")),
            change("people", pid, sid, {"email": "mere@example.school.nz"}, "update", 1),
            change("people", pid, sid, {"phone": "09 555 0101"}, "update", 2),
            change("people", gone, sid, {}, "delete", 1),
            change("people", gone, sid, {}, "delete", 2),
            change("people", never, sid, {}, "delete", 0),
            change("people", never, sid, {"name": "Back"}, "update", 1),
        ],
    )
    assert [(r["status"], r["row_version"]) for r in results] == [
        ("applied", 1),
        ("applied", 2),
        ("applied", 3),
        ("applied", 2),
        ("applied", 2),
        ("applied", 1),
        ("conflict", 1),
    ]
    assert results[4]["message"] == "Already deleted."
    records = {r.row_id: r for r in server_records(env.server.database_url, school_id=sid)}
    assert records[pid].fields["phone"] == "09 555 0101"
    assert records[pid].field_versions == {
        **dict.fromkeys(person_fields(sid, "x"), 1),
        "email": 2,
        "phone": 3,
    }
    assert (records[gone].deleted, records[gone].row_version) == (True, 2)
    assert (records[never].deleted, records[never].fields) == (True, {})
    seqs = [r.seq for r in records.values()]
    assert len(set(seqs)) == len(seqs)
