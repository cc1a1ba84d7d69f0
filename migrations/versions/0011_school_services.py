"""school services (the NZ operating model's tiers)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 23:00:00.000000

A new table records which kinds of Police service each school receives, in the NZ
operating model's terms (relationship and information sharing, education programmes,
traffic safety team, school-wide intervention); a school may have several. Nothing
stored before moves; the UK needs audit and its level stay as they were.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "school_services",
        sa.Column("school_id", sa.String(length=36), nullable=False),
        sa.Column("tier", sa.String(length=40), nullable=False),
        sa.Column("details", sa.String(length=500), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", app.models.base.UTCDateTime(), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_school_services_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_services")),
    )
    with op.batch_alter_table("school_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_school_services_school_id"), ["school_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("school_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_services_school_id"))
    op.drop_table("school_services")
