"""The TUI's first frame on PostgreSQL: db/firstpage.py's page, read in three round trips.

Read one statement at a time, the first page took about fifteen round trips (the portfolios,
the opening portfolio, the user's limits, the latest period, the one before, the rows, the
counts, the newest change, the roles), 300 ms at 20 ms each. Here the statements that depend on
nothing go to the server together (psycopg's pipeline mode), with the latest period of every
cycle; then the period before and the trend's periods; then the rows, their trends and the
summary's two counts together. The page
is db/firstpage.page_from's, the same code and SQL the SQLite first frame runs, in one
REPEATABLE READ snapshot, as SQLite reads it in one transaction.
"""

import re
from typing import Any

from sqlalchemy import Engine

from . import boards
from .enums import Cycle
from .firstpage import FirstPage, opening_queries, page_from

_NAMED = re.compile(r"(?<!:):(\w+)")


def _driver_sql(sql: str) -> str:
    """boards' `:name` parameters as psycopg's `%(name)s` (and a literal % doubled)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def _key(sql: str, params: dict[str, Any]) -> tuple:
    return sql, tuple(sorted(params.items()))


class PipelinedRun:
    """A boards.Run on a psycopg connection that answers from what `prefetch` read ahead, in
    one round trip for many statements, and runs anything else as it comes."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.read: dict[tuple, list] = {}

    def prefetch(self, queries: list[boards.Query], *, first: str | None = None, last: str | None = None) -> None:
        wanted = [(sql, params) for sql, params in queries if _key(sql, params) not in self.read]
        with self.raw.pipeline():
            if first:
                self.raw.execute(first)
            cursors = [self.raw.execute(_driver_sql(sql), params) for sql, params in wanted]
            if last:
                self.raw.execute(last)
        for (sql, params), cursor in zip(wanted, cursors, strict=True):
            self.read[_key(sql, params)] = cursor.fetchall()

    def __call__(self, sql: str, params: dict[str, Any]) -> list:
        key = _key(sql, params)
        if key not in self.read:
            self.read[key] = self.raw.execute(_driver_sql(sql), params).fetchall()
        return self.read[key]


def read_server_first_page(engine: Engine, *, user: str, read_only: bool, limit: int, portfolio: str | None = None,
                           choose: bool = True) -> FirstPage:
    """db/firstpage.read_first_page's page, on the (PostgreSQL) engine's connection."""
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        run = PipelinedRun(raw)
        begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if raw.autocommit else None
        try:
            run.prefetch(opening_queries(user) + _latest_queries(), first=begin)
            page = page_from(run, user=user, limit=limit, portfolio=portfolio, choose=choose,
                             prefetch=lambda queries, last: run.prefetch(queries, last="COMMIT" if begin and last else None))
        finally:
            if raw.info.transaction_status:
                raw.rollback()
    reason = "opened with --read-only" if read_only else page.read_only_reason
    return FirstPage(page.board, page.numbers, page.portfolio, page.portfolio_name, page.newest_change, reason)


def _latest_queries() -> list[boards.Query]:
    """The latest period, of all and of every cycle: the page needs one of them."""
    return [(boards.LATEST_PERIOD_SQL, {}),
            *((boards.LATEST_CYCLE_PERIOD_SQL, {"cycle": cycle.value}) for cycle in Cycle)]
