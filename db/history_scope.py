"""Which change events are about a portfolio's records: `tracker history --portfolio`.

Events name their record by entity and ref, not by portfolio, so the condition looks each ref up
in its table (as it is now: an event about a record since deleted has no home left to match).
It is one condition on change_event, so the history stays one query, newest first, paged by id.
"""

from sqlalchemy import String, and_, cast, exists, func, or_, select

from .enums import Entity
from .models import Action, ChangeEvent, Commitment, Measure, Priority, Risk, Section, Workstream
from .scopes import Scope

_BY_REF = {
    (Entity.WORKSTREAM, Entity.ASSESSMENT): (Workstream, Workstream.ref),
    (Entity.ACTION,): (Action, Action.ref),
    (Entity.RISK,): (Risk, Risk.ref),
    (Entity.MEASURE,): (Measure, Measure.ref),
    (Entity.COMMITMENT,): (Commitment, Commitment.ref),
    (Entity.SECTION,): (Section, Section.code),
    (Entity.PRIORITY,): (Priority, cast(Priority.number, String)),
}
"""Each kind of event and the table column its ref is (an assessment is named by its workstream)."""


def in_portfolio(where: Scope):
    """A condition on ChangeEvent keeping the events about records of `where` (None: no condition)."""
    if where.ids is None:
        return None
    ids = list(where.ids)
    codes = [where.codes[i] for i in ids]
    parts = [
        and_(ChangeEvent.entity.in_([e.value for e in entities]),
             ChangeEvent.ref.in_(select(column).where(table.portfolio_id.in_(ids))))
        for entities, (table, column) in _BY_REF.items()
    ]
    parts.append(and_(ChangeEvent.entity == Entity.COMMENTARY.value, exists(  # "COMMITMENT/TEAM"
        select(Commitment.id).where(Commitment.portfolio_id.in_(ids),
                                    func.substr(ChangeEvent.ref, 1, func.length(Commitment.ref) + 1)
                                    == Commitment.ref + "/"))))
    parts.append(and_(ChangeEvent.entity == Entity.PORTFOLIO.value, ChangeEvent.ref.in_(codes)))
    parts.append(and_(ChangeEvent.entity == Entity.CONSULTATION.value,  # "PORTFOLIO/NAME"
                      or_(*(ChangeEvent.ref.startswith(f"{code}/", autoescape=True) for code in codes))))
    return or_(*parts)
