"""Fixtures: every test gets its own throwaway database and no user config.

Tests that take `engine`, `session`, `seeded`, `seeded_db`, `db_url` or `db` run once per engine:
on SQLite, and on PostgreSQL when TRACKER_TEST_PG_URL names a server where the tests may create
databases (`bash scripts/test-postgres start` prints one). Without it the PostgreSQL runs skip and say so,
except under CI, where a missing server fails the run. Tests about the SQLite file itself carry
the `sqlite_only` mark; those about the server, `postgresql_only`.
"""

import datetime as dt
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlmodel import Session
from tracker.db.engine import database_url, open_database, sqlite_path
from tracker.db.schemas import RiskScale

from tracker.interchange import import_snapshot, seed_snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    """No user config, no user database, a fixed user name."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRACKER_CONFIG", str(home / "no-config.toml"))
    monkeypatch.setenv("TRACKER_USER", "tester")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the remembered portfolio (tracker/state.py)
    monkeypatch.delenv("TRACKER_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    from tracker.db import dates

    monkeypatch.setattr(dates, "_shown_as", "iso")  # the date format a test's app or CLI call set


PG_URL_VARIABLE = "TRACKER_TEST_PG_URL"
ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        kinds = ENGINES
        if metafunc.definition.get_closest_marker("sqlite_only"):
            kinds = ENGINES[:1]
        elif metafunc.definition.get_closest_marker("postgresql_only"):
            kinds = ENGINES[1:]
        metafunc.parametrize("backend", kinds, indirect=True)


@pytest.fixture
def backend(request) -> str:
    """The engine under test: "sqlite" or "postgresql"."""
    if request.param == "postgresql" and not os.environ.get(PG_URL_VARIABLE):
        message = f"PostgreSQL tests need a server: set {PG_URL_VARIABLE} (bash scripts/test-postgres start prints one)"
        if os.environ.get("CI"):
            pytest.fail(f"CI never skips the PostgreSQL tests. {message}")
        pytest.skip(message)
    return request.param


@pytest.fixture(scope="session")
def pg_server():
    """An AUTOCOMMIT engine on the PostgreSQL server, and a migrated template database that
    each test's database is copied from (a copy is much faster than running the migrations)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(os.environ[PG_URL_VARIABLE])
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    template = f"tracker_template_{os.getpid()}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{template}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{template}"')
    open_database(url.set(database=template).render_as_string(hide_password=False), create=True).dispose()
    yield admin, url, template
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    admin.dispose()


def new_pg_database(pg_server, *, empty: bool = False) -> tuple[str, str]:
    """A fresh database on the test server: (its URL, its name). Empty, or copied from the
    migrated template."""
    admin, url, template = pg_server
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"' + ("" if empty else f' TEMPLATE "{template}"'))
    return url.set(database=name).render_as_string(hide_password=False), name


def drop_pg_database(pg_server, name: str) -> None:
    admin, _url, _template = pg_server
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(backend, tmp_path, request) -> str:
    """The URL of this test's own database, on the engine under test."""
    if backend == "sqlite":
        yield database_url(tmp_path / "tracker.db")
        return
    server = request.getfixturevalue("pg_server")
    url, name = new_pg_database(server)
    yield url
    drop_pg_database(server, name)


@pytest.fixture
def db_path(tmp_path) -> Path:
    """Where the SQLite file of this test's database lies (for tests about the file)."""
    return tmp_path / "tracker.db"


@pytest.fixture
def engine(db_url):
    engine = open_database(db_url, create=True)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def seeded(engine, session) -> Session:
    """A session on a database loaded from the bundled seeds."""
    import_snapshot(session=session, snapshot=seed_snapshot(), source="seeds", actor="seed-loader", scale=RiskScale())
    return session


@pytest.fixture
def seeded_db(db_url, seeded) -> str:
    """What `--db` takes for a seeded database: the SQLite file's path or the PostgreSQL URL
    (its engine stays open for the test)."""
    return db_target(db_url)


