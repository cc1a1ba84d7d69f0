"""covering indexes for the schools list's start-up read

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 10:00:00.000000

At start-up the schools list and its reminders read a few short columns of every live
row (``SELECT <columns> FROM <table> WHERE deleted_at IS NULL``, the columns in
``app.services.school_list_sql.LIVE_COLUMNS``). Without an index SQLite scans the table,
and SQLCipher decrypts every page a row spans: an agreement's dates come after its long
protocol texts, so the scan reads the whole table to give five short columns. An index
on ``deleted_at`` then exactly the columns read (``id`` too: it is a text key, not the
rowid) answers the query from the index alone ("USING COVERING INDEX").

Measured on a 173 MB store of 2,500 schools (first run on a fresh connection / again on
the same one, median of nine):

- partnership_agreements, 2,349 rows: 24.2 / 23.7 ms before, 2.7 / 1.9 ms after
- school_profiles, 2,250 rows: 4.7 / 1.6 ms before, 2.0 / 1.4 ms after
- plan_activities, 3,999 rows: 10.0 / 5.6 ms before, 7.6 / 5.6 ms after

The whole start-up read (``quick_list.first_read``) fell from about 110 ms to 80 ms. The
same index on annual_plans and plan_reviews saved about 0.5 ms each and nothing
measurable in the whole read, so they have none. The three indexes take about 330 pages
(1.3 MB) of that store.

Nothing stored before changes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each table's index: its name and columns (the models declare the same).
_ACTIVITY = ["deleted_at", "id", "school_id", "plan_id", "status", "due_on", "starts_on"]
_ACTIVITY += ["title", "horizon", "position"]
_INDEXES = {
    "partnership_agreements": (
        "ix_partnership_agreements_live",
        ["deleted_at", "id", "school_id", "agreed_on", "review_on", "created_at"],
    ),
    "school_profiles": (
        "ix_school_profiles_live",
        ["deleted_at", "id", "school_id", "year", "prepared_on"],
    ),
    "plan_activities": ("ix_plan_activities_live", _ACTIVITY),
}


def upgrade() -> None:
    for table, (name, columns) in _INDEXES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for table, (name, _columns) in _INDEXES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
