"""Reads of board papers: the papers of a portfolio, one paper with its numbered sections, and
the narratives of workstreams and dashboard sections for a period. Frozen read models only."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from .enums import PaperStatus, SectionKind
from .errors import InvalidInput, NotFound
from .models import Period, Portfolio, Section, Workstream
from .paper_models import Narrative, Paper, PaperSection
from .paper_schemas import FRONT_FIELDS
from .papers import SECTION_FIELDS, PaperKey
from .scopes import Scope

FRONT_LABELS = {
    "programme": "Programme", "report_to": "Report to", "title": "Title of Report",
    "marking": "Classification of Paper", "agenda_item": "Agenda Number", "chief_officer": "Chief Officer",
    "written_on": "Date Paper was Written", "version": "Version Number", "report_from": "Report from",
    "meeting": "Meeting", "meeting_date": "Date of Meeting", "authors": "Author on behalf of Chief Officer",
    "approved_on": "Date of Approval by Chief Officer", "approved_by": "Approved by",
    "cog": "COG meeting date / date of approval",
}
"""The front sheet's labels, as the seed papers print them."""


@dataclass(frozen=True)
class SectionInfo:
    key: str
    position: int
    level: int
    kind: SectionKind
    title: str
    numbered: bool
    text: str
    nil_text: str
    caption: str
    stale: bool
    number: str | None = None
    """"5" for a level 1 section, "6.1" for a level 2 one; None continues the section before."""

    @property
    def heading(self) -> str:
        """As the paper heads it: "5.0 Current Work and Performance", "6.3 Risks/Mitigation"."""
        if self.number is None:
            return ""
        shown = f"{self.number}.0" if "." not in self.number else self.number
        return f"{shown} {self.title}"

    @property
    def is_data(self) -> bool:
        return self.kind != SectionKind.NARRATIVE


@dataclass(frozen=True)
class PaperInfo:
    portfolio: str
    portfolio_name: str
    period: str
    kind: str
    template: str
    status: PaperStatus
    front: dict[str, str | dt.date | None]
    """Every front sheet field by name (FRONT_FIELDS), "" or None when not given."""

    @property
    def key(self) -> PaperKey:
        return PaperKey(self.portfolio, self.period, self.kind)

    @property
    def title(self) -> str:
        return str(self.front["title"])

    @property
    def frozen(self) -> bool:
        return self.status != PaperStatus.DRAFT


@dataclass(frozen=True)
class PaperView:
    info: PaperInfo
    sections: list[SectionInfo]

    @property
    def stale(self) -> list[SectionInfo]:
        """Sections copied from the last period's paper and not yet updated or confirmed."""
        return [s for s in self.sections if s.stale]


def numbered(rows: list[dict]) -> list[SectionInfo]:
    """Sections in order with their numbers: titled level 1 ones 1, 2, 3...; titled level 2
    ones 6.1, 6.2 under the level 1 before them; untitled ones continue (no number)."""
    out, top, sub = [], 0, 0
    for row in rows:
        number = None
        if row["title"].strip():
            if row["level"] == 1 or top == 0:
                top, sub = top + 1, 0
                number = str(top)
            else:
                sub += 1
                number = f"{top}.{sub}"
        out.append(SectionInfo(**{f: row[f] for f in ("key", *SECTION_FIELDS)} | {"kind": SectionKind(row["kind"])},
                               number=number))
    return out


_COLUMNS = (*FRONT_FIELDS, "kind", "template", "status")


def papers(session: Session, portfolio: "str | Scope | None" = None, period: str | None = None) -> list[PaperInfo]:
    """The papers of `portfolio` (a code: that portfolio's; a Scope: those in it; None: all),
    newest period first."""
    query = (select(*(getattr(Paper, c) for c in _COLUMNS), Portfolio.code, Portfolio.name, Period.label)
             .join(Portfolio, Portfolio.id == Paper.portfolio_id).join(Period, Period.id == Paper.period_id))
    if isinstance(portfolio, Scope):
        query = query.where(Paper.portfolio_id.in_(portfolio.ids)) if portfolio.ids is not None else query
    elif portfolio is not None:
        query = query.where(Portfolio.code == portfolio)
    if period is not None:
        query = query.where(Period.label == period)
    rows = session.execute(query.order_by(Period.end_date.desc(), Portfolio.sort_key, Paper.kind)).all()
    found = []
    for row in rows:
        values = dict(zip(_COLUMNS, row))
        code, name, label = row[len(_COLUMNS):]
        found.append(PaperInfo(code, name, label, values["kind"], values["template"], PaperStatus(values["status"]),
                               {f: values[f] for f in FRONT_FIELDS}))
    return found


def paper(session: Session, key: PaperKey) -> PaperView:
    """One paper with its sections, numbered; NotFound naming the papers there are."""
    found = [p for p in papers(session, key.portfolio, key.period) if p.kind == key.kind]
    if not found:
        others = papers(session, key.portfolio, key.period)
        hint = f" (its papers for {key.period}: {', '.join(repr(p.kind) for p in others)})" if others else ""
        raise NotFound(f"no {key.kind!r} paper of {key.portfolio} for {key.period}{hint}", where=key.where)
    return PaperView(found[0], sections(session, key))


def sections(session: Session, key: PaperKey) -> list[SectionInfo]:
    columns = [PaperSection.key, *(getattr(PaperSection, f) for f in SECTION_FIELDS)]
    rows = session.execute(
        select(*columns).join(Paper, Paper.id == PaperSection.paper_id)
        .join(Portfolio, Portfolio.id == Paper.portfolio_id).join(Period, Period.id == Paper.period_id)
        .where(Portfolio.code == key.portfolio, Period.label == key.period, Paper.kind == key.kind)
        .order_by(PaperSection.position, PaperSection.id)).all()
    return numbered([dict(zip(["key", *SECTION_FIELDS], row)) for row in rows])


def the_paper(session: Session, portfolio: str, period: str, kind: str | None = None) -> PaperView | None:
    """The paper a report of `portfolio` for `period` prints: the one of `kind`, or the only one;
    None when there is none. Several kinds and none chosen is refused, naming them."""
    found = papers(session, portfolio, period)
    if kind is not None:
        return paper(session, PaperKey(portfolio, period, kind))
    if not found:
        return None
    if len(found) > 1:
        raise InvalidInput(f"{portfolio} has {len(found)} papers for {period} "
                           f"({', '.join(repr(p.kind) for p in found)}); say which with --kind", where="--kind")
    return PaperView(found[0], sections(session, found[0].key))


@dataclass(frozen=True)
class Narratives:
    """The narratives of one period: by workstream ref and by dashboard section code."""

    workstreams: dict[str, str]
    sections: dict[str, str]


def narratives(session: Session, period: str) -> Narratives:
    """Every narrative of `period` (callers keep to their scope's refs and codes)."""
    base = select(Narrative.text).join(Period, Period.id == Narrative.period_id).where(Period.label == period)
    by_ref = session.execute(base.add_columns(Workstream.ref)
                             .join(Workstream, Workstream.id == Narrative.workstream_id)).all()
    by_code = session.execute(base.add_columns(Section.code).join(Section, Section.id == Narrative.section_id)).all()
    return Narratives({ref: text for text, ref in by_ref}, {code: text for text, code in by_code})


def narrative(session: Session, period: str, *, workstream: str | None = None, section: str | None = None) -> str:
    """One narrative's text ("" when none)."""
    found = narratives(session, period)
    return found.workstreams.get(workstream, "") if workstream else found.sections.get(section or "", "")
