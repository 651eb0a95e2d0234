"""A PostgreSQL engine that talks to a distant server in as few round trips as it can.

At 20 ms a round trip, each statement or BEGIN the driver sends on its own is 20 ms a user
waits. So, on top of SQLAlchemy's psycopg dialect:

- The dialect's start-up probes (server version, current schema, isolation level,
  standard_conforming_strings, the hstore type) are one query, which also reads the schema's
  Alembic revision, so `open_database` checks the schema without another round trip. It runs
  once per engine (SQLAlchemy initialises a dialect on its first connection only).
- BEGIN rides with the transaction's first statement. psycopg sends its own BEGIN and waits
  for the answer before the statement; here the driver is in autocommit mode, and whenever a
  statement finds no transaction open, BEGIN and the statement go out together (psycopg's
  pipeline mode): the same transactions as before, one round trip fewer each. (Server-side
  cursors cannot be pipelined: their BEGIN goes first, as before.) The write lock sends BEGIN
  with the lock itself (db/pglock.py). Migrations keep the driver's own transactions
  (`transactional=True`).
- No ping on every checkout: a pooled connection idle for over PING_AFTER seconds is pinged
  first (and replaced if the server went away); one in steady use is not.
"""

import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

PING_AFTER = 30.0
"""Seconds a pooled connection may sit idle before a checkout pings it first."""

_PROBE = ("SELECT pg_catalog.version(), current_schema(), current_setting('transaction_isolation'),"
          " current_setting('standard_conforming_strings')")
_REVISION = ", (SELECT version_num FROM alembic_version)"
NO_REVISION = object()
"""The probe could not read alembic_version (no such table, or not one row): inspect the schema."""


class _Answer:
    """Stands in for a connection when the dialect asks one of its probes: gives the probe's answer."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def exec_driver_sql(self, _sql: str) -> "_Answer":
        return self

    def scalar(self) -> Any:
        return self.value


def tune(engine: Engine) -> Engine:
    """Set `engine` up as the module docstring says; returns it."""
    dialect = engine.dialect
    original = type(dialect).initialize

    def initialize(connection) -> None:
        version, schema, isolation, strings, revision = _probe(connection)
        dialect.tracker_revision = revision
        fixed = {
            "_get_server_version_info": lambda _c: type(dialect)._get_server_version_info(dialect, _Answer(version)),
            "_get_default_schema_name": lambda _c: schema,
            "get_default_isolation_level": lambda _c: isolation.upper(),
            "_set_backslash_escapes": lambda _c: setattr(dialect, "_backslash_escapes", strings == "off"),
        }
        for name, value in fixed.items():
            setattr(dialect, name, value)
        try:
            original(dialect, connection)
        finally:
            for name in fixed:
                delattr(dialect, name)

    dialect.initialize = initialize
    dialect.tracker_revision = NO_REVISION
    for name in ("do_execute", "do_execute_no_params", "do_executemany"):
        setattr(dialect, name, _beginning(getattr(dialect, name)))
    _ping_when_idle(engine)
    return engine


def _beginning(run):
    """`run` (one of the dialect's do_execute calls), opening a transaction first where none is
    open, in the same round trip as the statement where the cursor allows."""

    def execute(cursor, *args, **kwargs):
        conn = cursor.connection
        if not conn.autocommit or conn.info.transaction_status or conn._pipeline is not None:
            return run(cursor, *args, **kwargs)  # a transaction is open, or the caller pipelines
        if getattr(cursor, "name", None):  # a server-side cursor: DECLARE needs the transaction first
            conn.execute("BEGIN")
            return run(cursor, *args, **kwargs)
        with conn.pipeline():
            conn.execute("BEGIN")
            return run(cursor, *args, **kwargs)

    return execute


def _probe(connection) -> tuple:
    """The dialect's probes and the schema's revision in one round trip, straight on the driver
    (in autocommit: no transaction to begin or end). Two round trips when alembic_version cannot
    be read (no such table): the schema is then inspected."""
    import psycopg

    raw = connection.connection.dbapi_connection
    try:
        return tuple(raw.execute(_PROBE + _REVISION).fetchone())
    except psycopg.Error:
        if raw.info.transaction_status:  # not idle: a transactional engine's failed transaction
            raw.rollback()
        return (*raw.execute(_PROBE).fetchone(), NO_REVISION)


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _idle_since(_dbapi_connection, record) -> None:
        record.info["tracker_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection, record, _proxy) -> None:
        since = record.info.get("tracker_idle_since")
        if since is not None and time.monotonic() - since > PING_AFTER:
            try:
                alive = engine.dialect.do_ping(dbapi_connection)
            except Exception:  # noqa: BLE001  (any failure: the connection is no good)
                alive = False
            if not alive:
                raise DisconnectionError("the server closed the connection")  # the pool connects anew


def taken_revision(engine: Engine) -> Any:
    """The schema revision the engine's first connection read (NO_REVISION: it could not), and
    forget it, so a later check reads the schema again."""
    revision = getattr(engine.dialect, "tracker_revision", NO_REVISION)
    engine.dialect.tracker_revision = NO_REVISION
    return revision

