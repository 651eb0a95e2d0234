"""The plan and the numbers: "We will" commitments with commentary per period and team, and
performance measures with values per period.

History learns the new kinds of record, and its ref widens to hold "COMMITMENT/TEAM".

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ENTITIES = "'period', 'section', 'workstream', 'assessment', 'action', 'risk', 'priority', 'user'"
OLD = f"entity IN ({ENTITIES})"
NEW = f"entity IN ({ENTITIES}, 'commitment', 'commentary', 'measure')"
SORT_KEY = sa.String(length=128).with_variant(sa.String(length=128, collation="C"), "postgresql")


def _history(check: str, ref_length: int) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # SQLite rebuilds the table to change a CHECK; its append-only triggers go with it
        op.execute("DROP TRIGGER change_event_no_update")
        op.execute("DROP TRIGGER change_event_no_delete")
    with op.batch_alter_table("change_event") as batch:
        batch.drop_constraint("change_entity_valid", type_="check")
        batch.create_check_constraint("change_entity_valid", check)
        batch.alter_column("ref", type_=sa.String(length=ref_length), existing_nullable=False)
    if sqlite:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER change_event_no_{verb.lower()} BEFORE {verb} ON change_event "
                "BEGIN SELECT RAISE(ABORT, 'change events are append-only'); END"
            )


def upgrade() -> None:
    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("sort_key", SORT_KEY, nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owners", sa.JSON(), nullable=False),
        sa.Column("lead", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["priority_id"], ["priority.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_index("ix_commitment_lead", "commitment", ["lead"])
    op.create_index("ix_commitment_order", "commitment", ["priority_id", "sort_key"])
    op.create_index("ix_commitment_priority_id", "commitment", ["priority_id"])
    op.create_table(
        "commentary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=100), nullable=False),
        sa.Column("written_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("length(text) > 0", name="commentary_not_empty"),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitment.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("commitment_id", "period_id", "team", name="one_commentary_per_team_and_period"),
    )
    op.create_index("ix_commentary_commitment_id", "commentary", ["commitment_id"])
    op.create_index("ix_commentary_period_id", "commentary", ["period_id"])
    op.create_table(
        "measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("sort_key", SORT_KEY, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("lead", sa.String(length=100), nullable=True),
        sa.Column("workstream_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("direction IN ('higher_is_better', 'lower_is_better')", name="measure_direction_valid"),
        sa.CheckConstraint("unit IN ('count', 'percentage', 'money', 'days', 'seconds')", name="measure_unit_valid"),
        sa.ForeignKeyConstraint(["workstream_id"], ["workstream.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("ref"),
    )
    op.create_index("ix_measure_lead", "measure", ["lead"])
    op.create_index("ix_measure_sort_key", "measure", ["sort_key"])
    op.create_index("ix_measure_workstream_id", "measure", ["workstream_id"])
    op.create_table(
        "measure_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("ci", sa.Float(), nullable=True),
        sa.Column("footnote", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("ci IS NULL OR ci >= 0", name="confidence_interval_not_negative"),
        sa.CheckConstraint("value IS NOT NULL OR length(footnote) > 0", name="missing_value_has_footnote"),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measure_id", "period_id", name="one_value_per_measure_and_period"),
    )
    op.create_index("ix_measure_value_measure_id", "measure_value", ["measure_id"])
    op.create_index("ix_measure_value_period_id", "measure_value", ["period_id"])
    _history(NEW, 140)


def downgrade() -> None:
    _history(OLD, 72)
    for table in ("measure_value", "measure", "commentary", "commitment"):
        op.drop_table(table)
