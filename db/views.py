"""Read models and derived views: what the dashboard, the lists and the reports show.

Queries return plain frozen dataclasses built from column rows, so nothing lazy-loads later.
"""

import datetime as dt
from typing import Any
import re

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import aliased
from sqlmodel import Session

from . import boards, clock
from .boards import (  # noqa: F401  (their home is db/boards.py; imported from here too)
    DROPPED_SHOWN, Dashboard, Movement, PeriodInfo, PeriodNumbers, Summary, WorkstreamRow, change_label,
)
from .enums import ActionStatus, Rag
from .errors import NotFound
from .models import Action, Assessment, ChangeEvent, Commentary, MeasureValue, Period, Risk, Section, Workstream

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


# ---------------------------------------------------------------------------------------------
# Periods


def _run(session: Session) -> boards.Run:
    """Runs db/boards.py's SQL on `session`."""
    def run(sql: str, params: dict[str, Any]) -> list:
        return session.execute(_text(sql), params).all()

    return run


@lru_cache(maxsize=64)
def _text(sql: str):
    return text(sql)


def periods(session: Session) -> list[PeriodInfo]:
    """Every period, oldest first (by end date)."""
    return boards.read_periods(_run(session), rating=False)


def period_by_label(session: Session, label: str) -> PeriodInfo:
    return boards.read_period(_run(session), label)


def rating_periods(session: Session) -> list[PeriodInfo]:
    """The periods RAGs are given in, oldest first: those with ratings, and those with nothing yet.

    A period that holds only plan commentary or measure values (a quarter of the plan, the
    years of a performance update) is not one the dashboard steps through or compares with.
    """
    return boards.read_periods(_run(session), rating=True)


def latest_period(session: Session) -> PeriodInfo | None:
    """The latest period RAGs are given in."""
    rating = rating_periods(session)
    return rating[-1] if rating else None


def previous_period(session: Session, period: PeriodInfo) -> PeriodInfo | None:
    """The latest period RAGs are given in that is over by the time `period` starts.

    Periods of different lengths live side by side (years for the dashboard, quarters for the
    plan's commitments): a quarter inside 2023 is not "the period before" 2023, 2022 is.
    """
    return boards.read_previous_period(_run(session), period)


# ---------------------------------------------------------------------------------------------
# The dashboard


def dashboard(
    session: Session, period: str | None = None, *, ref: str | None = None, limit: int | None = None
) -> Dashboard:
    """Every workstream (or just `ref`, or the first `limit`) with its RAG for `period`
    (default: the latest) and the one before, by section and ref in natural order."""
    return boards.read_dashboard(_run(session), period, ref=ref, limit=limit)


def period_numbers(session: Session, period: str | None = None) -> PeriodNumbers | None:
    """Counts for `period`'s summary line; None when there are no periods."""
    return boards.read_numbers(_run(session), period)


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


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    at: str
    actor: str
    entity: str
    ref: str
    period: str | None
    kind: str
    field: str
    old: str | None
    new: str | None


def _change(e: ChangeEvent) -> Change:
    return Change(e.id, e.at, e.actor, e.entity, e.ref, e.period, e.kind, e.field, e.old, e.new)


def record_version(session: Session, entity: str, ref: str, period: str | None = None) -> int:
    """The id of the newest change event about one record: its version, for optimistic concurrency."""
    query = select(func.max(ChangeEvent.id)).where(ChangeEvent.entity == entity, ChangeEvent.ref == ref)
    query = query.where(ChangeEvent.period == period) if period is not None else query
    return session.execute(query).scalar() or 0


def versions(session: Session, entity: str, period: str | None = None) -> dict[str, int]:
    """Every record's version of one kind at once (for assessments, of one period)."""
    query = select(ChangeEvent.ref, func.max(ChangeEvent.id)).where(ChangeEvent.entity == entity)
    query = query.where(ChangeEvent.period == period) if period is not None else query
    return dict(session.execute(query.group_by(ChangeEvent.ref)).all())


def changes_since(session: Session, entity: str, ref: str, period: str | None, version: int) -> list[Change]:
    """The change events about one record newer than `version`, oldest first."""
    query = select(ChangeEvent).where(ChangeEvent.entity == entity, ChangeEvent.ref == ref, ChangeEvent.id > version)
    query = query.where(ChangeEvent.period == period) if period is not None else query
    return [_change(e) for e in session.execute(query.order_by(ChangeEvent.id)).scalars()]


def last_change_id(session: Session) -> int:
    """The newest change event's id: when it moves, something was written."""
    return session.execute(_text(boards.LAST_CHANGE_SQL)).scalar() or 0


