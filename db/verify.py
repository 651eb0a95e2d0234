"""`tracker verify`: the engine's integrity check, then a walk along the history's hash chain."""

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlmodel import Session

from .history import GENESIS, HASHED_FIELDS, chain_hash
from .models import ChangeEvent


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events: int
    """How many events were checked before the verdict."""
    message: str


def verify(session: Session) -> Verdict:
    """Check the database's own integrity, then that every change event matches its hash."""
    if session.get_bind().dialect.name == "sqlite":
        result = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
        if result != ["ok"]:
            return Verdict(False, 0, "SQLite integrity check failed: " + "; ".join(result[:5]))
    columns = [ChangeEvent.id, ChangeEvent.hash, *(getattr(ChangeEvent, name) for name in HASHED_FIELDS)]
    previous, count = GENESIS, 0
    for row in session.execute(select(*columns).order_by(ChangeEvent.id).execution_options(yield_per=5000)):
        event = row._mapping
        expected = chain_hash(previous, event)
        if event["hash"] != expected:
            return Verdict(
                False, count,
                f"change event {event['id']} ({event['at']}, {event['actor']}, {event['entity']} {event['ref']} "
                f"{event['field']}) does not match its hash: history was altered at or just before it",
            )
        previous, count = event["hash"], count + 1
    if session.get_bind().dialect.name == "sqlite":
        return Verdict(True, count, f"database integrity ok; {count} change events, hash chain intact")
    # PostgreSQL checks its own pages as it reads them; pg_amcheck goes deeper, outside tracker.
    return Verdict(True, count, f"{count} change events, hash chain intact")
