"""Attachment contents held by the server

Revision ID: s0010
Revises: s0009
Create Date: 2026-12-04 03:00:00

Issue 16 point 2: the bytes of attached files travel to the server, content-addressed
by SHA-256 and in chunks (docs/sync-protocol.md, "Attachments"). Two new tables; nothing
existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "s0010"
down_revision: str | None = "s0009"  # after the knowledge bank (merged in this order)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachment_contents",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chunk_size", sa.Integer(), nullable=False),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("completed_at", app.models.base.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_contents")),
    )
    op.create_table(
        "attachment_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachment_contents.sha256"],
            name=op.f("fk_attachment_chunks_sha256_attachment_contents"),
        ),
        sa.PrimaryKeyConstraint("sha256", "seq", name=op.f("pk_attachment_chunks")),
    )


def downgrade() -> None:
    op.drop_table("attachment_chunks")
    op.drop_table("attachment_contents")
