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
