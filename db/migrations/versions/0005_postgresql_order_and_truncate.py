"""PostgreSQL only: sort keys compare byte by byte, and history cannot be truncated.

- A language collation such as en_US.UTF-8 ignores punctuation at first, so natural-order
  keys ("5.10" after "5.9") could interleave; they are collated "C". SQLite compares bytes.
- TRUNCATE skips row triggers, so the append-only guard gets a statement trigger for it.
  SQLite has no TRUNCATE.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = ("section", "workstream")
LENGTH = 128  # SORT_KEY_MAX when this was written


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgresql():
        return
    for table in TABLES:
        op.execute(f'ALTER TABLE {table} ALTER COLUMN sort_key TYPE VARCHAR({LENGTH}) COLLATE "C"')
    op.execute(
        "CREATE TRIGGER change_event_no_truncate BEFORE TRUNCATE ON change_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION change_event_append_only()"
    )


def downgrade() -> None:
    if not _postgresql():
        return
    op.execute("DROP TRIGGER change_event_no_truncate ON change_event")
    for table in TABLES:
        op.execute(f'ALTER TABLE {table} ALTER COLUMN sort_key TYPE VARCHAR({LENGTH}) COLLATE "default"')
