"""The store's writes of narrative: a workstream's (or a dashboard section's) longer text for a
period, printed in the paper under its rationale. Its lead (or an admin) writes a workstream's;
an admin a section's; a closed period's is frozen like its RAGs."""

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from .access import authorize
from .enums import Entity
from .errors import InvalidInput, NotFound
from .history import History, writing
from .models import Period, Portfolio, Section, Workstream
from .paper_models import Narrative
from .rules import refuse_closed
from .schemas import validated
from .writers import check_version




def set_narrative(*, session: Session, actor: str, period: str, text: str, workstream: str | None = None,
                  section: str | None = None, expected: int | None = None) -> bool:
    """Set the longer text of `workstream` (its lead's, or an admin's) or of dashboard `section`
    (an admin's) for `period`; "" removes it. A closed period's narrative is frozen like its
    RAGs. Returns whether anything changed."""
    from .paper_schemas import NarrativeRecord

    if (workstream is None) == (section is None):
        raise InvalidInput("a narrative is of one workstream or one section", where="narrative")
    where = f"narrative of {'workstream ' + workstream if workstream else 'section ' + section}, {period}"
    validated(NarrativeRecord, {"period": period, "text": text}, where=where)
    entity, ref = (Entity.NARRATIVE, workstream) if workstream else (Entity.SECTION, section)
    with writing(session, actor) as history:
        check_version(session, entity, ref, expected, period)
        return write_narrative(session, history, period, text, workstream, section, where)


def write_narrative(session: Session, history: History, period: str, text: str, workstream: str | None,
                    section: str | None, where: str) -> bool:
    """The one writer of a narrative, inside the caller's transaction (set_narrative, undo): the
    period open, the rights, then the row and its history."""
    entity, ref = (Entity.NARRATIVE, workstream) if workstream else (Entity.SECTION, section)
    row = session.execute(select(Period.id, Period.closed).where(Period.label == period)).first()
    if row is None:
        raise NotFound(f"no period {period!r}", where=f"{where}, period")
    refuse_closed(period, row.closed, "narrative", where)
    column, target = narrated(session, history.actor, workstream, section, where)
    old = session.execute(select(Narrative.id, Narrative.text).where(column == target,
                                                                      Narrative.period_id == row.id)).first()
    text = text if text.strip() else ""
    if (old.text if old else "") == text:
        return False
    if old and not text:
        session.execute(delete(Narrative).where(Narrative.id == old.id))
        history.deleted(entity, ref, {"narrative": old.text}, period=period)
    elif old:
        session.execute(update(Narrative).where(Narrative.id == old.id).values(text=text))
        history.updated(entity, ref, {"narrative": old.text}, {"narrative": text}, period=period)
    else:
        session.execute(insert(Narrative).values({column.key: target, "period_id": row.id, "text": text}))
        history.created(entity, ref, {"narrative": text}, period=period)
    return True


def narrated(session: Session, actor: str, workstream: str | None, section: str | None, where: str):
    """The column and id a narrative hangs on, after the rights to write it."""
    if workstream is not None:
        row = session.execute(select(Workstream.id, Workstream.lead, Portfolio.code)
                              .join(Portfolio, Portfolio.id == Workstream.portfolio_id)
                              .where(Workstream.ref == workstream)).first()
        if row is None:
            raise NotFound(f"no workstream {workstream!r}", where=where)
        authorize(session, actor, where, owner=row.lead, portfolio=row.code)
        return Narrative.workstream_id, row.id
    row = session.execute(select(Section.id, Portfolio.code).join(Portfolio, Portfolio.id == Section.portfolio_id)
                          .where(Section.code == section)).first()
    if row is None:
        raise NotFound(f"no section {section!r}", where=where)
    authorize(session, actor, where, admin_only=True)
    return Narrative.section_id, row.id
