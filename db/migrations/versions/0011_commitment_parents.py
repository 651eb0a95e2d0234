"""Sub-commitments: a commitment may belong to a parent commitment.

The plan's "Support the Business Crime Strategy, including: ..." rows are one commitment with a
bullet each; `commitment.parent_id` holds each bullet under it. Nullable (most commitments stand
alone), ON DELETE RESTRICT (a parent cannot go while children hang from it), never its own parent.
Existing commitments keep no parent, so history needs no new events.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitment") as batch:
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_commitment_parent_id", "commitment", ["parent_id"], ["id"], ondelete="RESTRICT")
        batch.create_check_constraint("commitment_not_own_parent", "parent_id IS NULL OR parent_id <> id")
    op.create_index("ix_commitment_parent_id", "commitment", ["parent_id"])


def downgrade() -> None:
    op.drop_index("ix_commitment_parent_id", table_name="commitment")
    with op.batch_alter_table("commitment") as batch:
        batch.drop_constraint("commitment_not_own_parent", type_="check")
        batch.drop_constraint("fk_commitment_parent_id", type_="foreignkey")
        batch.drop_column("parent_id")
