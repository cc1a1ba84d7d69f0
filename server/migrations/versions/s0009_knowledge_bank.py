"""The knowledge bank: narratives submitted, returned and published

Revision ID: s0009
Revises: s0008
Create Date: 2026-12-04 03:00:00.000000

Client revision 0013 added the knowledge bank. Its entries are not records of the
generic store (a published entry is seen by every district, and only a supervisor of
the school's district publishes it), so they get a table of their own. On PostgreSQL a
GIN index over the entry's words as a ``tsvector`` serves the search endpoint; SQLite
has no such index and the server falls back to matching words (``server.knowledge_search``).
Nothing stored before changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "s0009"
down_revision: str | None = "s0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_INDEX = "ix_knowledge_entries_search_text_tsvector"  # server.models.SEARCH_INDEX


def upgrade() -> None:
    op.create_table(
        "knowledge_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("school_id", sa.String(length=36), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("author_user_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("problem_type", sa.String(length=40), nullable=False),
        sa.Column("school_type", sa.String(length=40), nullable=False),
        sa.Column("aims_result", sa.String(length=40), nullable=False),
        sa.Column("response_kinds", sa.String(length=500), nullable=False),
        sa.Column("review_comment", sa.Text(), nullable=False),
        sa.Column("reviewed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("reviewed_at", app.models.base.UTCDateTime(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_user_id"], ["users.id"], name=op.f("fk_knowledge_entries_author_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_knowledge_entries_district_id_districts"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_user_id"],
            ["users.id"],
            name=op.f("fk_knowledge_entries_reviewed_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school_registry.id"],
            name=op.f("fk_knowledge_entries_school_id_school_registry"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_entries")),
        sa.UniqueConstraint("seq", name=op.f("uq_knowledge_entries_seq")),
    )
    with op.batch_alter_table("knowledge_entries", schema=None) as batch_op:
        for column in ("author_user_id", "district_id", "school_id", "state"):
            batch_op.create_index(batch_op.f(f"ix_knowledge_entries_{column}"), [column])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX {SEARCH_INDEX} ON knowledge_entries "
            "USING gin (to_tsvector('simple', search_text))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX {SEARCH_INDEX}")
    with op.batch_alter_table("knowledge_entries", schema=None) as batch_op:
        for column in ("author_user_id", "district_id", "school_id", "state"):
            batch_op.drop_index(batch_op.f(f"ix_knowledge_entries_{column}"))
    op.drop_table("knowledge_entries")
