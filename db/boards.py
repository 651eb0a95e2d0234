"""The dashboard's read, as plain SQL both ways of reading run: SQLAlchemy (db/views.py) and,
for the TUI's first frame on SQLite, the standard library's sqlite3 (db/firstpage.py).

This module imports nothing but the standard library, so the first frame need not wait for
SQLAlchemy. Each query is defined once, here; a `Run` executes one with named parameters and
returns its rows as tuples.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import trends
from .enums import Cycle, Rag
from .errors import NotFound
from .scopes import PORTFOLIOS_SQL, Scope, make_scope

Run = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]
"""Runs one SQL text with named (`:name`) parameters; returns its rows."""
Query = tuple[str, dict[str, Any]]
"""A statement and its parameters, as a Run takes them."""

_PERIOD_COLUMNS = "period.id, period.label, period.start_date, period.end_date, period.closed, period.cycle"
_LATEST_FIRST = " ORDER BY period.end_date DESC, period.start_date, period.label DESC"
PERIODS_SQL = f"SELECT {_PERIOD_COLUMNS} FROM period ORDER BY period.end_date, period.start_date DESC, period.label"
"""By end date; of two ending together (a year and its last quarter) the longer counts as later,
so a new quarter does not take over from the year it closes."""
CYCLE_PERIODS_SQL = (f"SELECT {_PERIOD_COLUMNS} FROM period WHERE period.cycle = :cycle"
                     " ORDER BY period.end_date, period.start_date DESC, period.label")
LATEST_PERIOD_SQL = f"SELECT {_PERIOD_COLUMNS} FROM period" + _LATEST_FIRST + " LIMIT 1"
LATEST_CYCLE_PERIOD_SQL = f"SELECT {_PERIOD_COLUMNS} FROM period WHERE period.cycle = :cycle" + _LATEST_FIRST + " LIMIT 1"
PREVIOUS_PERIOD_SQL = (f"SELECT {_PERIOD_COLUMNS} FROM period WHERE period.cycle = :cycle AND period.end_date < :start"
                       + _LATEST_FIRST + " LIMIT 1")
"""The period before, in the same cycle: the year before a year, the quarter before a quarter."""
PERIOD_BY_LABEL_SQL = f"SELECT {_PERIOD_COLUMNS} FROM period WHERE period.label = :label"

_BOARD_COLUMNS = ("SELECT w.ref, w.name, s.code, s.name, w.lead, w.status, cur.rag, prev.rag, cur.rationale,"
                  " w.portfolio_id")
_BOARD_RAGS = (
    " LEFT OUTER JOIN assessment cur ON cur.workstream_id = w.id AND cur.period_id = :current"
    " LEFT OUTER JOIN assessment prev ON prev.workstream_id = w.id AND prev.period_id = :previous"
)
_BOARD_ORDER = " ORDER BY s.sort_key, w.sort_key"


def _in_scope(scope: Scope) -> str:
    return f" AND {scope.sql('w.portfolio_id')}"


def board_sql(scope: Scope, *, ref: bool = False, limit: bool = False) -> str:
    """The dashboard's rows: every workstream of `scope` (or `:ref`), by section and ref in natural
    order. Sections first: SQLite keeps a CROSS JOIN's order, so it walks the sections in order
    (skipping other portfolios' at once) and each one's workstreams by section, and a LIMIT stops
    early (1 ms for the first page at 10,000 workstreams, where sorting took 15 ms). The portfolio
    columns are tested as `+column`, which no index serves: otherwise SQLite walked the portfolio's
    sections by portfolio_id and, for each, every workstream of the portfolio (300 ms at 10,000)."""
    if ref:
        sql = (_BOARD_COLUMNS + " FROM workstream w JOIN section s ON s.id = w.section_id" + _BOARD_RAGS
               + " WHERE w.ref = :ref")
    else:
        sql = (_BOARD_COLUMNS + " FROM section s CROSS JOIN workstream w" + _BOARD_RAGS
               + f" WHERE w.section_id = s.id AND {scope.section_sql('+s.portfolio_id')}")
    return sql + f" AND {scope.sql('+w.portfolio_id')}" + _BOARD_ORDER + (" LIMIT :limit" if limit else "")


def tally_sql(scope: Scope) -> str:
    """How many workstreams of `scope` have each (current RAG, previous RAG, active) triple: the
    summary line's every count in one pass over the workstreams (three queries took twice as long)."""
    return ("SELECT cur.rag, prev.rag, w.status = 'active', count(*) FROM workstream w"
            " LEFT OUTER JOIN assessment cur ON cur.workstream_id = w.id AND cur.period_id = :current"
            " LEFT OUTER JOIN assessment prev ON prev.workstream_id = w.id AND prev.period_id = :previous"
            " WHERE " + scope.sql("w.portfolio_id") + " GROUP BY cur.rag, prev.rag, w.status = 'active'")


_UNRATED = (
    " FROM workstream w JOIN section s ON s.id = w.section_id"
    " LEFT OUTER JOIN assessment prev ON prev.workstream_id = w.id AND prev.period_id = :previous"
    " LEFT OUTER JOIN assessment cur ON cur.workstream_id = w.id AND cur.period_id = :current"
    " WHERE cur.id IS NULL"
)
_DROPPED = " AND prev.id IS NOT NULL AND w.status <> 'active'"
"""No longer reported: rated last period, not now, and completed, closed or paused."""


def dropped_sql(scope: Scope) -> str:
    return ("SELECT w.ref, w.name, s.code, s.name, w.lead, w.status, prev.rag, w.portfolio_id"
            + _UNRATED + _DROPPED + _in_scope(scope) + _BOARD_ORDER + " LIMIT :shown")


LAST_CHANGE_SQL = "SELECT max(id) FROM change_event"
"""The newest change event's id: when it moves, something was written."""

DROPPED_SHOWN = 20


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    id: int
    label: str
    start: dt.date
    end: dt.date
    closed: bool
    cycle: Cycle = Cycle.OTHER


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def period_info(row: Sequence[Any]) -> PeriodInfo:
    return PeriodInfo(row[0], row[1], _date(row[2]), _date(row[3]), bool(row[4]), Cycle(row[5]))


def read_scope(run: Run, portfolio: "str | Scope | None") -> Scope:
    """The scope of `portfolio` (its code; None for all portfolios; a Scope already worked out,
    e.g. access.readable_scope's for a user limited to portfolios, as it is)."""
    if isinstance(portfolio, Scope):
        return portfolio
    return make_scope(run(PORTFOLIOS_SQL, {}), portfolio)


HOLDING_WORKSTREAMS_SQL = ("SELECT p.code FROM portfolio p WHERE EXISTS"
                            " (SELECT 1 FROM workstream w WHERE w.portfolio_id = p.id) ORDER BY p.sort_key LIMIT 2")


def read_opening_portfolio(run: Run) -> str | None:
    """The portfolio the TUI opens on when the user has chosen none: the one portfolio that
    holds workstreams, if only one does; otherwise None (all portfolios)."""
    rows = run(HOLDING_WORKSTREAMS_SQL, {})
    return rows[0][0] if len(rows) == 1 else None


def read_periods(run: Run, cycle: Cycle | None = None) -> list[PeriodInfo]:
    """Every period (of `cycle`, if given), oldest first."""
    if cycle is None:
        return [period_info(row) for row in run(PERIODS_SQL, {})]
    return [period_info(row) for row in run(CYCLE_PERIODS_SQL, {"cycle": cycle.value})]


def read_latest(run: Run, cycle: Cycle | None = None) -> PeriodInfo | None:
    """The latest period (of `cycle`): a new period is the one to report on, rated yet or not."""
    rows = run(LATEST_PERIOD_SQL, {}) if cycle is None else run(LATEST_CYCLE_PERIOD_SQL, {"cycle": cycle.value})
    return period_info(rows[0]) if rows else None


def read_period(run: Run, label: str) -> PeriodInfo:
    rows = run(PERIOD_BY_LABEL_SQL, {"label": label})
    if not rows:
        raise NotFound(f"no period {label!r}", where="period")
    return period_info(rows[0])


def previous_period_query(period: PeriodInfo) -> Query:
    """The statement read_previous_period runs."""
    return PREVIOUS_PERIOD_SQL, {"start": period.start, "cycle": period.cycle.value}


def read_previous_period(run: Run, period: PeriodInfo) -> PeriodInfo | None:
    """The period before `period` in its cycle, whatever it holds: the year before a year."""
    rows = run(*previous_period_query(period))
    return period_info(rows[0]) if rows else None


def not_rated(period: str | None) -> str:
    """What a reader sees where a workstream has no RAG for `period`: "Not rated in 2024" (a dash
    where there is no such period). Never compared with an older period instead."""
    return "—" if period is None else f"Not rated in {period}"


def change_label(current: Rag | None, previous: Rag | None, *, compared: bool = True,
                 period: str | None = None, previous_period: str | None = None) -> str | None:
    """The board paper's words for how a RAG moved since the previous period; None when there is
    no previous period to compare with (nothing is "new" in the first period of all). Given the
    periods' labels, a workstream without a RAG for one says so ("Not rated in 2024")."""
    if current is None:
        return not_rated(period) if period is not None else None
    if not compared:
        return None
    if previous is None:
        return not_rated(previous_period) if previous_period is not None else "New"
    if current == previous:
        return "No change"
    if previous == Rag.NOT_GRADED:
        return "Prev. not graded"
    if previous == Rag.UNKNOWN:
        return "Prev. grade not known"
    return f"Previously {previous.label}"


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
    portfolio: str | None = None
    """The child portfolio it comes from, when a portfolio's view shows its children's too."""
    period: str | None = None
    previous_period: str | None = None
    """The labels of the period shown and the one before (None: there is none), for "Not rated in 2024"."""
    trend: tuple[Rag | None, ...] = ()
    """Its RAG in each of the dashboard's `trend_periods`, oldest first (None: not rated then)."""


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
    """Reported last period and not now, with their lifecycle status (completed, closed, paused)."""
    unrated: int = 0
    """Active workstreams with no RAG yet for the period."""

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
        if self.counts.get(Rag.UNKNOWN):
            parts.append(f"{self.counts[Rag.UNKNOWN]} grade not known")
        if self.unrated:
            parts.append(f"{self.unrated} not yet rated")
        return " · ".join(parts) + f" · {self.worse} worse, {self.better} better"


@dataclass(frozen=True, slots=True)
class Dashboard:
    period: PeriodInfo | None
    previous: PeriodInfo | None
    rows: list[WorkstreamRow] = field(default_factory=list)
    scope: Scope | None = None
    trend_periods: tuple[str, ...] = ()
    """The labels of the last TREND_LENGTH periods of the cycle up to the one shown, oldest first."""

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
        dropped = [r for r in self.rows if r.rag is None and r.previous_rag is not None and r.status != "active"]
        unrated = sum(r.rag is None and r.status == "active" for r in self.rows)
        return Summary(len(reported), Counter(r.rag for r in reported), moved, dropped, unrated)


@dataclass(frozen=True, slots=True)
class PeriodNumbers:
    """The dashboard's summary line, counted by the database: it costs the same for 100
    workstreams as for 100,000. `dashboard(...).summary()` gives the same figures with names."""

    reported: int
    counts: dict[Rag, int]
    worse: int
    better: int
    dropped: list[WorkstreamRow]
    """Reported last period and not now, and not active (the first DROPPED_SHOWN of them)."""
    dropped_total: int
    unrated: int = 0

    def line(self) -> str:
        return Summary.line(self)


def _id(period: PeriodInfo | None) -> int:
    return -1 if period is None else period.id


def default_cycle(run: Run, scope: Scope) -> Cycle | None:
    """The cycle whose latest period a view of `scope` opens on: the portfolio's own; for all
    portfolios, that of the one portfolio holding workstreams if only one does (so a database
    moved whole into "Default" opens on its year, not on a later quarter of the plan's)."""
    if scope.code is not None:
        return scope.cycle
    only = read_opening_portfolio(run)
    return None if only is None else read_scope(run, only).cycle


def board_query(scope: Scope, target: PeriodInfo | None, before: PeriodInfo | None, *, ref: str | None = None,
                limit: int | None = None) -> Query:
    """The dashboard rows' statement for `target` beside `before` (read_dashboard runs it)."""
    params: dict[str, Any] = {"current": _id(target), "previous": _id(before), "ref": ref, "limit": limit}
    return board_sql(scope, ref=ref is not None, limit=limit is not None), params


def numbers_queries(scope: Scope, target: PeriodInfo, before: PeriodInfo | None) -> tuple[Query, Query]:
    """The summary line's two statements, the tally and the first of those no longer reported
    (read_numbers runs them)."""
    params = {"current": target.id, "previous": _id(before), "shown": DROPPED_SHOWN}
    return (tally_sql(scope), params), (dropped_sql(scope), params)


def read_target(run: Run, scope: Scope, period: str | None = None) -> PeriodInfo | None:
    """The period a view of `scope` shows: `period` (a label), else the latest of its cycle."""
    return _target(run, scope, period)


def _target(run: Run, scope: Scope, period: str | None) -> PeriodInfo | None:
    if period:
        return read_period(run, period)
    return read_latest(run, default_cycle(run, scope))


def read_dashboard(run: Run, period: str | None = None, *, portfolio: str | None = None, ref: str | None = None,
                   limit: int | None = None, scope: Scope | None = None) -> Dashboard:
    """Every workstream of `portfolio` and its children (None: all; or just `ref`, or the first
    `limit`) with its RAG for `period` (default: the portfolio's latest) and the one before in
    its cycle, by section and ref in natural order, and each one's trend over the last periods."""
    scope = scope or read_scope(run, portfolio)
    target = _target(run, scope, period)
    before = None if target is None else read_previous_period(run, target)
    label = None if target is None else target.label
    board = board_query(scope, target, before, ref=ref, limit=limit)
    found = run(*board)
    periods = trends.read_trend_periods(run, target)
    trend = trends.read_page_trends(run, periods, board)
    rows = []
    for r_ref, name, code, section_name, lead, status, now, then, rationale, home in found:
        rag = None if now is None else Rag(now)
        prev = None if then is None else Rag(then)
        rows.append(WorkstreamRow(r_ref, name, code, section_name, lead, status, rag, prev,
                                  change_label(rag, prev, compared=before is not None, period=label,
                                               previous_period=before and before.label),
                                  rationale, scope.child_of(home), label, before and before.label,
                                  trend.get(r_ref, (None,) * len(periods))))
    return Dashboard(target, before, rows, scope, tuple(label for _, label in periods))


def read_numbers(run: Run, period: str | None = None, *, portfolio: str | None = None,
                 scope: Scope | None = None) -> PeriodNumbers | None:
    """Counts for `period`'s summary line; None when there are no periods."""
    scope = scope or read_scope(run, portfolio)
    target = _target(run, scope, period)
    if target is None:
        return None
    before = read_previous_period(run, target)
    tally, dropped_rows = numbers_queries(scope, target, before)
    counts: Counter[Rag] = Counter()
    worse = better = total = unrated = 0
    for now, then, active, n in run(*tally):
        then = Rag(then) if then else None
        if now is None:  # not rated this period: to be rated, or no longer reported
            unrated += n if active else 0
            total += n if then is not None and not active else 0
            continue
        now = Rag(now)
        counts[now] += n
        if then is not None and now.rank and then.rank and now != then:
            worse += n if now.rank < then.rank else 0
            better += n if now.rank > then.rank else 0
    dropped = [WorkstreamRow(ref, name, code, section_name, lead, status, None, Rag(old), not_rated(target.label), None,
                             scope.child_of(home), target.label, before and before.label)
               for ref, name, code, section_name, lead, status, old, home in run(*dropped_rows)]
    return PeriodNumbers(sum(counts.values()), dict(counts), worse, better, dropped, total, unrated)
