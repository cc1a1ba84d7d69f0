"""A national-size server store written straight into PostgreSQL with ``COPY``.

Going through the API would mean 1,200 Argon2 sign-ins and 250,000 validated changes:
an hour on a small machine. The rows written here are what the API would have written
(school records carry every content field, contacts pass the app's validation), so the
server cannot tell the difference.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from server.db import open_database
from server.schools import school_defaults
from server.security import hash_password, token_hash

DISTRICTS = (
    "Northland",
    "Waitematā",
    "Auckland City",
    "Counties Manukau",
    "Waikato",
    "Bay of Plenty",
    "Eastern",
    "Central",
    "Wellington",
    "Tasman",
    "Canterbury",
    "Southern",
)
PASSWORD = "bench password, not a secret"


@dataclass(frozen=True)
class Size:
    districts: int
    schools: int
    records: int  # every synced record, schools included
    devices: int  # one officer and one signed-in device each


NATIONAL = Size(districts=12, schools=2_500, records=250_000, devices=1_200)
SMOKE = Size(districts=2, schools=20, records=200, devices=8)


@dataclass
class Officer:
    """One signed-in device: its token, its schools and their contacts (id -> school)."""

    username: str
    token: str
    school_ids: list[str]
    school_of: dict[str, str] = field(default_factory=dict)

    @property
    def people(self) -> list[str]:
        return list(self.school_of)


@dataclass
class Seeded:
    officers: list[Officer]
    head_seq: int  # the counter after seeding: where every device's cursor starts


def libpq(url: str) -> str:
    u = make_url(url)
    parts = {
        "host": u.host or "127.0.0.1",
        "port": u.port or 5432,
        "user": u.username or "postgres",
        "dbname": u.database or "postgres",
    }
    if u.password:
        parts["password"] = u.password
    return " ".join(f"{k}={v}" for k, v in parts.items())


def _copy(cur: psycopg.Cursor[Any], table: str, columns: tuple[str, ...], rows: Any) -> None:
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def seed(url: str, size: Size) -> Seeded:
    """Migrate an empty database and fill it; returns the devices' tokens and schools."""
    open_database(url).dispose()  # the server's own migrations make the tables
    now = datetime.now(UTC)
    password_hash = hash_password(PASSWORD)  # one hash for all: Argon2 is slow on purpose
    school_ids = [str(uuid.uuid4()) for _ in range(size.schools)]
    district_of = [1 + i % size.districts for i in range(size.schools)]
    officers = [
        Officer(f"officer.{i:04d}", f"bench-token-{i:04d}-{uuid.uuid4().hex}", [])
        for i in range(size.devices)
    ]
    # About two schools each, every school with an officer of its own district: school i
    # goes to the officer whose number follows it round the districts.
    for i, sid in enumerate(school_ids):
        officers[i % size.devices].school_ids.append(sid)
    defaults = school_defaults()
    people_per_school = max(1, (size.records - size.schools) // size.schools)
    seq = 0
    record_rows: list[tuple[Any, ...]] = []
    people_of: dict[str, list[str]] = {sid: [] for sid in school_ids}
    for i, sid in enumerate(school_ids):
        seq += 1
        fields = {
            **defaults,
            "name": f"Bench School {i:04d}",
            "moe_number": 10_000 + i,
            "district": DISTRICTS[district_of[i] - 1],
        }
        record_rows.append(_record("schools", sid, sid, fields, seq, now))
        for p in range(people_per_school):
            seq += 1
            pid = str(uuid.uuid4())
            people_of[sid].append(pid)
            person = {
                "school_id": sid,
                "name": f"Contact {i:04d}-{p:03d}",
                "role": "other",
                "role_detail": "",
                "email": "",
                "phone": "",
            }
            record_rows.append(_record("people", pid, sid, person, seq, now))
    for officer in officers:
        for sid in officer.school_ids:
            officer.school_of.update(dict.fromkeys(people_of[sid], sid))

    with psycopg.connect(libpq(url)) as conn, conn.cursor() as cur:
        _copy(
            cur,
            "districts",
            ("id", "name", "created_at"),
            ((d + 1, DISTRICTS[d], now) for d in range(size.districts)),
        )
        _copy(
            cur,
            "users",
            (
                "id",
                "username",
                "password_hash",
                "role",
                "district_id",
                "created_at",
                "disabled",
                "must_change_password",
            ),
            (
                (
                    n + 1,
                    o.username,
                    password_hash,
                    "officer",
                    1 + n % size.districts,
                    now,
                    False,
                    False,
                )
                for n, o in enumerate(officers)
            ),
        )
        _copy(
            cur,
            "devices",
            ("id", "user_id", "client_device_id", "name", "token_hash", "revoked", "created_at"),
            (
                (n + 1, n + 1, str(uuid.uuid4()), "bench laptop", token_hash(o.token), False, now)
                for n, o in enumerate(officers)
            ),
        )
        _copy(
            cur,
            "school_registry",
            ("id", "district_id", "name", "moe_number", "created_at"),
            (
                (sid, district_of[i], f"Bench School {i:04d}", 10_000 + i, now)
                for i, sid in enumerate(school_ids)
            ),
        )
        _copy(
            cur,
            "assignments",
            ("user_id", "school_id", "created_at"),
            ((n + 1, sid, now) for n, o in enumerate(officers) for sid in o.school_ids),
        )
        _copy(
            cur,
            "records",
            (
                "table_name",
                "row_id",
                "school_id",
                "fields",
                "row_version",
                "field_versions",
                "deleted",
                "seq",
                "updated_at",
            ),
            record_rows,
        )
        for table in ("districts", "users", "devices"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cur.execute("UPDATE seq_counter SET value = %s WHERE id = 1", (seq,))
        conn.commit()
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # planner statistics, as a store in service has them
    return Seeded(officers, seq)


def _record(
    table: str, row_id: str, school_id: str, fields: dict[str, Any], seq: int, now: datetime
) -> tuple[Any, ...]:
    return (
        table,
        row_id,
        school_id,
        json.dumps(fields, ensure_ascii=False),
        1,
        json.dumps(dict.fromkeys(fields, 1)),
        False,
        seq,
        now,
    )
