"""Reads of the change history: a record's version (for optimistic concurrency), what changed
since, and the history pages the screens and `tracker history` show."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select, text
from sqlmodel import Session

from . import boards
from .models import ChangeEvent


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    at: str
    actor: str
    entity: str
    ref: str
    period: str | None
    kind: str
    field: str
    old: str | None
    new: str | None


def _change(e: ChangeEvent) -> Change:
    return Change(e.id, e.at, e.actor, e.entity, e.ref, e.period, e.kind, e.field, e.old, e.new)


def record_version(session: Session, entity: str, ref: str, period: str | None = None) -> int:
    """The id of the newest change event about one record: its version, for optimistic concurrency."""
    query = select(func.max(ChangeEvent.id)).where(ChangeEvent.entity == entity, ChangeEvent.ref == ref)
    query = query.where(ChangeEvent.period == period) if period is not None else query
    return session.execute(query).scalar() or 0


def versions(session: Session, entity: str, period: str | None = None) -> dict[str, int]:
    """Every record's version of one kind at once (for assessments, of one period)."""
    query = select(ChangeEvent.ref, func.max(ChangeEvent.id)).where(ChangeEvent.entity == entity)
    query = query.where(ChangeEvent.period == period) if period is not None else query
    return dict(session.execute(query.group_by(ChangeEvent.ref)).all())


def changes_since(session: Session, entity: str, ref: str, period: str | None, version: int) -> list[Change]:
    """The change events about one record newer than `version`, oldest first."""
    query = select(ChangeEvent).where(ChangeEvent.entity == entity, ChangeEvent.ref == ref, ChangeEvent.id > version)
    query = query.where(ChangeEvent.period == period) if period is not None else query
    return [_change(e) for e in session.execute(query.order_by(ChangeEvent.id)).scalars()]


def last_change_id(session: Session) -> int:
    """The newest change event's id: when it moves, something was written."""
    return session.execute(text(boards.LAST_CHANGE_SQL)).scalar() or 0  # the SQL the first frame runs too


def history(
    session: Session,
    *,
    ref: str | None = None,
    actor: str | None = None,
    text: str | None = None,
    limit: int = 100,
    before_id: int | None = None,
    portfolio: str | None = None,
) -> list[Change]:
    """Change events, newest first; page with `before_id` (the last id of the previous page);
    with `portfolio`, those of its history and its children's (db/history_scope.py)."""
    query = select(ChangeEvent).order_by(ChangeEvent.id.desc()).limit(limit)
    if portfolio is not None:
        from .history_scope import in_portfolio
        from .views import scope

        query = query.where(in_portfolio(scope(session, portfolio)))
    if ref:  # a commitment's commentary is recorded as "REF/TEAM"
        query = query.where(or_(ChangeEvent.ref == ref, ChangeEvent.ref.startswith(f"{ref}/", autoescape=True)))
    if actor:
        query = query.where(ChangeEvent.actor == actor)
    if text:
        pattern = f"%{text}%"
        query = query.where(
            or_(ChangeEvent.old.ilike(pattern), ChangeEvent.new.ilike(pattern), ChangeEvent.field.ilike(pattern))
        )
    if before_id is not None:
        query = query.where(ChangeEvent.id < before_id)
    return [_change(e) for e in session.execute(query).scalars()]
