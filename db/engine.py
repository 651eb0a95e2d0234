"""Engines for SQLite (the embedded default) and PostgreSQL, and the schema-version gate."""

import os
import sqlite3
from contextvars import ContextVar
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from .errors import DatabaseProblem, InvalidInput
from .filecheck import READ_ONLY_OPTION, damaged_message, opening_reason, read_only_reason, sqlite_read_uri
from .location import SCHEMA_REVISION, database_url, display_name, sqlite_path  # noqa: F401  (imported from here too)

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another to finish: SQLite's busy timeout, PostgreSQL's lock timeout."""

WRITE_TRANSACTION: ContextVar[bool] = ContextVar("tracker_write_transaction", default=False)
"""Set by the store while it opens a write transaction: SQLite then begins IMMEDIATE."""


def make_engine(url: str, *, foreign_keys: bool = True, read_only: str | None = None,
                transactional: bool = False) -> Engine:
    """An engine with foreign keys on and, on SQLite, WAL, synchronous=FULL and a busy timeout.
    With `read_only`, the database refuses every write made through it (SQLite `query_only`,
    PostgreSQL read-only transactions).

    Migrations turn foreign keys off: SQLite rebuilds a table to alter it, and it allows that
    only with them off (the change is checked with `PRAGMA foreign_key_check` before commit).
    With `read_only` (the reason), the SQLite file is opened for reading only and the engine
    carries the reason, so every write is refused with it. On PostgreSQL, reads run in the
    driver's autocommit mode unless `transactional` (migrations): db/pgengine.py says why.
    """
    if not url.startswith("sqlite"):
        return _server_engine(url, read_only=read_only, transactional=transactional)
    path = sqlite_path(url)
    if read_only and path is not None:
        uri = sqlite_read_uri(path)
        engine = create_engine("sqlite://", poolclass=QueuePool, creator=lambda: sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False))
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Take over transaction control from the driver so BEGIN covers DDL too.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in (
            f"foreign_keys = {'ON' if foreign_keys else 'OFF'}",
            "journal_mode = WAL",
            "synchronous = FULL",
            f"busy_timeout = {BUSY_TIMEOUT_MS}",
            *(["query_only = ON"] if read_only else []),
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if WRITE_TRANSACTION.get() else "BEGIN")

    return engine.execution_options(**{READ_ONLY_OPTION: read_only}) if read_only else engine


def _server_engine(url: str, *, read_only: str | None = None, transactional: bool = False) -> Engine:
    shown = f"{url.split('://', 1)[0]}://{display_name(url)}"  # without credentials
    if not url.startswith("postgresql"):
        raise InvalidInput(
            f"{shown!r} is neither a SQLite file nor a postgresql+psycopg:// URL", where="database"
        )
    try:
        query = url.split("?", 1)[1] if "?" in url else ""
        connect_args = {} if "application_name=" in query else {"application_name": "tracker"}
        if read_only:
            connect_args["options"] = "-c default_transaction_read_only=on"
        from .pgengine import tune

        options = {} if transactional else {"isolation_level": "AUTOCOMMIT"}
        return tune(create_engine(url, connect_args=connect_args, use_native_hstore=False, **options))
    except ModuleNotFoundError as exc:
        raise DatabaseProblem(
            f"{display_name(url)} needs the PostgreSQL driver {exc.name!r}: pip install 'tracker[postgres]'"
        ) from None
    except ArgumentError as exc:
        raise InvalidInput(f"{shown!r} is not a database URL tracker can use ({exc})",
                           where="database") from None


def open_database(url: str, *, create: bool = False, group: str | None = None, read_only: bool = False) -> Engine:
    """An engine on a database whose schema is current; refuses anything else untouched.

    With `create`, a missing SQLite file (or an empty database) is created and migrated. A new
    file is readable and writable by its owner only, or also by `group` when one is given.
    With `read_only`, nothing is created and the engine refuses writes (see `make_engine`).
    """
    create = create and not read_only
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path, create=create)
        if create and not path.exists():
            create_private_file(path, group)
    reason = opening_reason(path, read_only)
    if path is None:
        return _open_server(url, create=create, reason=reason)
    _refuse_state(url, schema_state(url), create)
    return make_engine(url, read_only=reason)


def _open_server(url: str, *, create: bool, reason: str | None) -> Engine:
    """A server database's engine, its schema checked on the engine's own first connection
    (the revision rides on the dialect's start-up probe: db/pgengine.py), reused after."""
    from .pgengine import NO_REVISION, taken_revision

    engine = make_engine(url, read_only=reason)
    try:
        try:
            with engine.connect() as conn:
                revision = taken_revision(engine)
                state = _state(*_read_server_schema(conn)) if revision is NO_REVISION else _state(["?"], revision)
        except DBAPIError as exc:
            raise DatabaseProblem(f"cannot open {display_name(url)}: {exc.orig}") from None
        _refuse_state(url, state, create)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _refuse_state(url: str, state: str, create: bool) -> None:
    """Refuse a database whose schema is not current (creating an empty one with `create`)."""
    if state == "empty":
        if not create:
            raise DatabaseProblem(f"{display_name(url)} has no tracker schema yet; run `tracker init` to create it")
        upgrade_database(url)
    elif state == "older":
        raise DatabaseProblem(
            f"{display_name(url)} was made by an older version of tracker; run `tracker upgrade` to migrate it"
        )
    elif state == "newer":
        raise DatabaseProblem(
            f"{display_name(url)} was made by a newer version of tracker; refusing to open it (it was left untouched)"
        )
    elif state == "foreign":
        raise DatabaseProblem(f"{display_name(url)} is not a tracker database; it was left untouched")


def schema_state(url: str) -> str:
    """One of "empty", "current", "older", "newer", "foreign", without changing anything."""
    return _state(*_read_schema(url))


def _state(tables: list[str], revision: str | None) -> str:
    if revision is None:
        return "empty" if not tables else "foreign"
    if revision == SCHEMA_REVISION:
        return "current"
    return "older" if revision in _known_revisions() else "newer"


def upgrade_database(url: str) -> None:
    """Migrate the database to the current schema with Alembic."""
    from alembic import command

    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path, create=True)
        refuse_read_only(path)
    engine = make_engine(url, foreign_keys=False, transactional=True)
    try:
        with engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            if path is not None:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise DatabaseProblem(f"the migration left {len(broken)} broken references; nothing was changed")
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise DatabaseProblem(
            f"{display_name(url)} could not be upgraded ({reason}); the migration was rolled back, so the "
            "database is as it was"
        ) from None
    finally:
        engine.dispose()


