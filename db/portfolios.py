"""Portfolios: the tree of the parts of the force that report, and each record's home in it.

The store's writes of portfolios themselves (add, rename, move, close, set a cycle), and the one
rule that says which portfolio a new record goes into (`home`).
"""

from sqlalchemy import insert, select, update
from sqlmodel import Session

from .access import authorize
from .enums import Entity, PortfolioStatus
from .errors import InvalidInput, NotFound
from .history import History, writing
from .models import Portfolio
from .schemas import PortfolioCreate, PortfolioUpdate
from .views import natural_key, portfolios

DEFAULT = ("default", "Default")
"""The portfolio a new database's first record goes into (rename it with `tracker portfolio rename`)."""


def home(session: Session, history: History, code: str | None, where: str) -> str:
    """The portfolio a new record goes into: `code` if given (it must exist and be active);
    otherwise the only active portfolio there is. A database with no portfolio at all gets
    "Default" for its first record; with several, the caller must say which."""
    if code is not None:
        row = session.execute(select(Portfolio.status).where(Portfolio.code == code)).first()
        if row is None:
            raise NotFound(f"no portfolio {code!r}", where=f"{where}, portfolio")
        if row[0] != PortfolioStatus.ACTIVE:
            raise InvalidInput(f"portfolio {code!r} is closed, so takes no new records", where=f"{where}, portfolio")
        return code
    statuses = dict(session.execute(select(Portfolio.code, Portfolio.status)).all())
    code = default_home(statuses)
    if code is None:
        raise InvalidInput(f"say which portfolio it belongs to (--portfolio CODE; one of {active_codes(statuses)})",
                           where=f"{where}, portfolio")
    if not statuses:
        _insert(session, history, PortfolioCreate(code=code, name=DEFAULT[1]), parent_id=None)
    return code


def default_home(statuses: dict[str, str]) -> str | None:
    """Where a record that names no portfolio goes, given every portfolio's status by code: the
    only active one; with no portfolio at all, "Default" (to be made for it); otherwise None, and
    the caller must say which. The one rule the store (`home`) and import (db/bulk_homes.py) use."""
    active = [c for c, status in statuses.items() if status == PortfolioStatus.ACTIVE]
    if len(active) == 1:
        return active[0]
    return DEFAULT[0] if not statuses else None


def active_codes(statuses: dict[str, str]) -> str:
    """The active portfolios' codes, for a refusal that asks which."""
    return ", ".join(c for c, status in statuses.items() if status == PortfolioStatus.ACTIVE) or "none is active"


def _insert(session: Session, history: History, data: PortfolioCreate, parent_id: int | None) -> None:
    values = data.model_dump(exclude={"code", "parent"}, mode="json")
    session.execute(insert(Portfolio).values(code=data.code, sort_key=natural_key(data.code), parent_id=parent_id,
                                             **values))
    history.created(Entity.PORTFOLIO, data.code, data.model_dump(exclude={"code"}))


def _parent_id(session: Session, code: str, parent: str | None, where: str) -> int | None:
    """The id of `parent`, refusing a parent that is `code` itself or under it (a loop)."""
    if parent is None:
        return None
    by_code = {p.code: p for p in portfolios(session)}
    if parent not in by_code:
        raise NotFound(f"no portfolio {parent!r}", where=f"{where}, parent")
    step: str | None = parent
    while step is not None:
        if step == code:
            raise InvalidInput(f"{parent!r} is {code!r} or under it, so cannot be its parent", where=f"{where}, parent")
        step = by_code[step].parent
    return by_code[parent].id


def create_portfolio(*, session: Session, data: PortfolioCreate, actor: str) -> None:
    """Add a portfolio, under `data.parent` if given."""
    where = f"portfolio {data.code}"
    with writing(session, actor) as history:
        authorize(session, actor, "add portfolios", admin_only=True)
        if session.execute(select(Portfolio.id).where(Portfolio.code == data.code)).first() is not None:
            raise InvalidInput(f"portfolio {data.code!r} exists already", where=f"{where}, code")
        _insert(session, history, data, _parent_id(session, data.code, data.parent, where))


def update_portfolio(*, session: Session, code: str, changes: PortfolioUpdate, actor: str) -> list[str]:
    """Rename, move (a new parent, or none), close or reopen a portfolio, or set its cycle; returns
    the fields that changed. Its records stay where they are."""
    where = f"portfolio {code}"
    given = changes.model_dump(exclude_unset=True, mode="json")
    with writing(session, actor) as history:
        authorize(session, actor, "change portfolios", admin_only=True)
        current = {p.code: p for p in portfolios(session)}.get(code)
        if current is None:
            raise NotFound(f"no portfolio {code!r}", where=where)
        if "name" in given and given["name"] is None:
            raise InvalidInput("must not be empty", where=f"{where}, name")
        before = {"name": current.name, "parent": current.parent, "owner": current.owner,
                  "status": current.status, "cycle": current.cycle.value if current.cycle else None}
        after = before | given
        changed = history.updated(Entity.PORTFOLIO, code, before, after)
        if changed:
            columns = {f: after[f] for f in changed if f != "parent"}
            if "parent" in changed:
                columns["parent_id"] = _parent_id(session, code, after["parent"], where)
            session.execute(update(Portfolio).where(Portfolio.id == current.id).values(**columns))
        return changed
