"""Papers: a board paper kept in tracker (front sheet and ordered sections), and the longer
narrative a workstream or a dashboard section carries for a period.

New tables only; history gains three kinds of record (paper, paper_section, narrative). A
database upgraded from 0007 holds no papers: `tracker report` prints its generic report until
one is made with `tracker paper new`.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ENTITIES = ("'period', 'section', 'workstream', 'assessment', 'action', 'risk', 'priority', 'user', "
            "'commitment', 'commentary', 'measure', 'portfolio', 'consultation'")
KINDS = ("'narrative', 'summary', 'dashboard', 'workstreams', 'risks', 'actions', 'measures', 'commitments', "
         "'consultation'")


def _text(name: str, length: int = 200, **kw) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False, **kw)


def _papers() -> None:
    op.create_table(
        "paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("portfolio_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        _text("kind", 40), _text("template", 40), _text("title"), _text("programme"), _text("report_to"),
        _text("marking", 40), _text("agenda_item", 40), _text("meeting"),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        _text("chief_officer", 100),
        sa.Column("written_on", sa.Date(), nullable=True),
        _text("version", 40), _text("report_from"), _text("authors"), _text("approved_by", 100),
        sa.Column("approved_on", sa.Date(), nullable=True),
        _text("cog"),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'approved', 'presented')", name="paper_status_valid"),
        sa.CheckConstraint("length(title) > 0", name="paper_has_title"),
        sa.ForeignKeyConstraint(["portfolio_id"], ["portfolio.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("portfolio_id", "period_id", "kind", name="one_paper_per_kind"),
    )
    op.create_index("ix_paper_portfolio_id", "paper", ["portfolio_id"])
    op.create_index("ix_paper_period_id", "paper", ["period_id"])
    op.create_table(
        "paper_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        _text("key", 32),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        _text("title"),
        sa.Column("numbered", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("nil_text", sa.Text(), nullable=False),
        _text("caption"),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.CheckConstraint(f"kind IN ({KINDS})", name="paper_section_kind_valid"),
        sa.CheckConstraint("level IN (1, 2)", name="paper_section_level_valid"),
        sa.ForeignKeyConstraint(["paper_id"], ["paper.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("paper_id", "key", name="paper_section_key_unique"),
    )
    op.create_index("ix_paper_section_paper_id", "paper_section", ["paper_id"])
    op.create_table(
        "narrative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workstream_id", sa.Integer(), nullable=True),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("(workstream_id IS NULL) <> (section_id IS NULL)", name="narrative_of_one_thing"),
        sa.ForeignKeyConstraint(["workstream_id"], ["workstream.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["section_id"], ["section.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workstream_id", "period_id", name="one_narrative_per_workstream_and_period"),
        sa.UniqueConstraint("section_id", "period_id", name="one_narrative_per_section_and_period"),
    )
    for column in ("workstream_id", "section_id", "period_id"):
        op.create_index(f"ix_narrative_{column}", "narrative", [column])


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


def upgrade() -> None:
    _papers()
    _history_entities(f"{ENTITIES}, 'paper', 'paper_section', 'narrative'")


def downgrade() -> None:
    raise RuntimeError("0008 cannot be undone in place: history may record papers, and history is append-only; "
                       "restore the backup `tracker upgrade` suggests taking first")
