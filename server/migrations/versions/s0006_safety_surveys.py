"""Perception surveys and Police data rows become synced tables

Revision ID: s0006
Revises: s0005
Create Date: 2026-12-03 22:50:00.000000

Client revision 0010 added two synced tables: perceptions-of-safety surveys and the rows
of a school profile's Police data table. The server keeps every synced record as JSON
in its one records table and learns the table names from the app's models, so it needs
no new column or table and holds no rows of either kind yet. This revision marks the
point from which the server accepts them, so a server's revision says which clients it
can serve.
"""

from collections.abc import Sequence

revision: str = "s0006"
down_revision: str | None = "s0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the records table already holds any synced table's rows."""


def downgrade() -> None:
    """Nothing to undo."""
