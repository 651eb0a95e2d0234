"""Read models and derived views: what the dashboard, the lists and the reports show.

Queries return plain frozen dataclasses built from column rows, so nothing lazy-loads later.
"""

import datetime as dt
from typing import Any
import re

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import aliased
from sqlmodel import Session

from . import boards, clock, risk_views
from .boards import (  # noqa: F401  (their home is db/boards.py; imported from here too)
    DROPPED_SHOWN, Dashboard, Movement, PeriodInfo, PeriodNumbers, Summary, WorkstreamRow, change_label,
    not_rated,
)
from .enums import ActionStatus, Rag
from .readcache import portfolio_rows
from .scopes import PORTFOLIOS_SQL, PortfolioInfo, Scope, tree
from .errors import NotFound
from .models import Action, Assessment, Commentary, MeasureValue, Period, Portfolio, Risk, Section, Workstream
from .risk_rules import band, direction, next_review, score_is_typed
from .schemas import DEFAULT_SCALE

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
        if sql == PORTFOLIOS_SQL:  # read once per read transaction (db/readcache.py)
            return portfolio_rows(session)
        return session.execute(_text(sql), params).all()

    return run


@lru_cache(maxsize=64)
def _text(sql: str):
    return text(sql)


def scope(session: Session, portfolio: "str | Scope | None" = None) -> Scope:
    """Portfolio `portfolio` (a code) with its children; None: every portfolio. Every view that
    takes a portfolio code takes a Scope too (access.readable_scope's, for a limited user)."""
    return boards.read_scope(_run(session), portfolio)


def opening_portfolio(session: Session) -> str | None:
    """The portfolio to show first when none is chosen (boards.read_opening_portfolio)."""
    return boards.read_opening_portfolio(_run(session))


def portfolios(session: Session) -> list[PortfolioInfo]:
    """Every portfolio, each parent before its children."""
    return tree(_run(session)(PORTFOLIOS_SQL, {}))


def periods(session: Session, portfolio: str | None = None) -> list[PeriodInfo]:
    """Every period, oldest first (by end date); with `portfolio`, those of its cycle."""
    return boards.read_periods(_run(session), scope(session, portfolio).cycle if portfolio else None)


def period_by_label(session: Session, label: str) -> PeriodInfo:
    return boards.read_period(_run(session), label)


def rating_periods(session: Session, portfolio: str | None = None) -> list[PeriodInfo]:
    """The periods `portfolio` reports on (its cycle's), oldest first; None: every period."""
    return periods(session, portfolio)


def workstream_periods(session: Session, ref: str) -> list[PeriodInfo]:
    """The periods a workstream is rated in: those of its portfolio's cycle, oldest first."""
    code = session.execute(select(Portfolio.code).join(Workstream, Workstream.portfolio_id == Portfolio.id)
                           .where(Workstream.ref == ref)).scalar()
    return periods(session, code) if code is not None else periods(session)


def latest_period(session: Session, portfolio: str | None = None) -> PeriodInfo | None:
    """The latest period of `portfolio`'s cycle (boards.default_cycle), rated yet or not."""
    run = _run(session)
    return boards.read_latest(run, boards.default_cycle(run, boards.read_scope(run, portfolio)))


def previous_period(session: Session, period: PeriodInfo) -> PeriodInfo | None:
    """The period before `period` in its cycle (the year before a year, the quarter before a
    quarter), whatever it holds."""
    return boards.read_previous_period(_run(session), period)


# ---------------------------------------------------------------------------------------------
# The dashboard


def dashboard(
    session: Session, period: str | None = None, *, portfolio: str | None = None, ref: str | None = None,
    limit: int | None = None,
) -> Dashboard:
    """Every workstream of `portfolio` and its children (None: all; or just `ref`, or the first
    `limit`) with its RAG for `period` (default: the latest of the portfolio's cycle) and the one
    before, by section and ref in natural order."""
    return boards.read_dashboard(_run(session), period, portfolio=portfolio, ref=ref, limit=limit)


def period_numbers(session: Session, period: str | None = None, *, portfolio: str | None = None) -> PeriodNumbers | None:
    """Counts for `period`'s summary line; None when there are no periods."""
    return boards.read_numbers(_run(session), period, portfolio=portfolio)


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
    """Open past its due date, as at the date the caller asked about."""
    portfolio: str | None = None
    """The child portfolio it comes from, in a portfolio's view."""
    parent: str | None = None
    """The action this is a sub-action of."""
    expected_outcome: str = ""
    sub_actions: str | None = None
    """Its sub-actions' status summed up ("3 of 6 done"), when it has any."""
    priorities: tuple[int, ...] = ()
    """The plan priorities it links to."""


def in_scope(query, column, where: Scope):
    """`query` kept to the portfolios of `where`."""
    return query if where.ids is None else query.where(column.in_(where.ids))


