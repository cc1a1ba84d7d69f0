"""Community organisations stored before they had a kind

Revision ID: s0005
Revises: s0004
Create Date: 2026-12-03 22:20:00.000000

Client revision 0008 gave each community organisation a kind and set "other" on the rows
each laptop already held. The server keeps records as JSON, so it needs no new column;
this revision writes the same value into the organisations it holds, so a laptop that
first pulls one gets what an upgraded laptop holding it has. A kind a newer client
already pushed is kept. Versions and sequence numbers are left alone. The new Police
roles need nothing: a role is a value checked against the app's vocabulary, and every
value stored before is still in it.
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "s0005"
down_revision: str | None = "s0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "community_organisations"
DEFAULT_KIND = "other"  # copied from client revision 0008

records = sa.table(
    "records",
    sa.column("table_name", sa.String),
    sa.column("row_id", sa.String),
    sa.column("fields", sa.JSON),
)


def _rewrite(change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(records.c.row_id, records.c.fields).where(records.c.table_name == TABLE)
    ).all()
    for row_id, fields in rows:
        if not fields:  # a tombstone for a row the server never saw carries no fields
            continue
        conn.execute(
            records.update()
            .where(records.c.table_name == TABLE, records.c.row_id == row_id)
            .values(fields=change(fields))
        )


def upgrade() -> None:
    _rewrite(lambda fields: {"kind": DEFAULT_KIND, **fields})


def downgrade() -> None:
    _rewrite(lambda fields: {k: v for k, v in fields.items() if k != "kind"})