def db_target(url: str) -> str:
    """What a user passes to `--db`: a SQLite file's path, or another engine's URL."""
    path = sqlite_path(url)
    return str(path) if path is not None else url


def run_cli(*args: str, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m tracker ARGS` in a real process, as a user runs it."""
    import os

    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True, text=True, input=input, env={**os.environ, **(env or {})}, timeout=120,
    )


def database_at(path: Path | str, revision: str, *statements: str) -> Path | str:
    """A database (a SQLite path or a URL) migrated only as far as `revision`, with `statements`
    run on it: an older tracker's database, to test upgrades on."""
    from alembic import command
    from tracker.db.engine import _alembic_config, make_engine

    engine = make_engine(database_url(path))
    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()
    return path


# ---------------------------------------------------------------------------------------------
# One frozen clock, and the app under a pilot


FROZEN_NOW = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
"""The instant every test runs at: what changes record as their time, and what `today` is."""


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Freezes tracker's one clock (tracker.db.clock) at FROZEN_NOW for the test; a test may
    move it with `monkeypatch.setattr(frozen_clock, "_frozen", ...)`. A real process started
    by `run_cli` runs on the system clock."""
    from tracker.db import clock

    monkeypatch.setattr(clock, "_frozen", FROZEN_NOW)
    return clock


async def settle(pilot) -> None:
    """Wait until no worker is pending or running and what they posted has been handled: screens
    read in thread workers, so a test looks only once they are done (no guessing with sleeps)."""
    from textual.worker import WorkerState

    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers):
            return
    raise AssertionError("workers kept starting")


class SettlingPilot:
    """A pilot whose `press` and `pause` return only once the workers they started are done."""

    def __init__(self, pilot) -> None:
        self._pilot = pilot

    def __getattr__(self, name: str):
        return getattr(self._pilot, name)

    async def press(self, *keys: str) -> None:
        await self._pilot.press(*keys)
        await settle(self._pilot)

    async def pause(self, delay: float | None = None) -> None:
        await self._pilot.pause(delay)
        await settle(self._pilot)


@pytest.fixture
def tui(engine):
    """Opens the app on this test's database (ask for `seeded` too for the seed data), under a
    pilot that waits for the screens' workers: `async with tui(user=LEAD, size=(120, 40),
    read_only=True, portfolio="opc") as pilot: app = pilot.app` (`portfolio` the one in view, None for
    all; by default the one the app opens on; `settings` a tracker.config.Settings)."""
    from contextlib import asynccontextmanager

    from tracker.app import make_app

    @asynccontextmanager
    async def open_app(*, user: str = "tester", size: tuple[int, int] = (80, 24), read_only: bool = False,
                       portfolio: str | None = "opening", settings=None):
        app = make_app(engine=engine, user=user, read_only=read_only, settings=settings)
        if portfolio != "opening":
            app.portfolio = portfolio
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            yield SettlingPilot(pilot)

    return open_app


async def debounced(pilot, timer) -> None:
    """Waits for a debounce timer (a one-shot Textual Timer, e.g. a filter's) to fire, then for the
    app to handle what it did: no guessing at how long to sleep."""
    task = getattr(timer, "_task", None)
    if task is not None:
        await task
    await pilot.pause()


def without_seeded_paper(session, portfolio: str = "collab", period: str = "2023") -> None:
    """Remove a paper the seeds hold and the period's narratives, through the store (a new
    version, then delete; each narrative emptied), for tests that make their own."""
    from tracker.db import paper_views, papers

    key = papers.PaperKey(portfolio, period)
    papers.new_version(session=session, actor="tester", key=key, version="withdrawn")
    papers.delete_paper(session=session, actor="tester", key=key)
    found = paper_views.narratives(session, period)
    for ref in found.workstreams:
        papers.set_narrative(session=session, actor="tester", period=period, text="", workstream=ref)
    for code in found.sections:
        papers.set_narrative(session=session, actor="tester", period=period, text="", section=code)
