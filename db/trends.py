"""A workstream's RAG over the last few periods of its cycle: the dashboard's trend column and the
paper's. Plain SQL run through a `Run` (db/boards.py), so the first frame's sqlite3 reads it too;
this module imports nothing but the standard library and db/enums.py."""

from collections.abc import Callable, Sequence
from typing import Any

from .enums import RAG_SYMBOL, Rag

Run = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]

TREND_LENGTH = 4
"""How many periods a trend covers, the one shown included."""

TREND_PERIODS_SQL = (
    "SELECT period.id, period.label FROM period WHERE period.cycle = :cycle AND period.end_date <= :end"
    " AND period.id <> :target ORDER BY period.end_date DESC, period.start_date, period.label DESC LIMIT :n"
)
"""The periods before the one shown in its cycle, latest first (as boards' PREVIOUS_PERIOD_SQL orders them)."""
_TREND_SQL = ("SELECT w.ref, a.period_id, a.rag FROM assessment a JOIN workstream w ON w.id = a.workstream_id"
              " WHERE a.period_id IN ({periods}) AND w.ref IN ({refs})")


def trend_periods_query(target) -> tuple[str, dict[str, Any]]:
    """The statement read_trend_periods runs for `target` (a boards.PeriodInfo): it depends on the
    target alone, so the first frame sends it beside the period before."""
    return TREND_PERIODS_SQL, {"cycle": target.cycle.value, "end": target.end, "target": target.id,
                               "n": TREND_LENGTH - 1}


def read_trend_periods(run: Run, target) -> list[tuple[int, str]]:
    """(id, label) of the last TREND_LENGTH periods of `target`'s cycle (a boards.PeriodInfo) up
    to and including it, oldest first; none without a target."""
    if target is None:
        return []
    rows = run(*trend_periods_query(target))
    return [(row[0], row[1]) for row in reversed(rows)] + [(target.id, target.label)]


def _periods_in(periods: list[tuple[int, str]]) -> tuple[str, dict[str, Any]]:
    params = {f"trend_p{i}": period_id for i, (period_id, _) in enumerate(periods)}
    return ", ".join(f":{name}" for name in params), params


def page_trends_query(periods: list[tuple[int, str]], board: tuple[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """The trends of the rows `board` (boards.board_query's statement) reads, in one statement
    that needs nothing read first: the first frame sends it with the rows themselves."""
    board_sql, board_params = board
    marks, params = _periods_in(periods)
    sql = _TREND_SQL.format(periods=marks, refs=f"SELECT page.ref FROM ({board_sql}) page")
    return sql, board_params | params


def _collect(rows, periods: list[tuple[int, str]], found: dict[str, list[Rag | None]]) -> None:
    place = {period_id: i for i, (period_id, _) in enumerate(periods)}
    for ref, period_id, rag in rows:
        found.setdefault(ref, [None] * len(periods))[place[period_id]] = Rag(rag)


def read_page_trends(run: Run, periods: list[tuple[int, str]],
                     board: tuple[str, dict[str, Any]]) -> dict[str, tuple[Rag | None, ...]]:
    """Each row of `board`'s RAG in each of `periods` (oldest first; None: not rated then). Rows
    with no RAG in any of them are left out."""
    if not periods:
        return {}
    found: dict[str, list[Rag | None]] = {}
    _collect(run(*page_trends_query(periods, board)), periods, found)
    return {ref: tuple(rags) for ref, rags in found.items()}


NOT_RATED_MARK = "·"
"""A period of the trend with no RAG (not "○", which is "Not graded")."""


def sparkline(trend: Sequence[Rag | None]) -> str:
    """A trend as symbols, oldest first, e.g. "● ▲ ■ ●": a shape per RAG, never colour alone."""
    return " ".join(NOT_RATED_MARK if rag is None else RAG_SYMBOL[rag] for rag in trend)
