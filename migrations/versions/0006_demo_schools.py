"""demo schools

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 18:40:00.000000

The fictional demo district is marked by a local table written when it is created, no
longer by the editable text of ``schools.district``. Stores created earlier keep their
demo schools: a school whose district is the demo district's name and that the district
server has never acknowledged (no known server version) is the demo's; a real school
given that name by hand was synced before and is not marked.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The name the demo district was created with (app.services.demo.DEMO_DISTRICT when this
# revision was written; copied so later changes there cannot change this migration).
DEMO_DISTRICT = "Te Awa Roa (fictional demo district)"


def upgrade() -> None:
    op.create_table(
        "demo_schools",
        sa.Column("school_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_demo_schools_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("school_id", name=op.f("pk_demo_schools")),
    )
    op.execute(
        sa.text(
            "INSERT INTO demo_schools (school_id) SELECT id FROM schools "
            "WHERE district = :district AND id NOT IN "
            "(SELECT row_id FROM sync_row_state WHERE table_name = 'schools')"
        ).bindparams(district=DEMO_DISTRICT)
    )


def downgrade() -> None:
    op.drop_table("demo_schools")