def refuse_read_only(path: Path) -> None:
    """Refuse to migrate a SQLite file this process cannot write, saying why."""
    if reason := read_only_reason(path):
        raise DatabaseProblem(f"cannot upgrade or create a schema, as the database is read-only: {reason}")


def create_private_file(path: Path, group: str | None = None) -> None:
    """An empty file only its owner (and `group`) may read or write; SQLite's -wal and -shm
    files take the same permissions."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o660 if group else 0o600)
    except OSError as exc:
        raise DatabaseProblem(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)
    if group:
        import grp

        try:
            os.chown(path, -1, grp.getgrnam(group).gr_gid)
        except KeyError:
            path.unlink()
            raise DatabaseProblem(f"there is no group {group!r} (database_group in the config)") from None
        os.chmod(path, 0o660)


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "tracker.db:migrations")
    return config


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a directory, not a database file")
    if not path.exists():
        if not create:
            raise DatabaseProblem(f"no database at {path}; create one with `tracker init` or `tracker seed`")
        if not path.parent.is_dir():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                blocker = next(p for p in path.parents if p.exists())
                raise DatabaseProblem(f"cannot create {path}: {blocker} is a file, not a folder") from None
            except OSError as exc:
                raise DatabaseProblem(f"cannot create the folder for {path}: {exc.strerror}") from None
        return
    if not os.access(path, os.R_OK):
        raise DatabaseProblem(f"{path} cannot be read (permission denied)")


def _read_schema(url: str) -> tuple[list[str], str | None]:
    path = sqlite_path(url)
    if path is not None:
        return _read_sqlite_schema(path)
    engine = _server_engine(url)
    try:
        with engine.connect() as conn:
            return _read_server_schema(conn)
    except DBAPIError as exc:
        raise DatabaseProblem(f"cannot open {display_name(url)}: {exc.orig}") from None
    finally:
        engine.dispose()


def _read_server_schema(conn) -> tuple[list[str], str | None]:
    from sqlalchemy import inspect

    tables = inspect(conn).get_table_names()
    revision = None
    if "alembic_version" in tables:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return tables, revision


def _read_sqlite_schema(path: Path) -> tuple[list[str], str | None]:
    if not path.exists() or path.stat().st_size == 0:
        return [], None
    try:
        conn = sqlite3.connect(sqlite_read_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise DatabaseProblem(f"cannot open {path}: {exc}") from None
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        revision = None
        if "alembic_version" in tables:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = revision[0] if revision else None
        return tables, revision
    except sqlite3.DatabaseError as exc:
        message = damaged_message(str(path), exc) or f"{path} cannot be read ({exc}); it was left untouched"
        raise DatabaseProblem(message) from None
    finally:
        conn.close()
