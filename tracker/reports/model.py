"""What a board report says, computed from the store; the renderers only lay it out."""

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session

from tracker.db import clock, plan, views
from tracker.db.enums import Rag
from tracker.db.errors import InvalidInput
from tracker.db.commitments import CommitmentRow
from tracker.db.measures import MeasureRow
from tracker.db.views import ActionRow, Dashboard, PeriodInfo, RiskRow, WorkstreamRow


@dataclass(frozen=True)
class SectionBlock:
    code: str
    name: str
    rows: list[WorkstreamRow]


@dataclass(frozen=True)
class PlanBlock:
    """One plan priority with its commitments, as the quarterly update lays them out."""

    number: int
    title: str
    objective: str
    rows: list[CommitmentRow]


@dataclass(frozen=True)
class MeasureBlock:
    """The measures of one area, as the performance update tables them."""

    area: str
    rows: list[MeasureRow]

    @property
    def footnotes(self) -> list[str]:
        """Each footnote once, after the refs of the measures it is about; then where survey
        figures come from, the question asked and the sample sizes, the same way."""
        refs: dict[str, list[str]] = {}
        for row in self.rows:
            for note in (*row.footnotes, survey_note(row)):
                if note:
                    refs.setdefault(note, []).append(row.ref)
        return [f"{', '.join(found)}: {note}" for note, found in refs.items()]


def survey_note(row: MeasureRow) -> str:
    """ "Source: User satisfaction survey; asked: ...; sample 1,200 / 1,150" ("" for none)."""
    parts = [f"source: {row.source}"] if row.source else []
    if row.question:
        parts.append(f"asked: {row.question}")
    sizes = [v.n for v in (row.last_value, row.this_value) if v is not None and v.n is not None]
    if sizes:
        parts.append("sample " + " / ".join(f"{n:,}" for n in sizes))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


NO_UPDATE = "No update this quarter."
IN_PARTS = "Reported under each part below."
COMMITMENT_HEADINGS = ["We will", "Commentary", "Who"]
SUB_MARK = "– "
"""A sub-commitment's mark under its parent, once per level (every format folds leading spaces)."""


def commitment_cells(row: CommitmentRow) -> list[str]:
    """We will (a sub-commitment indented under its parent), the commentary by team (one
    paragraph each), and the owning teams."""
    commentary = "\n".join(f"{note.team}: {note.text}" for note in row.commentary)
    text = f"{SUB_MARK * row.depth}{row.text}"
    return [text, commentary or (IN_PARTS if row.children else NO_UPDATE), "; ".join(row.owners)]


@dataclass(frozen=True)
class Report:
    """Everything one report shows, in the order it shows it."""

    title: str
    period: PeriodInfo
    previous: PeriodInfo | None
    written: dt.date
    author: str
    scope: str
    """Which part of the portfolio: "All workstreams", or the sections and refs chosen."""
    summary: list[str]
    sections: list[SectionBlock]
    risks: list[RiskRow]
    actions: list[ActionRow]
    overdue: set[str] = field(default_factory=set)
    plan_period: str | None = None
    """The quarter whose commentary the commitments section shows."""
    plan: list[PlanBlock] = field(default_factory=list)
    measures: list[MeasureBlock] = field(default_factory=list)
    head: str = ""
    """The history's head it was written at, COUNT:HASH: `tracker verify --head` checks it later."""
    portfolio: str = ""
    """The portfolio it is for, as the front sheet names it: "Collaboration (collab)"."""
    portfolio_code: str | None = None
    """Its code ("collab"), for the paper's default file name."""
    as_at: dt.date | None = None
    """The date "overdue" was judged at (tracker.db.progress.judged_at)."""
    trend_periods: tuple[str, ...] = ()
    """The periods the dashboard's trend column covers, oldest first (the report's last)."""

    @property
    def trend_heading(self) -> str:
        """ "Trend 2020–2023": the trend column's heading names the periods it covers."""
        periods = self.trend_periods or (self.period.label,)
        return f"Trend {periods[0]}" + (f"–{periods[-1]}" if len(periods) > 1 else "")

    @property
    def facts(self) -> list[tuple[str, str]]:
        """The front sheet's facts, label and value, in order (every format shows the same)."""
        facts = [("Portfolio", self.portfolio)] if self.portfolio else []
        facts += [("Period", self.period.label), ("Date written", _long_date(self.written)),
                  ("Author", self.author), ("Scope", self.scope)]
        facts += [("Overdue as at", _long_date(self.as_at))] if self.as_at else []
        return facts + ([("History head", self.head)] if self.head else [])

    @property
    def overdue_line(self) -> str:
        """Said above the actions: the date they were judged overdue at."""
        return f"Overdue as at {_long_date(self.as_at)}." if self.as_at else ""

    @property
    def workstreams(self) -> list[WorkstreamRow]:
        """The rated ones, each with its rationale (the table lists the not yet rated too)."""
        return [row for block in self.sections for row in block.rows if row.rag is not None]

    @property
    def previous_label(self) -> str:
        return self.previous.label if self.previous else "previous"


