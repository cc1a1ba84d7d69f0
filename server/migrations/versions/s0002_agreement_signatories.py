"""Agreements and plans stored before signatories and structured protocols

Revision ID: s0002
Revises: s0001
Create Date: 2026-12-03 19:40:00.000000

Client revision 0007 gave the agreement its signatories and field-by-field protocols and
the annual plan its sign-off, and wrote values into the rows each laptop already held:
blank text, the default legal basis, and the agreement's review date as the protocol's.
The server keeps records as JSON, so it needs no new column; this revision writes the same
values into the agreements and plans it already holds, so a laptop that first pulls one
of them gets exactly what an upgraded laptop holding it has. Versions and sequence numbers
are left alone: nothing changed that a device has to fetch again.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "s0002"
down_revision: str | None = "s0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied from client revision 0007 so later edits there cannot change what this wrote.
DEFAULT_LEGAL_BASIS = (
    "Information is collected, used, stored and disclosed in line with the Privacy Act 2020 "
    "and its information privacy principles. Disclosure without consent relies on the "
    "exceptions the Act allows, such as preventing or lessening a serious threat to a "
    "person's safety, or maintaining the law."
)
BLANK = {
    "partnership_agreements": (
        "sharing_from_police",
        "sharing_from_school",
        "sharing_storage",
        "sharing_disclosure",
        "serious_police_action",
        "serious_school_process",
        "serious_recording",
        "board_signatory",
        "supervisor_signatory",
        "supervisor_signatory_role",
    ),
    "annual_plans": (
        "school_agreed_by",
        "school_agreed_by_role",
        "police_agreed_by",
        "police_agreed_by_role",
    ),
}

records = sa.table(
    "records",
    sa.column("table_name", sa.String),
    sa.column("row_id", sa.String),
    sa.column("fields", sa.JSON),
)


def _filled(table: str, fields: dict[str, Any]) -> dict[str, Any]:
    added: dict[str, Any] = dict.fromkeys(BLANK[table], "")
    if table == "partnership_agreements":
        added["sharing_legal_basis"] = DEFAULT_LEGAL_BASIS
        added["sharing_review_on"] = fields.get("review_on")
    # A value a newer client already pushed wins over the default.
    return {**added, **fields}


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(records.c.table_name, records.c.row_id, records.c.fields).where(
            records.c.table_name.in_(list(BLANK))
        )
    ).all()
    for table, row_id, fields in rows:
        if not fields:  # a tombstone for a row the server never saw carries no fields
            continue
        conn.execute(
            records.update()
            .where(records.c.table_name == table, records.c.row_id == row_id)
            .values(fields=_filled(table, fields))
        )


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(records.c.table_name, records.c.row_id, records.c.fields).where(
            records.c.table_name.in_(list(BLANK))
        )
    ).all()
    for table, row_id, fields in rows:
        dropped = set(BLANK[table]) | {"sharing_legal_basis", "sharing_review_on"}
        kept = {k: v for k, v in (fields or {}).items() if k not in dropped}
        conn.execute(
            records.update()
            .where(records.c.table_name == table, records.c.row_id == row_id)
            .values(fields=kept)
        )
