"""The full risk register: which register, inherent/current/target scores, controls, review.

- `on_register` (yes/no) becomes `register_kind`: `force`, `command`, `programme`, `none`
  (identified, not recorded on any), or empty when the source does not say. A true flag becomes
  `force`: the column was documented as "recorded on the force risk register" and the only
  writer of data, the 004 seed, set it for the risks the paper puts on a register (9.2 names
  the Force risk register). A false flag becomes empty, not `none`: it meant "not on the force
  register", which 9.5 and 9.11 ("a recorded risk for the command") show is not "on no
  register", so the migration claims nothing it cannot know. History is not rewritten (it is
  hash-chained): replay reads an old `on_register` event as `register_kind` the same way
  (db/replay.LEGACY_FIELDS).
- Inherent and target likelihood and impact, an inherent score, a reason for a target above
  the inherent score, causes, consequences, the monitoring board, when it was last reviewed,
  the direction of travel as a paper states it, and the paper's mitigation statement (a count
  and the areas): all empty for existing risks, which therefore print as before.
- `risk_control`: a risk's existing controls (description, effectiveness), apart from actions;
  history may name one (entity `risk_control`, ref "RISK/N").

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TEXTS = ("target_reason", "causes", "consequences", "mitigation_areas")
INTEGERS = ("inherent_likelihood", "inherent_impact", "inherent_score", "target_likelihood", "target_impact",
            "mitigation_count")
CHECKS = {
    "risk_inherent_range": "inherent_score IS NULL OR inherent_score BETWEEN 0 AND 10000",
    "risk_inherent_both_axes": "(inherent_likelihood IS NULL) = (inherent_impact IS NULL)",
    "risk_target_both_axes": "(target_likelihood IS NULL) = (target_impact IS NULL)",
    "risk_register_valid": "register_kind IS NULL OR register_kind IN ('force', 'command', 'programme', 'none')",
    "risk_direction_valid": "direction_stated IS NULL OR direction_stated IN ('up', 'down', 'unchanged')",
    "risk_mitigation_count_valid": "mitigation_count IS NULL OR mitigation_count >= 0",
}


def _risk_columns() -> None:
    with op.batch_alter_table("risk") as batch:
        batch.add_column(sa.Column("register_kind", sa.String(length=16), nullable=True))
        for name in INTEGERS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
        for name in TEXTS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("board", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("reviewed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("direction_stated", sa.String(length=16), nullable=True))
    op.execute(sa.text("UPDATE risk SET register_kind = 'force' WHERE on_register = :yes").bindparams(yes=True))
    with op.batch_alter_table("risk") as batch:  # the text columns keep their "" default, as in the model
        batch.drop_column("on_register")
        for name, check in CHECKS.items():
            batch.create_check_constraint(name, check)


ENTITIES = ("'period', 'section', 'workstream', 'assessment', 'action', 'risk', 'priority', 'user', "
            "'commitment', 'commentary', 'measure', 'portfolio', 'consultation', 'paper', 'paper_section', "
            "'narrative', 'risk_control'")


def _history_entities(entities: str) -> None:
    """History may name a risk's control (as 0008 did for papers)."""
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


def upgrade() -> None:
    _history_entities(ENTITIES)
    _risk_columns()
    op.create_table(
        "risk_control",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("effectiveness", sa.String(length=16), nullable=False),
        sa.CheckConstraint("effectiveness IN ('effective', 'partly', 'not')", name="risk_control_effectiveness_valid"),
        sa.CheckConstraint("number >= 1", name="risk_control_number_positive"),
        sa.ForeignKeyConstraint(["risk_id"], ["risk.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("risk_id", "number", name="one_control_per_number"),
    )
    op.create_index("ix_risk_control_risk_id", "risk_control", ["risk_id"])


def downgrade() -> None:
    raise RuntimeError("0012 cannot be undone in place: a register kind other than the force's has no yes/no "
                       "flag; restore the backup `tracker upgrade` suggests taking first")