NO_RISKS = "There are no strategic risks in this portfolio at present."
NO_ACTIONS = "There are no actions for improvement in this portfolio at present."


def _long_date(day: dt.date) -> str:
    from tracker.reports.style import long_date

    return long_date(day)


def build_report(
    session: Session,
    *,
    period: str | None,
    author: str,
    title: str = "Performance and scrutiny report",
    sections: list[str] = (),
    refs: list[str] = (),
    today: dt.date | None = None,
    portfolio: str | None = None,
    as_at: dt.date | None = None,
) -> Report:
    """The report of `portfolio` (default: the only one holding records) for `period` (default:
    its latest), limited to `sections` and `refs` if given; overdue as at `as_at` (default:
    judged_at's)."""
    from tracker.db.progress import judged_at
    from tracker.db.verify import current_head
    from tracker.reports.scope import check_period, paper_portfolio

    today = today or clock.today()
    paper, where = paper_portfolio(session, portfolio)
    check_period(session, where, period)
    head = str(current_head(session))
    board = views.dashboard(session, period, portfolio=where.code)
    if board.period is None:
        raise InvalidInput("there are no periods yet; add one with `tracker period add`", where="--period")
    at = judged_at(board.period, as_at, today=today)
    chosen = _choose(board.rows, sections, refs)
    chosen_board = Dashboard(board.period, board.previous, chosen)
    selected = {row.ref for row in chosen}
    whole = not sections and not refs
    risks = [r for r in views.risks(session, portfolio=where.code)
             if r.status != "closed" and (whole or r.workstream in selected)]
    risk_refs = {r.ref for r in risks}
    actions = [
        a for a in views.actions(session, today=at, portfolio=where.code)
        if _current(a, board.period) and (whole or a.workstream in selected or a.risk in risk_refs)
    ]
    plan_period, plan_blocks = _plan(session, board.period, where.code) if whole else (None, [])
    measure_rows = [m for m in plan.measures(session, None, as_of=board.period, portfolio=where.code)
                    if whole or m.workstream in selected]
    return Report(
        title=title, period=board.period, previous=board.previous, written=today, author=author,
        scope=_scope(sections, refs), summary=summary_sentences(chosen_board),
        sections=_blocks(_tabled(chosen_board)), risks=risks, actions=actions,
        overdue={a.ref for a in actions if a.overdue},
        plan_period=plan_period, plan=plan_blocks, measures=_measure_blocks(measure_rows), head=head,
        portfolio=paper.shown, portfolio_code=where.code, as_at=at, trend_periods=board.trend_periods,
    )


def _plan(session: Session, period: PeriodInfo, portfolio: str | None) -> tuple[str | None, list[PlanBlock]]:
    """`portfolio`'s commitments with the latest quarter's commentary up to the report's period."""
    rows = plan.commitments(session, None, portfolio=portfolio)
    if not rows:
        return None, []
    quarter = plan.commentary_period(session, up_to=period)
    rows = plan.commitments(session, quarter.label if quarter else None, portfolio=portfolio)
    blocks = [PlanBlock(p.number, p.title, p.objective, [r for r in rows if r.priority == p.number])
              for p in plan.plan_priorities(session, rows)]
    return (quarter.label if quarter else None), [b for b in blocks if b.rows]


def _measure_blocks(rows: list[MeasureRow]) -> list[MeasureBlock]:
    blocks: list[MeasureBlock] = []
    for row in rows:
        if not blocks or blocks[-1].area != row.area:
            blocks.append(MeasureBlock(row.area, []))
        blocks[-1].rows.append(row)
    return blocks


