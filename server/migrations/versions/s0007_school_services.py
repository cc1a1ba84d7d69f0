"""School services become a synced table

Revision ID: s0007
Revises: s0006
Create Date: 2026-12-03 23:00:00.000000

Client revision 0011 added the table of each school's Police services (the NZ operating
model's tiers). The server keeps every synced record as JSON in its one records table
and learns table names from the app's models, so nothing changes in its store; this
revision marks the point from which it accepts them.
"""

from collections.abc import Sequence

revision: str = "s0007"
down_revision: str | None = "s0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the records table already holds any synced table's rows."""


def downgrade() -> None:
    """Nothing to undo."""
