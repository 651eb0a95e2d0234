"""Before an editor opens: whether the acting user may change a paper or a narrative at all,
asked with the store's own rules (db/papers.py, db/rules.py), so that a screen can say why not
before anyone types. Reads only; the store asks the same again when it writes.

Also the one read of a paper's consultation list, for the screens' preview of it.
"""

from sqlalchemy import select
from sqlmodel import Session

from .errors import NotFound, TrackerError
from .models import Consultation, Period, Portfolio
from .narratives import narrated
from .papers import PaperKey, authorize_paper, find_paper
from .rules import refuse_closed, refuse_frozen_paper


def paper_refusal(session: Session, actor: str, key: PaperKey, what: str) -> str | None:
    """Why `actor` may not change `what` of the paper `key` (no such paper, frozen, no rights);
    None when they may."""
    try:
        found = find_paper(session, key)
        authorize_paper(session, actor, key, what)
        refuse_frozen_paper(found.status, found.version, key.where)
    except TrackerError as exc:
        return str(exc)
    return None


def narrative_refusal(session: Session, actor: str, period: str, workstream: str) -> str | None:
    """Why `actor` may not set `workstream`'s narrative for `period` (a closed or missing period,
    no rights, no such workstream); None when they may."""
    where = f"narrative of workstream {workstream}, {period}"
    try:
        row = session.execute(select(Period.closed).where(Period.label == period)).first()
        if row is None:
            raise NotFound(f"no period {period!r}", where=f"{where}, period")
        refuse_closed(period, row.closed, "narrative", where)
        narrated(session, actor, workstream, None, where)
    except TrackerError as exc:
        return str(exc)
    return None


def consulted(session: Session, portfolio: str, period: str) -> list[tuple[str, str]]:
    """The people `portfolio`'s paper for `period` says were consulted, (name, area), in order."""
    return [tuple(row) for row in session.execute(
        select(Consultation.name, Consultation.area)
        .join(Portfolio, Portfolio.id == Consultation.portfolio_id).join(Period, Period.id == Consultation.period_id)
        .where(Portfolio.code == portfolio, Period.label == period).order_by(Consultation.position))]
