"""Change events: every store write records them in the same transaction as the change."""

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from .clock import utc_now  # noqa: F401  (the store modules import it from here)
from .engine import WRITE_TRANSACTION
from .enums import ChangeKind, Entity
from .errors import DatabaseProblem, InvalidInput
from .models import PERSON_MAX, ChangeEvent
from .pglock import take_write_lock
from .readcache import WRITING

GENESIS = "0" * 64
"""The "previous hash" of the first change event."""
ROWS_PER_INSERT = 500
"""Change events per INSERT on PostgreSQL (11 parameters each, well under its 65,535)."""
HASHED_FIELDS = ("batch", "at", "actor", "entity", "ref", "period", "kind", "field", "old", "new")


def chain_hash(previous: str, event: dict[str, Any]) -> str:
    """SHA-256 over the previous event's hash and this event's content."""
    content = json.dumps([previous, *(event[name] for name in HASHED_FIELDS)], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def as_text(value: Any) -> str | None:
    """How a field's value is written into history: None stays None, lists join with commas."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    return str(getattr(value, "value", value))


class History:
    """Collects the change events of one store call and writes them together."""

    def __init__(self, session: Session, actor: str) -> None:
        if not actor or not actor.strip():
            raise InvalidInput("a user name is needed to record who made the change", where="user")
        if len(actor) > PERSON_MAX or "\x00" in actor:
            raise InvalidInput(f"must be at most {PERSON_MAX} characters, none of them NUL", where="user")
        self.session = session
        self.actor = actor
        self.at = utc_now()
        self.batch = uuid.uuid4().hex
        self.rows: list[dict[str, Any]] = []
        self.head: str | None = None
        """The newest event's hash when the write lock already read it (PostgreSQL), else None."""

    def record(
        self, entity: Entity, ref: str, kind: ChangeKind, field: str, old: Any, new: Any, period: str | None = None
    ) -> None:
        self.rows.append(
            {
                "batch": self.batch,
                "at": self.at,
                "actor": self.actor,
                "entity": entity.value,
                "ref": ref,
                "period": period,
                "kind": kind.value,
                "field": field,
                "old": as_text(old),
                "new": as_text(new),
            }
        )

    def created(self, entity: Entity, ref: str, values: dict[str, Any], period: str | None = None) -> None:
        """One event per field that was given a value."""
        for field, value in values.items():
            if value not in (None, "", []):
                self.record(entity, ref, ChangeKind.CREATE, field, None, value, period)

    def updated(
        self, entity: Entity, ref: str, before: dict[str, Any], after: dict[str, Any], period: str | None = None
    ) -> list[str]:
        """One event per field whose value differs; returns the changed field names."""
        changed = [field for field, value in after.items() if as_text(before.get(field)) != as_text(value)]
        for field in changed:
            self.record(entity, ref, ChangeKind.UPDATE, field, before.get(field), after[field], period)
        return changed

    def deleted(self, entity: Entity, ref: str, values: dict[str, Any], period: str | None = None) -> None:
        for field, value in values.items():
            if value not in (None, "", []):
                self.record(entity, ref, ChangeKind.DELETE, field, value, None, period)

    def flush(self) -> None:
        """Write the events, each chained to the one before it."""
        if not self.rows:
            return
        previous = self.head or self.session.execute(
            select(ChangeEvent.hash).order_by(ChangeEvent.id.desc()).limit(1)
        ).scalar() or GENESIS
        for row in self.rows:
            row["hash"] = previous = chain_hash(previous, row)
        if self.session.get_bind().dialect.name == "postgresql":  # each statement a round trip: one per 500 rows
            for start in range(0, len(self.rows), ROWS_PER_INSERT):
                self.session.execute(insert(ChangeEvent).values(self.rows[start:start + ROWS_PER_INSERT]))
        else:  # SQLite: executemany costs no round trips, and compiles once
            self.session.execute(insert(ChangeEvent), self.rows)
        self.rows, self.head = [], previous


@contextmanager
def writing(session: Session, actor: str) -> Iterator[History]:
    """A transaction that commits the change together with its history, or nothing at all.

    It takes the write lock at its start (BEGIN IMMEDIATE on SQLite, an advisory lock on
    PostgreSQL), so what it reads cannot go stale before it writes, and history stays one chain.
    """
    _refuse_if_read_only(session)
    history = History(session, actor)
    if session.in_transaction():
        session.rollback()  # end any read snapshot; the store writes only inside `writing`
    token = WRITE_TRANSACTION.set(True)
    try:
        connection = session.connection()
    except OperationalError as exc:  # e.g. a read-only file, or a server that went away
        session.rollback()
        raise DatabaseProblem(f"the database cannot be written: {_first_line(exc.orig)}") from None
    finally:
        WRITE_TRANSACTION.reset(token)
    if connection.dialect.name == "postgresql":
        history.head = take_write_lock(session, actor)
    session.info[WRITING] = True  # reads see this transaction's own changes (db/readcache.py)
    try:
        yield history
        history.flush()
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise InvalidInput(f"the database refused the change: {_first_line(exc.orig)}") from None
    except OperationalError as exc:
        session.rollback()
        raise DatabaseProblem(f"the database cannot be written, so nothing was saved: {_first_line(exc.orig)}") from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(WRITING, None)


def _refuse_if_read_only(session: Session) -> None:
    from .filecheck import engine_read_only_reason, read_only_message

    if reason := engine_read_only_reason(session.get_bind()):
        raise DatabaseProblem(read_only_message(reason))


def _first_line(error: BaseException | None) -> str:
    return str(error).splitlines()[0] if error else "constraint failed"
