"""Import's portfolios: the tree a file adds, each record's home, and the consultation lists.

The rule for a record that names no portfolio is the store's (db/portfolios.home), applied to
what is stored plus what the file adds: the only active portfolio, "Default" in a database that
has none, and otherwise a refusal that says which record must name one.
"""

from sqlalchemy import func, insert, select
from sqlmodel import Session

from .enums import Entity, PortfolioStatus
from .errors import InvalidInput
from .history import History
from .models import Consultation, Period, Portfolio
from .portfolios import DEFAULT, active_codes, default_home
from .schemas import PortfolioCreate
from .views import natural_key

HOMED = ("sections", "priorities", "workstreams", "risks", "actions", "commitments", "measures", "consultations",
         "papers")
"""The snapshot's lists whose records belong to a portfolio."""
_KEY = {"sections": "code", "priorities": "number", "consultations": "name", "papers": "title"}


def _name(kind: str, record) -> str:
    singular = {"priorities": "priority"}.get(kind, kind.removesuffix("s"))
    return f"{singular} {getattr(record, _KEY.get(kind, 'ref'))}"


def check_homes(session: Session, snapshot) -> None:
    """Every new portfolio's code is free and its parent known (stored, or earlier in the file);
    every record's portfolio exists and is active. Fills in the home of a record that names none."""
    stored = dict(session.execute(select(Portfolio.code, Portfolio.status)).all())
    statuses = dict(stored)
    for p in snapshot.portfolios:
        where = f"portfolio {p.code}"
        if p.code in statuses:
            raise InvalidInput(f"portfolio {p.code!r} exists already", where=f"{where}, code")
        if p.parent is not None and p.parent not in statuses:
            raise InvalidInput(f"no portfolio {p.parent!r} (a parent comes before its children)", where=f"{where}, parent")
        statuses[p.code] = p.status
    default = _default(snapshot, statuses)
    for kind in HOMED:
        for record in getattr(snapshot, kind):
            where = f"{_name(kind, record)}, portfolio"
            if record.portfolio is None:
                if default is None:
                    raise InvalidInput(f"say which portfolio it belongs to (portfolio = \"CODE\"; one of "
                                       f"{active_codes(statuses)})", where=where)
                record.portfolio = default
            elif record.portfolio not in statuses:
                raise InvalidInput(f"no portfolio {record.portfolio!r}", where=where)
            elif statuses[record.portfolio] != PortfolioStatus.ACTIVE and record.portfolio in stored:
                raise InvalidInput(f"portfolio {record.portfolio!r} is closed, so takes no new records", where=where)


def _default(snapshot, statuses: dict[str, str]) -> str | None:
    """Where records naming no portfolio go (portfolios.default_home, over what is stored and what
    the file adds); a Default it names is added to the file's portfolios if a record needs it."""
    code = default_home(statuses)
    if code is not None and not statuses:
        if not any(getattr(snapshot, kind) for kind in HOMED):
            return None
        snapshot.portfolios.append(PortfolioCreate(code=code, name=DEFAULT[1]))
        statuses[code] = PortfolioStatus.ACTIVE
    return code


def insert_portfolios(session: Session, snapshot) -> dict[str, int]:
    """The file's portfolios, parents first; returns every portfolio's id by code."""
    ids = dict(session.execute(select(Portfolio.code, Portfolio.id)).all())
    for p in snapshot.portfolios:
        values = p.model_dump(exclude={"code", "parent"}, mode="json")
        ids[p.code] = session.execute(insert(Portfolio).values(
            code=p.code, sort_key=natural_key(p.code), parent_id=ids.get(p.parent) if p.parent else None, **values,
        )).inserted_primary_key[0]
    return ids


def insert_consultations(session: Session, snapshot, portfolios: dict[str, int], periods: dict[str, int]) -> None:
    """Each paper's consultation list in the file's order, after any it holds already."""
    last: dict[tuple[int, int], int] = {}
    for c in snapshot.consultations:
        key = (portfolios[c.portfolio], periods[c.period])
        if key not in last:
            last[key] = session.execute(select(func.coalesce(func.max(Consultation.position), 0)).where(
                Consultation.portfolio_id == key[0], Consultation.period_id == key[1])).scalar()
        last[key] += 1
        session.execute(insert(Consultation).values(portfolio_id=key[0], period_id=key[1], position=last[key],
                                                    name=c.name, area=c.area))


def check_consultations(session: Session, snapshot, periods) -> None:
    """A consultation list names a period that exists, and each person once per paper."""
    stored = set(session.execute(
        select(Portfolio.code, Period.label, Consultation.name)
        .join(Portfolio, Portfolio.id == Consultation.portfolio_id).join(Period, Period.id == Consultation.period_id)
    ).all())
    for c in snapshot.consultations:
        where = f"consultation {c.name}"
        periods.require(c.period, f"{where}, period")
        key = (c.portfolio, c.period, c.name)
        if key in stored:
            raise InvalidInput(f"{c.name} is on the {c.portfolio} {c.period} consultation list already", where=where)
        stored.add(key)


def record_homes(history: History, snapshot) -> None:
    for p in snapshot.portfolios:
        history.created(Entity.PORTFOLIO, p.code, p.model_dump(exclude={"code"}))
    for c in snapshot.consultations:
        history.created(Entity.CONSULTATION, consultation_ref(c.portfolio, c.name), {"name": c.name, "area": c.area},
                        period=c.period)


def consultation_ref(portfolio: str, name: str) -> str:
    """How history names one person on a paper's consultation list (with the period beside it)."""
    return f"{portfolio}/{name}"
