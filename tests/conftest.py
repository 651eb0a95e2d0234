"""Fixtures: every test gets its own throwaway database and no user config."""

import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session
from tracker.db.engine import database_url, open_database
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
    monkeypatch.delenv("TRACKER_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "tracker.db"


@pytest.fixture
def engine(db_path):
    engine = open_database(database_url(db_path), create=True)
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
def seeded_db(db_path, seeded) -> Path:
    """The path of a seeded database file (its engine stays open for the test)."""
    return db_path


def run_cli(*args: str, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m tracker ARGS` in a real process, as a user runs it."""
    import os

    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True, text=True, input=input, env={**os.environ, **(env or {})}, timeout=120,
    )


def database_at(path: Path, revision: str, *statements: str) -> Path:
    """A database migrated only as far as `revision`, with `statements` run on it: an older
    tracker's database, to test upgrades on."""
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
