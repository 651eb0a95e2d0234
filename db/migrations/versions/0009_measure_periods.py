"""Measures as the papers count them: a value's own period, breakdowns, series and ranges.

- A measure's value no longer points at a global period: it carries its own `start_date`,
  `end_date` and `label` (any length: a month, a quarter, 12 months to a date, a single day).
  Existing values take their period's dates and label, so nothing is lost and history (which
  names a value by that label) still replays.
- A value has a breakdown `member` ("" for the measure itself), a `series` (actual, target,
  forecast, profiled), a range (`low`, `high`) and a sample size `n`.
- A measure has its difference kind, decimals, difference decimals, significance rule,
  dimension, total (stored or derived), source and question; all empty for existing measures,
  which therefore print and compare as before.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SERIES = "'actual', 'target', 'forecast', 'profiled'"
MEASURE_CHECKS = {
    "measure_difference_valid": "difference IS NULL OR difference IN ('percent', 'points', 'absolute')",
    "measure_significance_valid": "significance IS NULL OR significance IN ('overlap', 'z_test', 'none')",
    "measure_dimension_valid": "dimension IS NULL OR dimension IN ('area', 'system', 'month', 'category', 'year')",
    "measure_total_valid": "total IS NULL OR total IN ('stored', 'derived')",
    "measure_total_needs_dimension": "total IS NULL OR dimension IS NOT NULL",
    "measure_decimals_valid": "decimals IS NULL OR decimals BETWEEN 0 AND 6",
    "measure_difference_decimals_valid": "difference_decimals IS NULL OR difference_decimals BETWEEN 0 AND 6",
}
COPIED = "measure_id, value, ci, footnote, entered_by, entered_at"


def _measure_columns() -> None:
    with op.batch_alter_table("measure") as batch:
        for name in ("difference", "significance", "dimension", "total"):
            batch.add_column(sa.Column(name, sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("decimals", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("difference_decimals", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("source", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("question", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("measure") as batch:  # the defaults filled existing rows; the store sets them
        batch.alter_column("source", existing_type=sa.String(length=200), server_default=None)
        batch.alter_column("question", existing_type=sa.Text(), server_default=None)
        for name, check in MEASURE_CHECKS.items():
            batch.create_check_constraint(name, check)


def _value_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("member", sa.String(length=80), nullable=False),
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("ci", sa.Float(), nullable=True),
        sa.Column("n", sa.Integer(), nullable=True),
        sa.Column("footnote", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("start_date <= end_date", name="value_dates_in_order"),
        sa.CheckConstraint("value IS NOT NULL OR low IS NOT NULL OR high IS NOT NULL OR length(footnote) > 0",
                           name="missing_value_has_footnote"),
        sa.CheckConstraint("ci IS NULL OR ci >= 0", name="confidence_interval_not_negative"),
        sa.CheckConstraint("n IS NULL OR n > 0", name="sample_size_positive"),
        sa.CheckConstraint("low IS NULL OR high IS NULL OR low <= high", name="range_in_order"),
        sa.CheckConstraint(f"series IN ({SERIES})", name="value_series_valid"),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measure_id", "member", "series", "label", name="one_value_per_label"),
        sa.UniqueConstraint("measure_id", "member", "series", "start_date", "end_date", name="one_value_per_dates"),
    )


def upgrade() -> None:
    """Values are copied, in their order, into a table of the new shape with their period's dates
    and label; the old table (and its link to period) goes."""
    _measure_columns()
    _value_table("measure_value_0009")
    op.execute(
        f"INSERT INTO measure_value_0009 (start_date, end_date, label, member, series, {COPIED})"
        f" SELECT p.start_date, p.end_date, p.label, '', 'actual', {', '.join('v.' + c for c in COPIED.split(', '))}"
        " FROM measure_value v JOIN period p ON p.id = v.period_id ORDER BY v.id"
    )
    op.drop_index("ix_measure_value_period_id", table_name="measure_value")
    op.drop_index("ix_measure_value_measure_id", table_name="measure_value")
    op.drop_table("measure_value")
    op.rename_table("measure_value_0009", "measure_value")
    op.create_index("ix_measure_value_measure_id", "measure_value", ["measure_id"])
    op.create_index("ix_measure_value_end_date", "measure_value", ["end_date"])


def downgrade() -> None:
    raise RuntimeError("0009 cannot be undone in place: values now have periods of their own that no "
                       "global period may hold; restore the backup `tracker upgrade` suggests taking first")
