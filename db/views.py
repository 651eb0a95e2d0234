"""Read models and derived views: what the dashboard, the lists and the reports show.

Queries return plain frozen dataclasses built from column rows, so nothing lazy-loads later.
"""

import datetime as dt
from typing import Any
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Date, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from . import clock
from .enums import ActionStatus, Rag
from .errors import NotFound
from .models import Action, Assessment, Commentary, MeasureValue, Period, Risk, Section, Workstream

_DIGITS = re.compile(r"\d+")


def _digits(match: re.Match) -> str:
    number = match.group().lstrip("0") or "0"
    return f"{len(number):03d}{number}"


@lru_cache(maxsize=65536)
def natural_key(ref: str) -> str:
    """A text that sorts "5.4.10" after "5.4.9": each run of digits is prefixed by its length.

    The store keeps it in `sort_key` columns, so the database can sort in this order too.
    """
    return _DIGITS.sub(_digits, ref)


def change_label(current: Rag | None, previous: Rag | None) -> str | None:
    """The board paper's words for how a RAG moved since the previous period."""
    if current is None:
        return None
    if previous is None:
        return "New"
    if current == previous:
        return "No change"
    if previous == Rag.NOT_GRADED:
        return "Prev. not graded"
    return f"Previously {previous.label}"


# ---------------------------------------------------------------------------------------------
# Periods


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    id: int
    label: str
    start: dt.date
    end: dt.date
    closed: bool


_PERIOD_ORDER = (Period.end_date, Period.start_date.desc(), Period.label)
"""By end date; of two ending together (a year and its last quarter) the longer counts as later,
so a new quarter does not take over from the year it closes."""


def _period_info(row) -> PeriodInfo:
    return PeriodInfo(row.id, row.label, row.start_date, row.end_date, row.closed)


def periods(session: Session) -> list[PeriodInfo]:
    """Every period, oldest first (by end date)."""
    rows = session.execute(select(Period).order_by(*_PERIOD_ORDER)).scalars()
    return [_period_info(row) for row in rows]


