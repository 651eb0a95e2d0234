"""The rules of a single change, applied to an import as if each record were entered in order:
a snapshot is refused where one of its records would be refused on its own.

Periods the file adds are created open and closed after their records are in, so a whole
export loads into an empty database (and exports again identically); a period stored closed
already takes nothing.
"""

from sqlalchemy import select, update
from sqlmodel import Session

from .access import authorize_links
from .enums import Entity, Rag
from .history import History
from .models import Assessment, Period, Workstream
from .rules import check_commentary_team, refuse_closed, require_rationale
from .views import period_by_label, previous_period


def check_records(session: Session, snapshot) -> None:
    """Before anything is inserted: nothing in a stored closed period, commentary only from owners
    (measure values: db/bulk_measures.check_values)."""
    closed = set(session.execute(select(Period.label).where(Period.closed)).scalars())
    nested = (("workstream", "assessment", "rag", snapshot.assessments),
              ("commitment", "commentary", "commentary", snapshot.commentary))
    for kind, what, frozen, records in nested:
        for ref, items in records.items():
            for item in items:
                where = f"{kind} {ref}, {what} {item.period}"
                refuse_closed(item.period, item.period in closed, frozen, f"{where}, period")
    owners = {c.ref: c.owners for c in snapshot.commitments}
    for ref, items in snapshot.commentary.items():
        for n in items:
            check_commentary_team(ref, owners.get(ref, []), n.team, where=f"commitment {ref}, commentary {n.period}, team")


def check_links(session: Session, actor: str, kind: str, records: list[dict]) -> None:
    """Attaching a risk or action to a record needs its owner's rights (access.authorize_links);
    called once the records linked to are in."""
    fields = ("workstream",) if kind == "risk" else ("workstream", "risk")
    for record in records:
        authorize_links(session, actor, f"{kind} {record['ref']}", {f: record.get(f) for f in fields})


def check_ratings(session: Session, snapshot) -> None:
    """Each imported RAG against the previous period's, as `set_rating` checks it: a different
    RAG (or a first one) needs a rationale. Called once periods and ratings are in."""
    ids = dict(session.execute(select(Workstream.ref, Workstream.id)).all())
    stored = {(w, p): Rag(rag) for w, p, rag in session.execute(
        select(Assessment.workstream_id, Assessment.period_id, Assessment.rag))}
    previous: dict[str, int | None] = {}
    for ref, items in snapshot.assessments.items():
        for a in items:
            if a.period not in previous:  # one look-up per period, not per rating
                before = previous_period(session, period_by_label(session, a.period))
                previous[a.period] = None if before is None else before.id
            was = stored.get((ids[ref], previous[a.period]))
            require_rationale(Rag(a.rag), was, a.rationale, f"workstream {ref}, assessment {a.period}")


def close_periods(session: Session, history: History, snapshot) -> None:
    """Close the file's closed periods now that their records are in, recorded as a close."""
    for p in snapshot.periods:
        if p.closed:
            session.execute(update(Period).where(Period.label == p.label).values(closed=True))
            history.updated(Entity.PERIOD, p.label, {"closed": False}, {"closed": True})
