"""History that can be trusted: a hash chain over change events, and no UPDATE or DELETE of them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FIELDS = ("batch", "at", "actor", "entity", "ref", "period", "kind", "field", "old", "new")


def _hash(previous: str, event: dict) -> str:
    """This revision's copy of db.history.chain_hash."""
    content = json.dumps([previous, *(event[name] for name in FIELDS)], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table("change_event") as batch:
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=False, server_default=""))
    previous, updates = "0" * 64, []
    for row in connection.execute(sa.text(f"SELECT id, {', '.join(FIELDS)} FROM change_event ORDER BY id")).mappings():
        previous = _hash(previous, row)
        updates.append({"id": row["id"], "hash": previous})
    if updates:
        connection.execute(sa.text("UPDATE change_event SET hash = :hash WHERE id = :id"), updates)
    with op.batch_alter_table("change_event") as batch:
        batch.alter_column("hash", server_default=None)
    if connection.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER change_event_no_{verb.lower()} BEFORE {verb} ON change_event "
                "BEGIN SELECT RAISE(ABORT, 'change events are append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION change_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'change events are append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER change_event_append_only BEFORE UPDATE OR DELETE ON change_event "
            "FOR EACH ROW EXECUTE FUNCTION change_event_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER change_event_no_update")
        op.execute("DROP TRIGGER change_event_no_delete")
    else:
        op.execute("DROP TRIGGER change_event_append_only ON change_event")
        op.execute("DROP FUNCTION change_event_append_only()")
    with op.batch_alter_table("change_event") as batch:
        batch.drop_column("hash")
