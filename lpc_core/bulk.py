"""Many rows written in one statement, fast on SQLite.

SQLAlchemy's ``executemany`` runs every value of every row through the column type's bind
processing and builds a parameter dict per row: for the thousands of rows of a push or a
pulled page that costs more than the inserts themselves. Here each column's processing
is looked up once and the rows go to the driver as tuples, through the same connection
and transaction. Other databases keep SQLAlchemy's statements (their drivers batch them,
and PostgreSQL's JSON parameters need SQLAlchemy's casts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, update


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``INSERT`` of many rows that all have the same keys."""
    names = list(rows[0])
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    quote = conn.dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(table.c[n].name) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    conn.exec_driver_sql(sql, _tuples(conn, table, names, rows))


def update_many(
    conn: Connection, table: Table, keys: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    """``UPDATE … WHERE`` the ``keys`` columns match, for many rows with the same keys;
    every other key of a row is a column to set."""
    values = [n for n in rows[0] if n not in keys]
    if conn.dialect.name != "sqlite":
        c = table.c
        stmt = (
            update(table)
            .where(*(c[k] == bindparam(f"k_{k}") for k in keys))
            .values({n: bindparam(f"v_{n}") for n in values})
        )
        conn.execute(
            stmt,
            [{**{f"k_{k}": r[k] for k in keys}, **{f"v_{n}": r[n] for n in values}} for r in rows],
        )
        return
    quote = conn.dialect.identifier_preparer.quote
    sql = (
        f"UPDATE {quote(table.name)} "
        f"SET {', '.join(f'{quote(table.c[n].name)} = ?' for n in values)} "
        f"WHERE {' AND '.join(f'{quote(table.c[k].name)} = ?' for k in keys)}"
    )
    conn.exec_driver_sql(sql, _tuples(conn, table, [*values, *keys], rows))


def _tuples(
    conn: Connection, table: Table, names: list[str], rows: list[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """The rows as the driver takes them, each value through its column type's own bind
    processing (JSON text, naive UTC time), looked up once per column."""
    dialect = conn.dialect
    steps = [
        (n, _same_once(table.c[n].type.dialect_impl(dialect).bind_processor(dialect)))
        for n in names
    ]
    return [tuple([r[n] if f is None else f(r[n]) for n, f in steps]) for r in rows]


def _same_once(process: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """``process`` that hands back its last answer when given the same object again (a
    push stamps every row with one ``now``: one conversion, not one per row)."""
    if process is None:
        return None
    last: list[Any] = [_UNSET, None]

    def once(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, process(value)
        return last[1]

    return once


_UNSET = object()
