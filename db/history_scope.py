"""Which change events belong to a portfolio's history: the one rule `changes.history` uses for
the TUI's History screen and `tracker history -P`.

An event is in a portfolio's history when it is about a record of that portfolio or one of its
children: the record as it is now (its `portfolio_id`), or, for a record since deleted or moved,
a "portfolio" field its events recorded (every homed record's creation and move writes one).
Assessments go with their workstream, a commitment's commentary ("REF/TEAM") with its
commitment, a consultation ("CODE/NAME") with its portfolio, a period with the portfolios whose
cycle it is. Users belong to no portfolio and show only in the history of all portfolios.
"""

from sqlalchemy import String, and_, cast, exists, literal, or_, select
from sqlalchemy.orm import aliased

from .enums import Entity
from .models import (
    Action, ChangeEvent, Commitment, Measure, Period, Priority, Risk, Section, Workstream,
)
from .scopes import Scope

_HOMED = {
    Entity.WORKSTREAM: Workstream, Entity.ACTION: Action, Entity.RISK: Risk, Entity.SECTION: Section,
    Entity.PRIORITY: Priority, Entity.COMMITMENT: Commitment, Entity.MEASURE: Measure,
}
"""Records with a portfolio of their own, each kept by its ref."""


def _ref_of(model):
    """The column a record's events name it by (a section's code, a priority's number as text)."""
    if model is Priority:
        return cast(Priority.number, String)
    return Section.code if model is Section else model.ref


def in_portfolio(where: Scope):
    """A condition on ChangeEvent keeping the events of `where`'s history (None: every event)."""
    if where.ids is None:
        return None
    ids = list(where.ids)
    codes = [where.codes[i] for i in ids]
    conditions = []
    for entity, model in _HOMED.items():
        refs = select(_ref_of(model)).where(model.portfolio_id.in_(ids))
        kinds = [entity, Entity.ASSESSMENT] if entity is Entity.WORKSTREAM else [entity]
        conditions.append(and_(ChangeEvent.entity.in_(kinds), ChangeEvent.ref.in_(refs)))
    conditions.append(_recorded_home(codes))
    commitment = aliased(Commitment)
    conditions.append(and_(ChangeEvent.entity == Entity.COMMENTARY, exists().where(
        commitment.portfolio_id.in_(ids), ChangeEvent.ref.startswith(commitment.ref + literal("/")))))
    conditions.append(and_(ChangeEvent.entity == Entity.CONSULTATION,
                           or_(*(ChangeEvent.ref.startswith(f"{code}/", autoescape=True) for code in codes))))
    conditions.append(and_(ChangeEvent.entity == Entity.PORTFOLIO, ChangeEvent.ref.in_(codes)))
    periods = select(Period.label) if where.cycle is None else select(Period.label).where(Period.cycle == where.cycle)
    conditions.append(and_(ChangeEvent.entity == Entity.PERIOD, ChangeEvent.ref.in_(periods)))
    return or_(*conditions)


def _recorded_home(codes: list[str]):
    """Events about a record whose own events once put it in one of `codes` (deleted or moved since)."""
    home = aliased(ChangeEvent)
    homed = [e.value for e in _HOMED]
    return and_(ChangeEvent.entity.in_(homed), exists().where(
        home.field == "portfolio", home.entity == ChangeEvent.entity, home.ref == ChangeEvent.ref,
        home.new.in_(codes)))