def period_by_label(session: Session, label: str) -> PeriodInfo:
    row = session.execute(select(Period).where(Period.label == label)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no period {label!r}", where="period")
    return _period_info(row)


def _used_by(model) -> Any:
    """Whether any `model` row is in the period: an index lookup per period, not a table scan."""
    return select(model.id).where(model.period_id == Period.id).exists()


_RATING_PERIOD = or_(_used_by(Assessment), ~or_(_used_by(Commentary), _used_by(MeasureValue)))
_RATING_PERIODS = select(Period).where(_RATING_PERIOD).order_by(*_PERIOD_ORDER)
_PREVIOUS_RATING_PERIOD = (
    select(Period).where(_RATING_PERIOD, Period.end_date < bindparam("start", type_=Date))
    .order_by(Period.end_date.desc(), Period.start_date, Period.label.desc()).limit(1)
)
"""Built once: a RAG save asks for the previous period every time."""


def rating_periods(session: Session) -> list[PeriodInfo]:
    """The periods RAGs are given in, oldest first: those with ratings, and those with nothing yet.

    A period that holds only plan commentary or measure values (a quarter of the plan, the
    years of a performance update) is not one the dashboard steps through or compares with.
    """
    return [_period_info(row) for row in session.execute(_RATING_PERIODS).scalars()]


def latest_period(session: Session) -> PeriodInfo | None:
    """The latest period RAGs are given in."""
    rating = rating_periods(session)
    return rating[-1] if rating else None


def previous_period(session: Session, period: PeriodInfo) -> PeriodInfo | None:
    """The latest period RAGs are given in that is over by the time `period` starts.

    Periods of different lengths live side by side (years for the dashboard, quarters for the
    plan's commitments): a quarter inside 2023 is not "the period before" 2023, 2022 is.
    """
    row = session.execute(_PREVIOUS_RATING_PERIOD, {"start": period.start}).scalar()
    return None if row is None else _period_info(row)


# ---------------------------------------------------------------------------------------------
# The dashboard


@dataclass(frozen=True, slots=True)
class WorkstreamRow:
    """A workstream as the dashboard shows it for one period."""

    ref: str
    name: str
    section: str
    section_name: str
    lead: str | None
    status: str
    rag: Rag | None
    previous_rag: Rag | None
    change: str | None
    rationale: str | None


@dataclass(frozen=True, slots=True)
class Movement:
    ref: str
    name: str
    previous: Rag
    current: Rag

    @property
    def direction(self) -> str:
        return "better" if self.current.rank > self.previous.rank else "worse"


@dataclass(frozen=True, slots=True)
class Summary:
    """The period in numbers, as the executive summary puts it."""

    reported: int
    counts: dict[Rag, int]
    moved: list[Movement]
    dropped: list[WorkstreamRow]
    """Reported last period and not now, with their lifecycle status."""

    @property
    def worse(self) -> int:
        return sum(m.direction == "worse" for m in self.moved)

    @property
    def better(self) -> int:
        return sum(m.direction == "better" for m in self.moved)

    def line(self) -> str:
        """ "10 reported · 7 Green · 3 Amber · 0 Red · 1 worse, 0 better" """
        parts = [f"{self.reported} reported"]
        parts += [f"{self.counts.get(rag, 0)} {rag.label}" for rag in (Rag.GREEN, Rag.AMBER, Rag.RED)]
        if self.counts.get(Rag.NOT_GRADED):
            parts.append(f"{self.counts[Rag.NOT_GRADED]} not graded")
        return " · ".join(parts) + f" · {self.worse} worse, {self.better} better"


@dataclass(frozen=True, slots=True)
class Dashboard:
    period: PeriodInfo | None
    previous: PeriodInfo | None
    rows: list[WorkstreamRow] = field(default_factory=list)

    @property
    def reported(self) -> list[WorkstreamRow]:
        return [row for row in self.rows if row.rag is not None]

    def summary(self) -> Summary:
        reported = self.reported
        moved = [
            Movement(r.ref, r.name, r.previous_rag, r.rag)
            for r in reported
            if r.previous_rag is not None and r.rag.rank and r.previous_rag.rank and r.rag != r.previous_rag
        ]
        dropped = [r for r in self.rows if r.rag is None and r.previous_rag is not None]
        return Summary(len(reported), Counter(r.rag for r in reported), moved, dropped)


def dashboard(
    session: Session, period: str | None = None, *, ref: str | None = None, limit: int | None = None
) -> Dashboard:
    """Every workstream (or just `ref`, or the first `limit`) with its RAG for `period`
    (default: the latest) and the one before, by section and ref in natural order."""
    target = period_by_label(session, period) if period else latest_period(session)
    before = None if target is None else previous_period(session, target)
    current, previous = aliased(Assessment), aliased(Assessment)
    query = (
        select(
            Workstream.ref,
            Workstream.name,
            Section.code,
            Section.name.label("section_name"),
            Workstream.lead,
            Workstream.status,
            current.rag,
            previous.rag.label("previous_rag"),
            current.rationale,
        )
        .join(Section, Section.id == Workstream.section_id)
        .outerjoin(current, and_(current.workstream_id == Workstream.id, current.period_id == _id(target)))
        .outerjoin(previous, and_(previous.workstream_id == Workstream.id, previous.period_id == _id(before)))
    )
    query = query.order_by(Section.sort_key, Workstream.sort_key)
    if ref is not None:
        query = query.where(Workstream.ref == ref)
    if limit is not None:
        query = query.limit(limit)
    rows = []
    for r in session.execute(query):
        rag = None if r.rag is None else Rag(r.rag)
        prev = None if r.previous_rag is None else Rag(r.previous_rag)
        rows.append(
            WorkstreamRow(
                r.ref, r.name, r.code, r.section_name, r.lead, r.status, rag, prev, change_label(rag, prev), r.rationale
            )
        )
    return Dashboard(target, before, rows)


@dataclass(frozen=True, slots=True)
class PeriodNumbers:
    """The dashboard's summary line, counted by the database: it costs the same for 100
    workstreams as for 100,000. `dashboard(...).summary()` gives the same figures with names."""

    reported: int
    counts: dict[Rag, int]
    worse: int
    better: int
    dropped: list[WorkstreamRow]
    """Reported last period and not now (the first DROPPED_SHOWN of them)."""
    dropped_total: int

    def line(self) -> str:
        return Summary.line(self)


DROPPED_SHOWN = 20


def period_numbers(session: Session, period: str | None = None) -> PeriodNumbers | None:
    """Counts for `period`'s summary line; None when there are no periods."""
    target = period_by_label(session, period) if period else latest_period(session)
    if target is None:
        return None
    before = previous_period(session, target)
    current, previous = aliased(Assessment), aliased(Assessment)
    counts: Counter[Rag] = Counter()
    worse = better = 0
    pairs = (
        select(current.rag, previous.rag, func.count())
        .outerjoin(previous, and_(previous.workstream_id == current.workstream_id, previous.period_id == _id(before)))
        .where(current.period_id == target.id)
        .group_by(current.rag, previous.rag)
    )
    for now, then, n in session.execute(pairs):
        now, then = Rag(now), Rag(then) if then else None
        counts[now] += n
        if then is not None and now.rank and then.rank and now != then:
            worse += n if now.rank < then.rank else 0
            better += n if now.rank > then.rank else 0
    dropped_query = (
        select(Workstream.ref, Workstream.name, Section.code, Section.name, Workstream.lead, Workstream.status,
               previous.rag)
        .join(Section, Section.id == Workstream.section_id)
        .join(previous, and_(previous.workstream_id == Workstream.id, previous.period_id == _id(before)))
        .outerjoin(current, and_(current.workstream_id == Workstream.id, current.period_id == target.id))
        .where(current.id.is_(None))
    )
    total = session.execute(select(func.count()).select_from(dropped_query.subquery())).scalar()
    dropped = [
        WorkstreamRow(ref, name, code, section_name, lead, status, None, Rag(old), None, None)
        for ref, name, code, section_name, lead, status, old in session.execute(
            dropped_query.order_by(Section.sort_key, Workstream.sort_key).limit(DROPPED_SHOWN)
        )
    ]
    return PeriodNumbers(sum(counts.values()), dict(counts), worse, better, dropped, total)


def _id(period: PeriodInfo | None) -> int:
    return -1 if period is None else period.id


# ---------------------------------------------------------------------------------------------
# Actions, risks, history


@dataclass(frozen=True, slots=True)
class ActionRow:
    ref: str
    title: str
    owner: str | None
    due_date: dt.date | None
    status: str
    completed_on: dt.date | None
    workstream: str | None
    risk: str | None
    overdue: bool


def actions(session: Session, *, today: dt.date | None = None) -> list[ActionRow]:
    """All actions for improvement, by due date (undated last), then ref."""
    today = today or clock.today()
    ws, risk = aliased(Workstream), aliased(Risk)
    query = (
        select(Action, ws.ref.label("workstream"), risk.ref.label("risk"))
        .outerjoin(ws, ws.id == Action.workstream_id)
        .outerjoin(risk, risk.id == Action.risk_id)
    )
    rows = []
    for action, workstream, risk_ref in session.execute(query):
        open_ = action.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        overdue = open_ and action.due_date is not None and action.due_date < today
        rows.append(
            ActionRow(
                action.ref, action.title, action.owner, action.due_date, action.status,
                action.completed_on, workstream, risk_ref, overdue,
            )
        )
    rows.sort(key=lambda r: (r.due_date is None, r.due_date or dt.date.max, natural_key(r.ref)))
    return rows


@dataclass(frozen=True, slots=True)
class RiskRow:
    ref: str
    title: str
    owner: str | None
    workstream: str | None
    likelihood: int | None
    impact: int | None
    score: int | None
    target_score: int | None
    status: str
    review_date: dt.date | None
    on_register: bool
    actions: int
    """How many mitigating actions point at this risk."""


def risks(session: Session) -> list[RiskRow]:
    """The register, highest score first (unscored last), then ref."""
    ws = aliased(Workstream)
    counts = (
        select(Action.risk_id, func.count().label("n")).where(Action.risk_id.is_not(None)).group_by(Action.risk_id)
    ).subquery()
    query = (
        select(Risk, ws.ref.label("workstream"), func.coalesce(counts.c.n, 0))
        .outerjoin(ws, ws.id == Risk.workstream_id)
        .outerjoin(counts, counts.c.risk_id == Risk.id)
    )
    rows = [
        RiskRow(
            r.ref, r.title, r.owner, workstream, r.likelihood, r.impact, r.score, r.target_score,
            r.status, r.review_date, r.on_register, n,
        )
        for r, workstream, n in session.execute(query)
    ]
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), natural_key(r.ref)))
    return rows
