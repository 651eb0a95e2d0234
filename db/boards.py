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

from .enums import Rag
from .errors import NotFound

Run = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]
"""Runs one SQL text with named (`:name`) parameters; returns its rows."""

_PERIOD_COLUMNS = "period.id, period.label, period.start_date, period.end_date, period.closed"
_RATING_PERIOD = (
    "(EXISTS (SELECT assessment.id FROM assessment WHERE assessment.period_id = period.id)"
    " OR NOT (EXISTS (SELECT commentary.id FROM commentary WHERE commentary.period_id = period.id)"
    " OR EXISTS (SELECT measure_value.id FROM measure_value WHERE measure_value.period_id = period.id)))"
)
"""A period RAGs are given in: one with ratings, or one with no plan commentary or measure values."""
PERIODS_SQL = f"SELECT {_PERIOD_COLUMNS} FROM period ORDER BY period.end_date, period.start_date DESC, period.label"
"""By end date; of two ending together (a year and its last quarter) the longer counts as later,
so a new quarter does not take over from the year it closes."""
RATING_PERIODS_SQL = (f"SELECT {_PERIOD_COLUMNS} FROM period WHERE {_RATING_PERIOD}"
                      " ORDER BY period.end_date, period.start_date DESC, period.label")
PREVIOUS_RATING_PERIOD_SQL = (
    f"SELECT {_PERIOD_COLUMNS} FROM period WHERE {_RATING_PERIOD} AND period.end_date < :start"
    " ORDER BY period.end_date DESC, period.start_date, period.label DESC LIMIT 1"
)
PERIOD_BY_LABEL_SQL = f"SELECT {_PERIOD_COLUMNS} FROM period WHERE period.label = :label"

_BOARD_COLUMNS = "SELECT w.ref, w.name, s.code, s.name, w.lead, w.status, cur.rag, prev.rag, cur.rationale"
_BOARD_RAGS = (
    " LEFT OUTER JOIN assessment cur ON cur.workstream_id = w.id AND cur.period_id = :current"
    " LEFT OUTER JOIN assessment prev ON prev.workstream_id = w.id AND prev.period_id = :previous"
)
_BOARD_BY_SECTION = (_BOARD_COLUMNS + " FROM section s CROSS JOIN workstream w" + _BOARD_RAGS
                     + " WHERE w.section_id = s.id")
"""Every row, sections first: SQLite keeps a CROSS JOIN's order, so it walks the sections in
order and each one's workstreams by (section_id, sort_key), and a LIMIT stops early (1 ms for
the first page at 10,000 workstreams, where sorting them all took 15 ms)."""
_BOARD_BY_REF = (_BOARD_COLUMNS + " FROM workstream w JOIN section s ON s.id = w.section_id" + _BOARD_RAGS
                 + " WHERE w.ref = :ref")
_BOARD_ORDER = " ORDER BY s.sort_key, w.sort_key"
PAIRS_SQL = (
    "SELECT cur.rag, prev.rag, count(*) FROM assessment cur"
    " LEFT OUTER JOIN assessment prev ON prev.workstream_id = cur.workstream_id AND prev.period_id = :previous"
    " WHERE cur.period_id = :current GROUP BY cur.rag, prev.rag"
)
_DROPPED = (
    " FROM workstream w JOIN section s ON s.id = w.section_id"
    " JOIN assessment prev ON prev.workstream_id = w.id AND prev.period_id = :previous"
    " LEFT OUTER JOIN assessment cur ON cur.workstream_id = w.id AND cur.period_id = :current"
    " WHERE cur.id IS NULL"
)
DROPPED_COUNT_SQL = "SELECT count(*)" + _DROPPED
DROPPED_SQL = ("SELECT w.ref, w.name, s.code, s.name, w.lead, w.status, prev.rag"
               + _DROPPED + _BOARD_ORDER + " LIMIT :shown")
LAST_CHANGE_SQL = "SELECT max(id) FROM change_event"
"""The newest change event's id: when it moves, something was written."""

DROPPED_SHOWN = 20


def board_sql(*, ref: bool = False, limit: bool = False) -> str:
    """The dashboard's rows: every workstream (or `:ref`), by section and ref in natural order."""
    return (_BOARD_BY_REF if ref else _BOARD_BY_SECTION) + _BOARD_ORDER + (" LIMIT :limit" if limit else "")


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    id: int
    label: str
    start: dt.date
    end: dt.date
    closed: bool


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def period_info(row: Sequence[Any]) -> PeriodInfo:
    return PeriodInfo(row[0], row[1], _date(row[2]), _date(row[3]), bool(row[4]))


def read_periods(run: Run, *, rating: bool) -> list[PeriodInfo]:
    return [period_info(row) for row in run(RATING_PERIODS_SQL if rating else PERIODS_SQL, {})]


def read_period(run: Run, label: str) -> PeriodInfo:
    rows = run(PERIOD_BY_LABEL_SQL, {"label": label})
    if not rows:
        raise NotFound(f"no period {label!r}", where="period")
    return period_info(rows[0])


def read_previous_period(run: Run, period: PeriodInfo) -> PeriodInfo | None:
    """The latest period RAGs are given in that is over by the time `period` starts."""
    rows = run(PREVIOUS_RATING_PERIOD_SQL, {"start": period.start})
    return period_info(rows[0]) if rows else None


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


def _id(period: PeriodInfo | None) -> int:
    return -1 if period is None else period.id


def _target(run: Run, period: str | None) -> PeriodInfo | None:
    if period:
        return read_period(run, period)
    rating = read_periods(run, rating=True)
    return rating[-1] if rating else None


def read_dashboard(run: Run, period: str | None = None, *, ref: str | None = None,
                   limit: int | None = None) -> Dashboard:
    """Every workstream (or just `ref`, or the first `limit`) with its RAG for `period`
    (default: the latest) and the one before, by section and ref in natural order."""
    target = _target(run, period)
    before = None if target is None else read_previous_period(run, target)
    params: dict[str, Any] = {"current": _id(target), "previous": _id(before), "ref": ref, "limit": limit}
    rows = []
    for r_ref, name, code, section_name, lead, status, now, then, rationale in run(
            board_sql(ref=ref is not None, limit=limit is not None), params):
        rag = None if now is None else Rag(now)
        prev = None if then is None else Rag(then)
        rows.append(WorkstreamRow(r_ref, name, code, section_name, lead, status, rag, prev,
                                  change_label(rag, prev), rationale))
    return Dashboard(target, before, rows)


def read_numbers(run: Run, period: str | None = None) -> PeriodNumbers | None:
    """Counts for `period`'s summary line; None when there are no periods."""
    target = _target(run, period)
    if target is None:
        return None
    before = read_previous_period(run, target)
    params = {"current": target.id, "previous": _id(before), "shown": DROPPED_SHOWN}
    counts: Counter[Rag] = Counter()
    worse = better = 0
    for now, then, n in run(PAIRS_SQL, params):
        now, then = Rag(now), Rag(then) if then else None
        counts[now] += n
        if then is not None and now.rank and then.rank and now != then:
            worse += n if now.rank < then.rank else 0
            better += n if now.rank > then.rank else 0
    total = run(DROPPED_COUNT_SQL, params)[0][0]
    dropped = [WorkstreamRow(ref, name, code, section_name, lead, status, None, Rag(old), None, None)
               for ref, name, code, section_name, lead, status, old in run(DROPPED_SQL, params)]
    return PeriodNumbers(sum(counts.values()), dict(counts), worse, better, dropped, total)
