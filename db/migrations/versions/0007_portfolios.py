"""Portfolios: every record belongs to the part of the force that reports it.

- A `portfolio` tree; every section, priority, workstream, risk, action, commitment and
  measure gets a `portfolio_id`. An existing database moves, whole, into one portfolio
  "Default" (code `default`, to be renamed with `tracker portfolio rename`); history records
  its creation and each record's move, chained like every other event.
- A period's `cycle` (year, quarter, half, ...) follows from its dates.
- Users may be limited to portfolios (`user_portfolio`); a paper's consultation list.
- A RAG may be "unknown": reported in a paper that does not give the grade.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

from tracker.db.clock import utc_now
from tracker.db.cycles import period_cycle
from tracker.db.history import GENESIS, chain_hash

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SORT_KEY = sa.String(length=128).with_variant(sa.String(length=128, collation="C"), "postgresql")
CYCLES = "'year', 'financial-year', 'twelve-months', 'half', 'quarter', 'month', 'other'"
ENTITIES = ("'period', 'section', 'workstream', 'assessment', 'action', 'risk', 'priority', 'user', "
            "'commitment', 'commentary', 'measure'")
RAGS = "'green', 'amber', 'red', 'not_graded'"
HOMED = {  # table: (history's entity, the column history names it by)
    "section": ("section", "code"), "priority": ("priority", "number"), "workstream": ("workstream", "ref"),
    "risk": ("risk", "ref"), "action": ("action", "ref"), "commitment": ("commitment", "ref"),
    "measure": ("measure", "ref"),
}
ACTOR = "tracker upgrade (0007)"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild_history(entities: str) -> None:
    if _sqlite():  # SQLite rebuilds the table to change a CHECK; its append-only triggers go with it
        op.execute("DROP TRIGGER change_event_no_update")
        op.execute("DROP TRIGGER change_event_no_delete")
    with op.batch_alter_table("change_event") as batch:
        batch.drop_constraint("change_entity_valid", type_="check")
        batch.create_check_constraint("change_entity_valid", f"entity IN ({entities})")
    if _sqlite():
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER change_event_no_{verb.lower()} BEFORE {verb} ON change_event "
                "BEGIN SELECT RAISE(ABORT, 'change events are append-only'); END"
            )


def _rags(rags: str) -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.drop_constraint("assessment_rag_valid", type_="check")
        batch.create_check_constraint("assessment_rag_valid", f"rag IN ({rags})")


def _portfolio_tables() -> None:
    op.create_table(
        "portfolio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sort_key", SORT_KEY, nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cycle", sa.String(length=16), nullable=True),
        sa.CheckConstraint("status IN ('active', 'closed')", name="portfolio_status_valid"),
        sa.CheckConstraint(f"cycle IS NULL OR cycle IN ({CYCLES})", name="portfolio_cycle_valid"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="portfolio_not_own_parent"),
        sa.ForeignKeyConstraint(["parent_id"], ["portfolio.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_index("ix_portfolio_parent_id", "portfolio", ["parent_id"])
    op.create_table(
        "user_portfolio",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("portfolio_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["tracker_user.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["portfolio_id"], ["portfolio.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "portfolio_id"),
    )
    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("portfolio_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["portfolio_id"], ["portfolio.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("portfolio_id", "period_id", "name", name="consulted_once_per_paper"),
    )
    op.create_index("ix_consultation_portfolio_id", "consultation", ["portfolio_id"])
    op.create_index("ix_consultation_period_id", "consultation", ["period_id"])


def _period_cycles() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("period") as batch:
        batch.add_column(sa.Column("cycle", sa.String(length=16), nullable=True))
    for pid, start, end in bind.execute(sa.text("SELECT id, start_date, end_date FROM period")).all():
        start, end = (d if isinstance(d, dt.date) else dt.date.fromisoformat(d) for d in (start, end))
        bind.execute(sa.text("UPDATE period SET cycle = :c WHERE id = :i"), {"c": period_cycle(start, end).value, "i": pid})
    with op.batch_alter_table("period") as batch:
        batch.alter_column("cycle", existing_type=sa.String(length=16), nullable=False)
        batch.create_check_constraint("period_cycle_valid", f"cycle IN ({CYCLES})")
    op.create_index("ix_period_cycle", "period", ["cycle"])


def _home_everything(home: int) -> list[tuple[str, str]]:
    """Give every record the portfolio `home`; returns (entity, ref) of each record moved."""
    bind = op.get_bind()
    moved = []
    for table, (entity, key) in HOMED.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("portfolio_id", sa.Integer(), nullable=True))
        bind.execute(sa.text(f"UPDATE {table} SET portfolio_id = :home"), {"home": home})
        with op.batch_alter_table(table) as batch:
            batch.alter_column("portfolio_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(f"fk_{table}_portfolio_id", "portfolio", ["portfolio_id"], ["id"],
                                     ondelete="RESTRICT")
        op.create_index(f"ix_{table}_portfolio_id", table, ["portfolio_id"])
        moved += [(entity, str(ref)) for (ref,) in bind.execute(sa.text(f"SELECT {key} FROM {table} ORDER BY id"))]
    return moved


def _record(moved: list[tuple[str, str]]) -> None:
    """The Default portfolio's creation and every record's move into it, chained onto history."""
    bind = op.get_bind()
    at = utc_now()
    batch = uuid.uuid4().hex
    cycle = bind.execute(sa.text("SELECT cycle FROM portfolio WHERE code = 'default'")).scalar()
    events = [("portfolio", "default", "create", "name", None, "Default"),
              ("portfolio", "default", "create", "status", None, "active")]
    events += [("portfolio", "default", "create", "cycle", None, cycle)] if cycle else []
    events += [(entity, ref, "update", "portfolio", None, "default") for entity, ref in moved]
    previous = bind.execute(sa.text("SELECT hash FROM change_event ORDER BY id DESC LIMIT 1")).scalar() or GENESIS
    rows = []
    for entity, ref, kind, field, old, new in events:
        row = {"batch": batch, "at": at, "actor": ACTOR, "entity": entity, "ref": ref, "period": None,
               "kind": kind, "field": field, "old": old, "new": new}
        row["hash"] = previous = chain_hash(previous, row)
        rows.append(row)
    bind.execute(sa.text(
        "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash)"
        " VALUES (:batch, :at, :actor, :entity, :ref, :period, :kind, :field, :old, :new, :hash)"), rows)


def upgrade() -> None:
    """A database that holds records moves into "Default"; a new one starts with no portfolio (its
    first record makes "Default", db/portfolios.home)."""
    _portfolio_tables()
    bind = op.get_bind()
    has_records = any(bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() for table in HOMED)
    bind.execute(sa.text("INSERT INTO portfolio (code, name, sort_key, status) VALUES ('default', 'Default', 'default', 'active')"))
    home = bind.execute(sa.text("SELECT id FROM portfolio WHERE code = 'default'")).scalar_one()
    _period_cycles()
    moved = _home_everything(home)
    _rags(f"{RAGS}, 'unknown'")
    _rebuild_history(f"{ENTITIES}, 'portfolio', 'consultation'")
    if has_records:
        _set_cycle(home)
        _record(moved)
    else:
        bind.execute(sa.text("DELETE FROM portfolio"))


def _set_cycle(home: int) -> None:
    """Default reports on the cycle of the latest period that holds ratings, so its dashboard opens
    where it did before (plan quarters and measure years no longer step in between)."""
    bind = op.get_bind()
    cycle = bind.execute(sa.text(
        "SELECT period.cycle FROM period WHERE EXISTS (SELECT 1 FROM assessment a WHERE a.period_id = period.id)"
        " ORDER BY period.end_date DESC, period.start_date LIMIT 1")).scalar()
    if cycle is not None:
        bind.execute(sa.text("UPDATE portfolio SET cycle = :c WHERE id = :i"), {"c": cycle, "i": home})


def downgrade() -> None:
    raise RuntimeError("0007 cannot be undone in place: history now records portfolios, and history is "
                       "append-only; restore the backup `tracker upgrade` suggests taking first")