def history(
    session: Session,
    *,
    ref: str | None = None,
    actor: str | None = None,
    text: str | None = None,
    limit: int = 100,
    before_id: int | None = None,
) -> list[Change]:
    """Change events, newest first; page with `before_id` (the last id of the previous page)."""
    query = select(ChangeEvent).order_by(ChangeEvent.id.desc()).limit(limit)
    if ref:  # a commitment's commentary is recorded as "REF/TEAM"
        query = query.where(or_(ChangeEvent.ref == ref, ChangeEvent.ref.startswith(f"{ref}/", autoescape=True)))
    if actor:
        query = query.where(ChangeEvent.actor == actor)
    if text:
        pattern = f"%{text}%"
        query = query.where(
            or_(ChangeEvent.old.ilike(pattern), ChangeEvent.new.ilike(pattern), ChangeEvent.field.ilike(pattern))
        )
    if before_id is not None:
        query = query.where(ChangeEvent.id < before_id)
    return [_change(e) for e in session.execute(query).scalars()]


# ---------------------------------------------------------------------------------------------
# Ready for the board?


@dataclass(frozen=True, slots=True)
class Finding:
    """Something that would embarrass a lead at the board."""

    kind: str
    """One of: unassessed, no_rationale, overdue_action, review_overdue, period_open."""
    ref: str
    message: str


def readiness(session: Session, period: str | None = None, *, today: dt.date | None = None) -> list[Finding]:
    """What needs fixing before `period`'s paper goes to the board; empty when it is ready.

    An action's due date is revised by editing it (history keeps the original), so an action
    still past its due date is one with no revised date.
    """
    today = today or clock.today()
    board = dashboard(session, period)
    findings = []
    for row in board.rows:
        if row.rag is None and row.status == "active":
            findings.append(Finding("unassessed", row.ref, f"{row.name}: no RAG for {board.period.label}"))
        elif row.rag is not None and row.rag != row.previous_rag and not (row.rationale or "").strip():
            was = row.previous_rag.label if row.previous_rag else "no RAG"
            findings.append(Finding("no_rationale", row.ref, f"{row.name}: {row.rag.label} (was {was}) has no rationale"))
    for action in actions(session, today=today):
        if action.overdue:
            findings.append(Finding("overdue_action", action.ref,
                                    f"{action.title}: due {action.due_date}, still {action.status}, no revised date"))
    for risk in risks(session):
        if risk.review_date is not None and risk.review_date < today and risk.status != "closed":
            findings.append(Finding("review_overdue", risk.ref, f"{risk.title}: review was due {risk.review_date}"))
    for p in periods(session):
        if not p.closed and p.end < today:
            findings.append(Finding("period_open", p.label, f"period {p.label} ended {p.end} and is still open"))
    return findings


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    period: PeriodInfo
    rag: Rag | None
    rationale: str | None
    assessed_by: str | None
    assessed_at: str | None


def timeline(session: Session, ref: str) -> list[TimelineEntry]:
    """A workstream's RAG in every period, oldest first (None where it was not assessed)."""
    workstream = session.execute(select(Workstream.id).where(Workstream.ref == ref)).scalar()
    if workstream is None:
        raise NotFound(f"no workstream {ref!r}", where=f"workstream {ref}")
    rows = {
        a.period_id: a
        for a in session.execute(select(Assessment).where(Assessment.workstream_id == workstream)).scalars()
    }
    entries = []
    for p in rating_periods(session):
        a = rows.get(p.id)
        entries.append(TimelineEntry(p, Rag(a.rag) if a else None, a.rationale if a else None,
                                     a.assessed_by if a else None, a.assessed_at if a else None))
    return entries


@dataclass(frozen=True, slots=True)
class UpdateDue:
    """Something that needs `user`'s update this period."""

    kind: str
    """rating (a workstream with no RAG for the period), action (overdue) or review (a risk past its review date)."""
    ref: str
    title: str
    reason: str


def current_period(session: Session) -> PeriodInfo | None:
    """The period being rated: the latest open one, else the latest."""
    ordered = rating_periods(session)
    open_ = [p for p in ordered if not p.closed]
    return (open_ or ordered or [None])[-1]


def my_updates(session: Session, user: str, *, today: dt.date | None = None) -> list[UpdateDue]:
    """What `user` owes this period: their workstreams with no RAG, overdue actions, risks due a review."""
    today = today or clock.today()
    due = []
    period = current_period(session)
    if period is not None and not period.closed:
        for row in dashboard(session, period.label).rows:
            if row.lead == user and row.status == "active" and row.rag is None:
                due.append(UpdateDue("rating", row.ref, row.name, f"no RAG for {period.label}"))
    for action in actions(session, today=today):
        if action.owner == user and action.overdue:
            due.append(UpdateDue("action", action.ref, action.title, f"overdue since {action.due_date}"))
    for risk in risks(session):
        if risk.owner == user and risk.status != "closed" and risk.review_date and risk.review_date < today:
            due.append(UpdateDue("review", risk.ref, risk.title, f"review was due {risk.review_date}"))
    return due
