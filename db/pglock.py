"""PostgreSQL's write lock: writers wait for it at most the busy timeout SQLite waits, and a
writer that gives up says who holds it, as far as the server tells.

Every tracker write takes one transaction-scoped advisory lock, so history stays one chain.
Any session on the server may take that lock too; tracker names its own connections
("tracker", and "tracker: USER" while writing) so that a holder can be named.
"""

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from . import engine as _engine
from .errors import DatabaseProblem

PG_CHAIN_LOCK = 7_421_001
"""The advisory lock's key (a bigint: pg_locks shows it as classid 0, objid 7421001)."""
LOCK_NOT_AVAILABLE = "55P03"
APP_NAME_MAX = 63
"""PostgreSQL keeps this many bytes of application_name."""

_HOLDER = text(
    "SELECT l.pid, a.application_name, a.usename, a.client_addr, a.client_hostname, a.xact_start, a.state"
    " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = :high AND l.objid::bigint = :low"
    " AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


def writing_name(actor: str) -> str:
    """application_name while `actor` writes: ASCII only (the server turns the rest into ?)."""
    name = "tracker: " + "".join(c if " " <= c <= "~" else "?" for c in actor)
    return name.encode()[:APP_NAME_MAX].decode()


_LOCK = ("SELECT set_config('application_name', %(name)s, true), set_config('lock_timeout', %(timeout)s, true),"
         " pg_advisory_xact_lock(%(key)s)")
"""Named while writing, the lock timeout, then the lock: evaluated in that order, in one statement."""
_HEAD = "SELECT hash FROM change_event ORDER BY id DESC LIMIT 1"
"""The history's head, read once the lock is held (a statement of its own, so its snapshot is
taken after the lock was granted: nobody can extend the chain after it)."""


def take_write_lock(session: Session, actor: str) -> str | None:
    """Begin the write transaction and take the write lock, waiting at most
    `engine.BUSY_TIMEOUT_MS`; else DatabaseProblem naming the holder. Returns the history's head
    hash under the lock (None: no history yet).

    BEGIN, the lock and the head go to the server in one round trip (psycopg's pipeline mode),
    not four. On an autocommit engine (db/pgengine.py) BEGIN is sent here; otherwise the driver
    adds it itself."""
    import psycopg

    connection = session.connection()
    raw = connection.connection.driver_connection
    params = {"name": writing_name(actor), "timeout": str(int(_engine.BUSY_TIMEOUT_MS)), "key": PG_CHAIN_LOCK}
    try:
        with raw.pipeline():
            if raw.autocommit and not raw.info.transaction_status:
                raw.execute("BEGIN")
            raw.execute(_LOCK, params)
            head = raw.execute(_HEAD)
        found = head.fetchone()
        return None if found is None else found[0]
    except psycopg.Error as exc:
        if raw.broken or raw.closed:
            connection.invalidate()  # the server went away: the pool connects anew next time
        session.rollback()
        if getattr(exc, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise DatabaseProblem(f"the database cannot be written: {str(exc).splitlines()[0]}") from None
        raise DatabaseProblem(
            f"the database is busy: another writer held tracker's write lock for over "
            f"{_engine.BUSY_TIMEOUT_MS / 1000:g} s, so nothing was saved; {lock_holder(session)}. Try again "
            "when it is done, or ask the server's administrator to end that session"
        ) from None


def lock_holder(session: Session) -> str:
    """Who holds the write lock, in words, from pg_locks and pg_stat_activity."""
    try:
        rows = session.execute(_HOLDER, {"high": PG_CHAIN_LOCK >> 32, "low": PG_CHAIN_LOCK & 0xFFFFFFFF}).all()
    except OperationalError:
        rows = []
    finally:
        session.rollback()
    if not rows:
        return "the server no longer shows who held it"
    return "; ".join(_described(row) for row in rows)


def _described(row) -> str:
    parts = [f"held by {row.application_name!r}" if row.application_name else "held by a session"]
    if row.usename:
        parts.append(f"database role {row.usename}")
    where = row.client_hostname or (str(row.client_addr) if row.client_addr else None)
    parts.append(f"from {where}" if where else "from a local socket or a client the server does not show")
    if row.xact_start is not None:
        parts.append(f"in a transaction since {row.xact_start.strftime('%Y-%m-%d %H:%M:%S %Z').strip()}")
    if row.state:
        parts.append(f"now {row.state}")
    return f"{parts[0]} ({', '.join(parts[1:] + [f'server process {row.pid}'])})"
