"""perception surveys and Police data rows

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 22:50:00.000000

Two new tables: a school's perceptions-of-safety surveys (several a year, one respondent
group each) and the rows of a school profile's Police data table (period, area,
category, count). Both are new, so no stored value moves; the profile keeps its free-text
Police data and its single perception choice beside them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sync_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", app.models.base.UTCDateTime(), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "safety_surveys",
        sa.Column("school_id", sa.String(length=36), nullable=False),
        sa.Column("surveyed_on", sa.Date(), nullable=False),
        sa.Column("respondents", sa.String(length=40), nullable=False),
        sa.Column("respondent_count", sa.Integer(), nullable=True),
        sa.Column("safe_at_school", sa.Float(), nullable=True),
        sa.Column("safe_travelling", sa.Float(), nullable=True),
        sa.Column("unsafe_places", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_safety_surveys_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_surveys")),
    )
    with op.batch_alter_table("safety_surveys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_safety_surveys_school_id"), ["school_id"], unique=False
        )
    op.create_table(
        "police_data_rows",
        sa.Column("school_id", sa.String(length=36), nullable=False),
        sa.Column("profile_id", sa.String(length=36), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=200), nullable=True),
        sa.Column("area", sa.String(length=200), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_police_data_rows_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["school_profiles.id"],
            name=op.f("fk_police_data_rows_profile_id_school_profiles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_police_data_rows")),
    )
    with op.batch_alter_table("police_data_rows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_police_data_rows_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_police_data_rows_profile_id"), ["profile_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("police_data_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_police_data_rows_profile_id"))
        batch_op.drop_index(batch_op.f("ix_police_data_rows_school_id"))
    op.drop_table("police_data_rows")
    with op.batch_alter_table("safety_surveys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_surveys_school_id"))
    op.drop_table("safety_surveys")
