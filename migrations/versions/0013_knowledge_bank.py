"""knowledge bank: published intervention narratives and their search index

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 03:00:00.000000

A school's citations of entries (``knowledge_citations``, synced with the school) say
where its SARA plan or a response draws on the bank. A new table keeps the knowledge
bank entries this device knows (its own submissions and
every published entry pulled from the server), each a snapshot of one narrative with its
year's aims, responses and reflection (``app/models/knowledge.py`` says why). Beside it,
an SQLite FTS5 table indexes their words for search offline.

Why the index keeps its own copy of the words instead of being an external-content table
over ``knowledge_entries``: an external-content index is joined on the integer rowid, and
a table whose key is a text id has only an implicit rowid, which VACUUM may renumber,
leaving the index pointing at the wrong rows. Triggers keep the copy in step with every
insert, update and delete, so no code path can forget it. ``unicode61`` with
``remove_diacritics 2`` folds macrons on both sides: "whanau" finds "whānau".

Nothing stored before changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A covering index for search: filters and sort keys by id (app/models/knowledge.py).
_FACETS = ("id", "state", "year", "problem_type", "school_type", "aims_result")
_FACETS += ("response_kinds", "title")
_INDEXED = "title, problem, intervention, results, lessons, details_text"
_NEW = "new.id, new.title, new.problem, new.intervention, new.results, new.lessons, "
_NEW += "new.details_text"


def upgrade() -> None:
    op.create_table(
        "knowledge_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("school_id", sa.String(length=36), nullable=True),
        sa.Column("narrative_id", sa.String(length=36), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("named", sa.Boolean(), nullable=False),
        sa.Column("school_name", sa.String(length=200), nullable=True),
        sa.Column("school_type", sa.String(length=40), nullable=False),
        sa.Column("roll_band", sa.String(length=40), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("problem_type", sa.String(length=40), nullable=False),
        sa.Column("response_kinds", sa.String(length=500), nullable=False),
        sa.Column("aims_result", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("intervention", sa.Text(), nullable=True),
        sa.Column("implementation", sa.Text(), nullable=True),
        sa.Column("results", sa.Text(), nullable=True),
        sa.Column("lessons", sa.Text(), nullable=True),
        sa.Column("aims_json", sa.Text(), nullable=False),
        sa.Column("responses_json", sa.Text(), nullable=False),
        sa.Column("reflection_json", sa.Text(), nullable=False),
        sa.Column("details_text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("submitted_at", app.models.base.UTCDateTime(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", app.models.base.UTCDateTime(), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("pending", sa.String(length=20), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_entries")),
    )
    with op.batch_alter_table("knowledge_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_knowledge_entries_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index("ix_knowledge_entries_facets", list(_FACETS), unique=False)
    _citations()
    op.execute(
        f"CREATE VIRTUAL TABLE knowledge_fts USING fts5(entry_id UNINDEXED, {_INDEXED}, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge_entries BEGIN "
        f"INSERT INTO knowledge_fts (entry_id, {_INDEXED}) VALUES ({_NEW}); END"
    )
    op.execute(
        "CREATE TRIGGER knowledge_fts_update AFTER UPDATE ON knowledge_entries BEGIN "
        "DELETE FROM knowledge_fts WHERE entry_id = old.id; "
        f"INSERT INTO knowledge_fts (entry_id, {_INDEXED}) VALUES ({_NEW}); END"
    )
    op.execute(
        "CREATE TRIGGER knowledge_fts_delete AFTER DELETE ON knowledge_entries BEGIN "
        "DELETE FROM knowledge_fts WHERE entry_id = old.id; END"
    )


def _citations() -> None:
    """A school's citations of bank entries: synced with the school (new, so empty)."""
    op.create_table(
        "knowledge_citations",
        sa.Column("school_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.String(length=36), nullable=True),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", app.models.base.UTCDateTime(), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_knowledge_citations_response_id_responses"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_knowledge_citations_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_citations")),
    )
    with op.batch_alter_table("knowledge_citations", schema=None) as batch_op:
        for column in ("response_id", "school_id"):
            batch_op.create_index(batch_op.f(f"ix_knowledge_citations_{column}"), [column])


def downgrade() -> None:
    with op.batch_alter_table("knowledge_citations", schema=None) as batch_op:
        for column in ("response_id", "school_id"):
            batch_op.drop_index(batch_op.f(f"ix_knowledge_citations_{column}"))
    op.drop_table("knowledge_citations")
    for name in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER knowledge_fts_{name}")
    op.execute("DROP TABLE knowledge_fts")
    with op.batch_alter_table("knowledge_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_knowledge_entries_facets")
        batch_op.drop_index(batch_op.f("ix_knowledge_entries_school_id"))
    op.drop_table("knowledge_entries")
