"""An index for each measure's latest value: (measure, member, series, end date).

The Measures screen and `tracker list measures` read each measure's latest own value and the
value a year before it by this index, one seek per measure, instead of reading every value of
every measure (at 1,000 measures x 60 months x 10 members, 660,000 rows).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_measure_value_latest", "measure_value", ["measure_id", "member", "series", "end_date"])


def downgrade() -> None:
    op.drop_index("ix_measure_value_latest", table_name="measure_value")