def actions(session: Session, *, today: dt.date | None = None, portfolio: str | None = None) -> list[ActionRow]:
    """The actions for improvement of `portfolio` and its children (None: all), by due date
    (undated last), then ref; "overdue" as at `today` (default: today)."""
    today = today or clock.today()
    where = scope(session, portfolio)
    from .strand_reads import linked_priorities, summaries

    ws, risk, parent = aliased(Workstream), aliased(Risk), aliased(Action)
    query = (
        select(Action, ws.ref.label("workstream"), risk.ref.label("risk"), parent.ref.label("parent"))
        .outerjoin(ws, ws.id == Action.workstream_id)
        .outerjoin(risk, risk.id == Action.risk_id)
        .outerjoin(parent, parent.id == Action.parent_id)
    )
    query = in_scope(query, Action.portfolio_id, where)
    rows, summed, links = [], summaries(session), linked_priorities(session, Action)
    for action, workstream, risk_ref, parent_ref in session.execute(query):
        open_ = action.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        overdue = open_ and action.due_date is not None and action.due_date < today
        rows.append(
            ActionRow(
                action.ref, action.title, action.owner, action.due_date, action.status,
                action.completed_on, workstream, risk_ref, overdue, where.child_of(action.portfolio_id),
                parent_ref, action.expected_outcome, summed.get(action.ref), links.get(action.ref, ()),
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
    register_kind: str | None
    actions: int
    """How many mitigating actions point at this risk."""
    portfolio: str | None = None
    """The child portfolio it comes from, in a portfolio's view."""
    inherent_likelihood: int | None = None
    inherent_impact: int | None = None
    inherent_score: int | None = None
    target_likelihood: int | None = None
    target_impact: int | None = None
    target_reason: str = ""
    causes: str = ""
    consequences: str = ""
    board: str | None = None
    reviewed_on: dt.date | None = None
    next_review: dt.date | None = None
    """The stated review date, else the last review plus its score band's cadence."""
    band: str | None = None
    direction: str | None = None
    """up, down or unchanged: from the score history, else as the source states it."""
    score_typed: bool = False
    """The current score was typed (no likelihood and impact), not computed."""
    mitigation_count: int | None = None
    mitigation_areas: str = ""
    controls: tuple[risk_views.Control, ...] = field(default=())
    priorities: tuple[int, ...] = ()
    """The plan priorities it links to."""


def risks(session: Session, *, portfolio: str | None = None, scale=DEFAULT_SCALE,
          cadence: dict[str, int] | None = None) -> list[RiskRow]:
    """The register of `portfolio` and its children (None: all), highest score first (unscored
    last), then ref. `cadence`: months between reviews per band (db/risk_rules.DEFAULT_CADENCE)."""
    where = scope(session, portfolio)
    ws = aliased(Workstream)
    counts = (
        select(Action.risk_id, func.count().label("n")).where(Action.risk_id.is_not(None)).group_by(Action.risk_id)
    ).subquery()
    query = (
        select(Risk, ws.ref.label("workstream"), func.coalesce(counts.c.n, 0))
        .outerjoin(ws, ws.id == Risk.workstream_id)
        .outerjoin(counts, counts.c.risk_id == Risk.id)
    )
    query = in_scope(query, Risk.portfolio_id, where)
    from .strand_reads import linked_priorities

    links = linked_priorities(session, Risk)
    history, controls = risk_views.score_changes(session), risk_views.controls(session)
    rows = [_risk_row(r, workstream, n, where.child_of(r.portfolio_id), history.get(r.ref, []), controls.get(r.id, ()),
                      scale, cadence, links.get(r.ref, ())) for r, workstream, n in session.execute(query)]
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), natural_key(r.ref)))
    return rows


def _risk_row(r: Risk, workstream, n: int, child: str | None, changes, controls, scale, cadence,
              priorities: tuple[int, ...] = ()) -> RiskRow:
    return RiskRow(
        r.ref, r.title, r.owner, workstream, r.likelihood, r.impact, r.score, r.target_score,
        r.status, r.review_date, r.register_kind, n, child,
        inherent_likelihood=r.inherent_likelihood, inherent_impact=r.inherent_impact,
        inherent_score=r.inherent_score, target_likelihood=r.target_likelihood, target_impact=r.target_impact,
        target_reason=r.target_reason, causes=r.causes, consequences=r.consequences, board=r.board,
        reviewed_on=r.reviewed_on, next_review=next_review(r.review_date, r.reviewed_on, r.score, scale, cadence),
        band=band(r.score, scale), direction=direction(changes, r.reviewed_on, r.direction_stated),
        score_typed=score_is_typed({"score": r.score, "likelihood": r.likelihood}),
        mitigation_count=r.mitigation_count, mitigation_areas=r.mitigation_areas, controls=controls,
        priorities=priorities,
    )
