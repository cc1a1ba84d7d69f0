"""signatories and structured protocols

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 19:30:00.000000

The agreement names everyone who signs it (principal, optionally the board's presiding
member, the Lead Police Contact and a supervisor) and holds the information-sharing and
serious-offending protocols field by field; the annual plan records who agreed it.

The old one-box protocols are kept where they were: ``information_sharing`` is now the
sharing protocol's purpose and ``serious_offending_protocol`` who the school calls, so
no text moves and no sync history is lost. Existing agreements get the default legal
basis (the value a new agreement starts with, and what a pulled record without the
field is given) and keep their review date as the protocol's review date.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# app.models.stage1.DEFAULT_LEGAL_BASIS when this revision was written, copied so a
# later rewording there cannot change what this migration wrote.
DEFAULT_LEGAL_BASIS = (
    "Information is collected, used, stored and disclosed in line with the Privacy Act 2020 "
    "and its information privacy principles. Disclosure without consent relies on the "
    "exceptions the Act allows, such as preventing or lessening a serious threat to a "
    "person's safety, or maintaining the law."
)

AGREEMENT_TEXT = (
    "sharing_from_police",
    "sharing_from_school",
    "sharing_storage",
    "sharing_disclosure",
    "sharing_legal_basis",
    "serious_police_action",
    "serious_school_process",
    "serious_recording",
)
AGREEMENT_NAMES = ("board_signatory", "supervisor_signatory", "supervisor_signatory_role")
PLAN_NAMES = (
    "school_agreed_by",
    "school_agreed_by_role",
    "police_agreed_by",
    "police_agreed_by_role",
)


def upgrade() -> None:
    with op.batch_alter_table("partnership_agreements", schema=None) as batch_op:
        for name in AGREEMENT_TEXT:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("sharing_review_on", sa.Date(), nullable=True))
        for name in AGREEMENT_NAMES:
            batch_op.add_column(sa.Column(name, sa.String(length=200), nullable=True))
    with op.batch_alter_table("annual_plans", schema=None) as batch_op:
        for name in PLAN_NAMES:
            batch_op.add_column(sa.Column(name, sa.String(length=200), nullable=True))
    blank = ", ".join(
        f"{name} = ''"
        for name in (*AGREEMENT_TEXT, *AGREEMENT_NAMES)
        if name != "sharing_legal_basis"
    )
    op.execute(
        sa.text(
            f"UPDATE partnership_agreements SET {blank}, sharing_legal_basis = :basis, "
            "sharing_review_on = review_on"
        ).bindparams(basis=DEFAULT_LEGAL_BASIS)
    )
    op.execute(sa.text("UPDATE annual_plans SET " + ", ".join(f"{n} = ''" for n in PLAN_NAMES)))


def downgrade() -> None:
    with op.batch_alter_table("annual_plans", schema=None) as batch_op:
        for name in reversed(PLAN_NAMES):
            batch_op.drop_column(name)
    with op.batch_alter_table("partnership_agreements", schema=None) as batch_op:
        for name in reversed(AGREEMENT_NAMES):
            batch_op.drop_column(name)
        batch_op.drop_column("sharing_review_on")
        for name in reversed(AGREEMENT_TEXT):
            batch_op.drop_column(name)
