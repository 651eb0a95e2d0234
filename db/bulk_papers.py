"""Import's papers and narratives: checked against what is stored and what the file adds, then
inserted with one create event per field, as the store's own writes record them."""

from sqlalchemy import insert, select
from sqlmodel import Session

from .enums import Entity, PaperStatus, SectionKind
from .errors import InvalidInput
from .history import History
from .models import Period, Portfolio, Section, Workstream
from .paper_models import Narrative, Paper, PaperSection
from .paper_schemas import FRONT_FIELDS, NarrativeRecord, PaperRecord
from .papers import SECTION_FIELDS, PaperKey


def _key(paper: PaperRecord) -> PaperKey:
    return PaperKey(paper.portfolio or "", paper.period, paper.kind)


def check_papers(session: Session, snapshot, keys) -> None:
    """A paper's period exists, it is the only one of its kind for its portfolio and period (in
    the file and stored), and its sections' keys are its own; a narrative's workstream or section
    and period exist, once per period."""
    stored = set(session.execute(select(Portfolio.code, Period.label, Paper.kind)
                                 .join(Portfolio, Portfolio.id == Paper.portfolio_id)
                                 .join(Period, Period.id == Paper.period_id)).all())
    for paper in snapshot.papers:
        key = _key(paper)
        keys["period"].require(paper.period, f"{key.where}, period")
        if (key.portfolio, key.period, key.kind) in stored:
            raise InvalidInput(f"there is a {key.kind!r} paper of {key.portfolio} for {key.period} already",
                               where=key.where)
        stored.add((key.portfolio, key.period, key.kind))
        seen: set[str] = set()
        for section in paper.section:
            if section.key in seen:
                raise InvalidInput(f"section {section.key!r} is in the paper twice", where=f"{key.where}, section")
            seen.add(section.key)
    narrated: set[tuple[str, str, str]] = set()
    for n in snapshot.narratives:
        what, ref = ("workstream", n.workstream) if n.workstream is not None else ("section", n.section)
        where = f"narrative of {what} {ref}, {n.period}"
        if (n.workstream is None) == (n.section is None):
            raise InvalidInput("a narrative names one workstream or one section", where=where)
        keys[what].require(ref, where)
        keys["period"].require(n.period, f"{where}, period")
        if (what, ref, n.period) in narrated:
            raise InvalidInput(f"a second narrative of {what} {ref} for {n.period}", where=where)
        narrated.add((what, ref, n.period))
    _refuse_stored_narratives(session, snapshot)


def _refuse_stored_narratives(session: Session, snapshot) -> None:
    if not snapshot.narratives:
        return
    def stored_of(column, link):
        return session.execute(select(Period.label, column).select_from(Narrative)
                               .join(Period, Period.id == Narrative.period_id).join(link[0], link[1])).all()

    stored = {("workstream", ref, label)
              for label, ref in stored_of(Workstream.ref, (Workstream, Workstream.id == Narrative.workstream_id))}
    stored |= {("section", code, label)
               for label, code in stored_of(Section.code, (Section, Section.id == Narrative.section_id))}
    for n in snapshot.narratives:
        what, ref = ("workstream", n.workstream) if n.workstream is not None else ("section", n.section)
        if (what, ref, n.period) in stored:
            raise InvalidInput(f"{what} {ref} has a narrative for {n.period} already",
                               where=f"narrative of {what} {ref}, {n.period}")


def insert_papers(session: Session, history: History, snapshot, homes: dict[str, int], keys) -> None:
    """The file's papers with their sections, and its narratives, with their history."""
    periods = keys["period"].ids
    for paper in snapshot.papers:
        key = _key(paper)
        front = {f: getattr(paper, f) for f in FRONT_FIELDS}
        status = PaperStatus(paper.status).value
        paper_id = session.execute(insert(Paper).values(
            portfolio_id=homes[key.portfolio], period_id=periods[key.period], kind=key.kind,
            template=paper.template, status=status, **front)).inserted_primary_key[0]
        history.created(Entity.PAPER, key.ref, front | {"status": status, "template": paper.template or None},
                        period=key.period)
        rows = []
        for position, section in enumerate(paper.section, start=1):
            values = section.model_dump(exclude={"key"}) | {"position": position,
                                                             "kind": SectionKind(section.kind).value}
            rows.append({"paper_id": paper_id, "key": section.key, **values})
            history.created(Entity.PAPER_SECTION, key.section_ref(section.key),
                            {f: values[f] for f in SECTION_FIELDS}, period=key.period)
        if rows:
            session.execute(insert(PaperSection), rows)
    _insert_narratives(session, history, snapshot.narratives, keys)


def _insert_narratives(session: Session, history: History, narratives: list[NarrativeRecord], keys) -> None:
    if not narratives:
        return
    keys["workstream"].refresh(session)
    rows = []
    for n in narratives:
        text = n.text if n.text.strip() else ""
        if not text:
            continue
        if n.workstream is not None:
            rows.append({"workstream_id": keys["workstream"].ids[n.workstream], "section_id": None})
            history.created(Entity.NARRATIVE, n.workstream, {"narrative": text}, period=n.period)
        else:
            rows.append({"workstream_id": None, "section_id": keys["section"].ids[n.section]})
            history.created(Entity.SECTION, n.section, {"narrative": text}, period=n.period)
        rows[-1] |= {"period_id": keys["period"].ids[n.period], "text": text}
    if rows:
        session.execute(insert(Narrative), rows)
