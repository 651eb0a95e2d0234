"""Natural-order sort keys on sections and workstreams, so the database sorts 5.10 after 5.9.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_DIGITS = re.compile(r"\d+")


def _natural(text: str) -> str:
    """This revision's copy of db.views.natural_key: each digit run prefixed by its length."""

    def digits(match: re.Match) -> str:
        number = match.group().lstrip("0") or "0"
        return f"{len(number):03d}{number}"

    return _DIGITS.sub(digits, text)


def upgrade() -> None:
    connection = op.get_bind()
    for table, key in (("section", "code"), ("workstream", "ref")):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("sort_key", sa.String(length=128), nullable=False, server_default=""))
        rows = connection.execute(sa.text(f"SELECT id, {key} FROM {table}")).all()
        if rows:
            connection.execute(
                sa.text(f"UPDATE {table} SET sort_key = :sort_key WHERE id = :id"),
                [{"id": row[0], "sort_key": _natural(row[1])} for row in rows],
            )
        with op.batch_alter_table(table) as batch:
            batch.alter_column("sort_key", server_default=None)
    # The dashboard walks sections, then each section's workstreams, in this order.
    op.create_index("ix_section_order", "section", ["sort_key"])
    op.create_index("ix_workstream_section_order", "workstream", ["section_id", "sort_key"])


def downgrade() -> None:
    op.drop_index("ix_workstream_section_order", "workstream")
    op.drop_index("ix_section_order", "section")
    for table in ("workstream", "section"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("sort_key")
