"""The TUI's first frame on SQLite, read with the standard library's sqlite3 alone.

The dashboard's first page, its summary line, the newest change and the user's right to write
are read here before SQLAlchemy, SQLModel and pydantic's models are imported; the app opens
the engine after the first frame is on screen. The queries are db/boards.py's, the same text
db/views.py runs. Anything out of the ordinary (no file, a schema of another version, a damaged
or locked file) returns None, and the caller takes the ordinary path, which refuses such a
database with its usual message.
"""

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import boards, limits, trends
from .enums import Role
from .errors import NotFound
from .filecheck import opening_reason, sqlite_read_uri
from .location import SCHEMA_REVISION, sqlite_path
from .roles import ROLES_SQL, access_of
from .scopes import PORTFOLIOS_SQL


@dataclass(frozen=True)
class FirstPage:
    """What the dashboard shows first, and what the app needs to know before showing it."""

    board: boards.Dashboard
    numbers: boards.PeriodNumbers | None
    portfolio: str | None
    """The portfolio shown (None: all)."""
    portfolio_name: str
    newest_change: int
    read_only_reason: str | None
    """Why nothing may be written (the file, --read-only or the user's role), or None."""


def _runner(conn: sqlite3.Connection) -> boards.Run:
    def run(sql: str, params: dict[str, Any]) -> list:
        params = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items()}
        return conn.execute(sql, params).fetchall()

    return run


def _schema_is_current(conn: sqlite3.Connection) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
    if found is None:
        return False
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return revision is not None and revision[0] == SCHEMA_REVISION


def read_first_page(url: str, *, user: str, read_only: bool, limit: int, portfolio: str | None = None,
                    choose: bool = True) -> FirstPage | None:
    """The first `limit` dashboard rows and summary of `portfolio`'s latest period (with `choose`
    and no portfolio, of the one boards.read_opening_portfolio picks), if `url` is a SQLite file
    of the current schema; None otherwise (or on any SQLite error). A `portfolio` that is gone
    is replaced by the opening rule's."""
    path = sqlite_path(url)
    if path is None or not path.is_file() or not os.access(path, os.R_OK) or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(sqlite_read_uri(path), uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("BEGIN")  # one snapshot for every read below
        if not _schema_is_current(conn):
            return None
        page = page_from(_runner(conn), user=user, limit=limit, portfolio=portfolio, choose=choose)
    except (sqlite3.Error, ValueError, NotFound):
        return None
    finally:
        conn.close()
    reason = opening_reason(path, read_only) or page.read_only_reason
    return FirstPage(page.board, page.numbers, page.portfolio, page.portfolio_name, page.newest_change, reason)


Prefetch = Callable[[list[boards.Query], bool], None]
"""Told the statements the page runs next, before it runs them (a server pipelines them), and
whether they are the last it needs read together."""


def opening_queries(user: str) -> list[boards.Query]:
    """The statements `page_from` runs first, whatever it finds: they depend on nothing."""
    return [(PORTFOLIOS_SQL, {}), (boards.HOLDING_WORKSTREAMS_SQL, {}), (limits.LIMITS_SQL, {"name": user}),
            (ROLES_SQL, {}), (boards.LAST_CHANGE_SQL, {})]


def page_from(run: boards.Run, *, user: str, limit: int, portfolio: str | None, choose: bool,
              prefetch: Prefetch = lambda queries, last: None) -> FirstPage:
    """The first page as `run` reads it (read_only_reason: the user's role's refusal only)."""
    if portfolio is None and choose:
        portfolio = boards.read_opening_portfolio(run)
    try:
        boards.read_scope(run, portfolio)
    except NotFound:  # a remembered portfolio that is gone: the opening rule, silently
        portfolio = boards.read_opening_portfolio(run)
    portfolio = limits.opening(run(PORTFOLIOS_SQL, {}), [r[0] for r in run(limits.LIMITS_SQL, {"name": user})],
                               portfolio)  # a user limited to portfolios opens on one of theirs
    scope = boards.read_scope(run, portfolio)
    target = boards.read_target(run, scope)
    if target is not None:  # what depends on the target alone, together
        prefetch([boards.previous_period_query(target), trends.trend_periods_query(target)], False)
    before = None if target is None else boards.read_previous_period(run, target)
    periods = trends.read_trend_periods(run, target)
    rows = boards.board_query(scope, target, before, limit=limit)
    prefetch([rows, *([trends.page_trends_query(periods, rows)] if periods else ()),
              *(boards.numbers_queries(scope, target, before) if target is not None else ())], True)
    board = boards.read_dashboard(run, limit=limit, scope=scope)
    numbers = boards.read_numbers(run, scope=scope) if board.period else None  # the same period: the latest
    newest = run(boards.LAST_CHANGE_SQL, {})[0][0] or 0
    _, refusal = access_of({name: Role(role) for name, role in run(ROLES_SQL, {})}, user)
    return FirstPage(board, numbers, portfolio, scope.name, newest, refusal)
