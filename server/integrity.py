"""Records the server takes in are whole, and their references point somewhere.

The rule (docs/sync-protocol.md, "What the server refuses"):

- A change that creates a record on the server (the server holds no row with that table
  and id yet, whatever its ``op``) must carry every field the app's forms require, as
  ``lpc_core.validation.missing_on_insert`` says.
- Every reference a change sets (``plan_id``, ``aim_id``, ``outcome_id`` …) must name a
  record of the referenced table, in the same school, that the server already holds
  (a deleted one counts: it is kept as a tombstone) or that a change in the same batch
  creates, before or after it in the batch.
- Anything else is refused with 422 naming the field. A record whose parent would only
  come in a later batch is refused too: the app pushes its outbox in the order the
  records were made, so a parent always travels before or with its children, unless the
  parent was itself refused and set aside; the child then waits beside it.

Changes for a school the user may not see are left to the access check (403).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.models import MODEL_BY_TABLE
from lpc_core.validation import missing_on_insert
from server.errors import invalid
from server.models import Record
from server.push_state import PushState, chunks
from server.schemas import ChangeIn

Key = tuple[str, str]  # (table, row_id)


def _references(table: str) -> dict[str, str]:
    """{field: referenced table} for the references of ``table`` other than school_id
    (which is checked against the change's own school)."""
    columns = MODEL_BY_TABLE[table].__table__.columns  # type: ignore[attr-defined]
    return {
        c.key: next(iter(c.foreign_keys)).column.table.name
        for c in columns
        if c.foreign_keys and c.key != "school_id"
    }


def _label(table: str) -> str:
    """What an officer calls a record of ``table`` ("annual plan"), for messages."""
    return str(getattr(MODEL_BY_TABLE[table], "__label__", table))


def check_new_records(state: PushState, changes: list[ChangeIn]) -> None:
    """Refuse the batch (422, naming the field) if a record it creates lacks a required
    field or any change refers to a record that is nowhere."""
    created: dict[Key, str] = {}  # every record this batch creates -> its school
    seen: set[Key] = set()
    for c in changes:
        key = (c.table, c.row_id)
        if key not in seen:  # a first change that deletes leaves a tombstone, not a record
            seen.add(key)
            if c.op != "delete" and state.row(*key) is None:
                created[key] = c.school_id
    new_schools = {row_id for (table, row_id) in created if table == "schools"}
    wanted: list[tuple[str, ChangeIn, str, Key]] = []
    first_seen: set[Key] = set()
    for i, c in enumerate(changes):
        key = (c.table, c.row_id)
        if c.op == "delete" or state.earlier.get(c.change_id) is not None:
            continue
        if not (state.visible.get(c.school_id) or c.school_id in new_schools):
            continue  # refused as a whole by the access check
        if key in created and key not in first_seen:
            first_seen.add(key)
            missing = missing_on_insert(MODEL_BY_TABLE[c.table], c.fields)
            if missing:
                error = missing[0]
                raise invalid(
                    f"changes[{i}].fields.{error.field}",
                    f"{error.message}: the server has no {_label(c.table)} {c.row_id} yet, "
                    "so this change must carry all of it",
                )
        for field, target in _references(c.table).items():
            value = c.fields.get(field)
            if value is not None:
                wanted.append((f"changes[{i}].fields.{field}", c, str(value), (target, value)))
    _check_references(state, wanted, created)


def _check_references(
    state: PushState, wanted: list[tuple[str, ChangeIn, str, Key]], created: dict[Key, str]
) -> None:
    held: dict[Key, str] = {}
    by_table: dict[str, set[str]] = {}
    for _where, _c, _v, key in wanted:
        if key not in created:
            by_table.setdefault(key[0], set()).add(key[1])
    for table, ids in by_table.items():
        for part in chunks(sorted(ids)):
            rows: Any = state.session.execute(
                select(Record.row_id, Record.school_id).where(
                    Record.table_name == table, Record.row_id.in_(part)
                )
            )
            held.update({(table, row_id): school for row_id, school in rows})
    for where, change, value, key in wanted:
        school = created.get(key, held.get(key))
        if school is None:
            raise invalid(
                where,
                f"refers to the {_label(key[0])} {value}, which the server does not hold; "
                "send that record first (or in the same batch)",
            )
        if school != change.school_id:
            raise invalid(where, f"refers to the {_label(key[0])} {value} of another school")