def _choose(rows: list[WorkstreamRow], sections: list[str], refs: list[str]) -> list[WorkstreamRow]:
    known_sections = {row.section for row in rows}
    for code in sections:
        if code not in known_sections:
            raise InvalidInput(f"no section {code!r}", where="--section")
    known_refs = {row.ref for row in rows}
    for ref in refs:
        if ref not in known_refs:
            raise InvalidInput(f"no workstream {ref!r}", where="--ref")
    if not sections and not refs:
        return rows
    return [row for row in rows if row.section in sections or row.ref in refs]


def _current(action: ActionRow, period: PeriodInfo) -> bool:
    """Open work, and work finished since the period began; cancelled actions are left out."""
    if action.status == "cancelled":
        return False
    return action.status != "done" or (action.completed_on is not None and action.completed_on >= period.start)


def _tabled(board: Dashboard) -> list[WorkstreamRow]:
    """Table 1's rows: the rated, and the active ones not yet rated ("Not rated in 2024"); what is
    no longer reported is said in the summary instead."""
    return [row for row in board.rows if row.rag is not None or row.status == "active"]


def _blocks(rows: list[WorkstreamRow]) -> list[SectionBlock]:
    blocks: list[SectionBlock] = []
    for row in rows:
        if not blocks or blocks[-1].code != row.section:
            blocks.append(SectionBlock(row.section, row.section_name, []))
        blocks[-1].rows.append(row)
    return blocks


def _scope(sections: list[str], refs: list[str]) -> str:
    parts = [f"section {code}" for code in sections] + [f"workstream {ref}" for ref in refs]
    return "All workstreams" if not parts else "Limited to " + _and(parts)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_sentences(board: Dashboard) -> list[str]:
    """The executive summary in sentences, as the paper words it."""
    summary = board.summary()
    label, previous = board.period.label, board.previous.label if board.previous else None
    if not summary.reported:
        return [f"No workstreams are reported for {label}.", *_unrated(summary, label), *_dropped(summary, previous)]
    sentences = [f"{_count(summary.reported, 'workstream is', 'workstreams are')} reported for {label}."]
    sentences += _grades(summary)
    for move in summary.moved:
        sentences.append(f"{move.name} moved from {move.previous.label} to {move.current.label}.")
    for row in board.reported:
        if row.previous_rag == Rag.NOT_GRADED and row.rag != Rag.NOT_GRADED:
            sentences.append(f"{row.name} is rated {row.rag.label} after not being graded in {previous}.")
        elif row.previous_rag == Rag.UNKNOWN and row.rag != Rag.UNKNOWN:
            sentences.append(f"{row.name} is rated {row.rag.label}; its grade for {previous} is not known.")
        elif previous and row.previous_rag is None:
            sentences.append(f"{row.name} is rated {row.rag.label} and was not rated in {previous}.")
    if previous and not summary.moved:
        sentences.append(f"No workstream's rating has moved between green, amber and red since {previous}.")
    return sentences + _unrated(summary, label) + _dropped(summary, previous)


def _grades(summary) -> list[str]:
    """How the reported ones are rated; a grade the paper did not give is said apart from the rest."""
    graded = [(rag, summary.counts.get(rag, 0)) for rag in (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_GRADED)]
    parts = [f"{n} {rag.label.lower()}" for rag, n in graded if n]
    sentences = []
    if parts and summary.reported > 1:
        sentences.append(f"Of these, {parts[0].split()[0]} {'is' if parts[0].startswith('1 ') else 'are'} rated "
                         f"{_and([parts[0].split(' ', 1)[1], *parts[1:]])}.")
    elif parts:
        sentences.append(f"It is rated {parts[0].split(' ', 1)[1]}.")
    if unknown := summary.counts.get(Rag.UNKNOWN, 0):
        them = "it" if unknown == 1 else "them"
        sentences.append(f"The grade of {_count(unknown, 'workstream', 'workstreams')} is not known: "
                         f"the paper that reported {them} does not give it.")
    if not summary.counts.get(Rag.RED):
        sentences.append("None is rated red.")
    return sentences


def _unrated(summary, label: str) -> list[str]:
    if not summary.unrated:
        return []
    return [f"{_count(summary.unrated, 'workstream is', 'workstreams are')} not yet rated for {label}."]


def _dropped(summary, previous: str | None) -> list[str]:
    """No longer reported: rated last period, and now completed, closed or paused (the reason given)."""
    if not summary.dropped:
        return []
    names = [f"{row.name} ({row.status})" for row in summary.dropped]
    return [f"{_count(len(summary.dropped), 'workstream', 'workstreams')} reported in {previous} "
            f"{'is' if len(summary.dropped) == 1 else 'are'} no longer reported: {_and(names)}."]
