"""Handing out seqs so that they become visible in order, without making every push in
the country wait for every other one.

A pull asks for records with ``seq > cursor``, so a seq must never become visible after a
larger one: a device that had already moved past it would skip that change for good.
The rule that guarantees it: a transaction takes its seqs with ``reserve`` as its last
step before committing, and ``reserve`` locks the one counter row until the commit.
Seqs are therefore committed in the order they were taken. Everything before that (reading
the records, the conflict rules, the change log, the audit entries) runs concurrently;
only the final write of the records themselves and the commit wait their turn.

PostgreSQL: the ``UPDATE … RETURNING`` takes the row lock; a second transaction waits on
it and then reads the value the first one committed (READ COMMITTED re-reads the row).
SQLite: every write transaction holds the database's write lock from its start
(``BEGIN IMMEDIATE``), so the same order holds trivially.
"""

from __future__ import annotations

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session

from server.models import SeqCounter

_COUNTER: Table = SeqCounter.__table__  # type: ignore[assignment]
_TAKE = (  # built once: every push runs it
    update(_COUNTER)
    .where(_COUNTER.c.id == 1)
    .values(value=_COUNTER.c.value + bindparam("count"))
    .returning(_COUNTER.c.value)
)


def reserve(session: Session, count: int) -> int:
    """Take ``count`` consecutive seqs; returns the first. Call it last: the counter
    stays locked until this transaction ends."""
    last = session.execute(_TAKE, {"count": count}).scalar_one()
    return int(last) - count + 1
