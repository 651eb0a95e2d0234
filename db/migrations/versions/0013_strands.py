"""Work strands: milestones of a workstream, sub-actions with an expected outcome, and links of
risks, actions and measures to plan priorities.

New tables (milestone, risk_priority, action_priority, measure_priority) and two new columns on
action (parent_id, expected_outcome); history gains one kind of record (milestone), and a paper's
sections one kind (links: "links to the plan"). A database
upgraded from before holds no milestones, no sub-actions and no links but a workstream's.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ENTITIES = ("'period', 'section', 'workstream', 'assessment', 'action', 'risk', 'priority', 'user', "
            "'commitment', 'commentary', 'measure', 'portfolio', 'consultation', 'paper', 'paper_section', "
            "'narrative', 'risk_control'")


def _milestones() -> None:
    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workstream_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("planned", sa.Date(), nullable=True),
        sa.Column("revised", sa.Date(), nullable=True),
        sa.Column("done", sa.Date(), nullable=True),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.CheckConstraint("percent BETWEEN 0 AND 100", name="milestone_percent_range"),
        sa.CheckConstraint("length(title) > 0", name="milestone_has_title"),
        sa.ForeignKeyConstraint(["workstream_id"], ["workstream.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workstream_id", "title", name="milestone_title_once_per_workstream"),
    )
    op.create_index("ix_milestone_workstream_id", "milestone", ["workstream_id"])


def _links() -> None:
    for kind, table in (("risk", "risk"), ("action", "action"), ("measure", "measure")):
        op.create_table(
            f"{kind}_priority",
            sa.Column(f"{kind}_id", sa.Integer(), nullable=False),
            sa.Column("priority_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint([f"{kind}_id"], [f"{table}.id"], ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["priority_id"], ["priority.id"], ondelete="RESTRICT"),
            sa.PrimaryKeyConstraint(f"{kind}_id", "priority_id"),
        )


def _sub_actions() -> None:
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("expected_outcome", sa.Text(), nullable=False, server_default=""))
        batch.create_foreign_key("fk_action_parent_id_action", "action", ["parent_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_action_parent_id", ["parent_id"])


def _history_entities(entities: str) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # SQLite rebuilds the table to change a CHECK; its append-only triggers go with it
        op.execute("DROP TRIGGER change_event_no_update")
        op.execute("DROP TRIGGER change_event_no_delete")
    with op.batch_alter_table("change_event") as batch:
        batch.drop_constraint("change_entity_valid", type_="check")
        batch.create_check_constraint("change_entity_valid", f"entity IN ({entities})")
    if sqlite:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER change_event_no_{verb.lower()} BEFORE {verb} ON change_event "
                "BEGIN SELECT RAISE(ABORT, 'change events are append-only'); END"
            )


SECTION_KINDS = ("'narrative', 'summary', 'dashboard', 'workstreams', 'risks', 'actions', 'measures', 'commitments', "
                 "'consultation'")


def _section_kinds(kinds: str) -> None:
    with op.batch_alter_table("paper_section") as batch:
        batch.drop_constraint("paper_section_kind_valid", type_="check")
        batch.create_check_constraint("paper_section_kind_valid", f"kind IN ({kinds})")


def upgrade() -> None:
    _milestones()
    _links()
    _sub_actions()
    _history_entities(f"{ENTITIES}, 'milestone'")
    _section_kinds(f"{SECTION_KINDS}, 'links'")


def downgrade() -> None:
    raise RuntimeError("0013 cannot be undone in place: history may record milestones, and history is append-only; "
                       "restore the backup `tracker upgrade` suggests taking first")
