"""community organisation kinds

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 22:20:00.000000

A community organisation records its kind (iwi/marae, social service, health, council,
other), as the NZ engagement model names them. Existing organisations become "other":
the app cannot tell a marae from a council by its name, and the officer can choose the
kind on the next edit. New Police roles need nothing here: a role is stored as its value
in a text column, and every value stored before stays valid.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("community_organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=40), nullable=True))
    op.execute(sa.text("UPDATE community_organisations SET kind = 'other'"))
    with op.batch_alter_table("community_organisations", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=sa.String(length=40), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("community_organisations", schema=None) as batch_op:
        batch_op.drop_column("kind")
