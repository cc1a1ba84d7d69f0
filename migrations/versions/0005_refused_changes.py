"""refused changes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 13:18:10.949038

A change the district server refused for good (403/422) is set aside in sync_conflicts
(kind "refused", with the server's message) instead of blocking every later push.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), server_default="field", nullable=False)
        )
        batch_op.add_column(sa.Column("message", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.drop_column("message")
        batch_op.drop_column("kind")
