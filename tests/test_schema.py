"""Migrations, database constraints, and the gate that refuses databases it cannot use."""

import hashlib
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel
from tracker.db import models  # noqa: F401
from tracker.db.engine import SCHEMA_REVISION, _alembic_config, database_url, open_database, schema_state
from tracker.db.errors import DatabaseProblem


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_code_expects_the_migrations_head():
    assert ScriptDirectory.from_config(_alembic_config()).get_current_head() == SCHEMA_REVISION


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_constraints_live_in_the_database(engine, seeded):
    from sqlalchemy.exc import IntegrityError

    closed = "false" if engine.dialect.name == "postgresql" else "0"
    bad = [
        "UPDATE assessment SET rag = 'purple'",
        "UPDATE workstream SET status = 'asleep'",
        "UPDATE workstream SET section_id = 999",
        "INSERT INTO assessment (workstream_id, period_id, rag, rationale, assessed_by, assessed_at) "
        "SELECT workstream_id, period_id, rag, rationale, assessed_by, assessed_at FROM assessment LIMIT 1",
        "UPDATE risk SET likelihood = 3 WHERE ref = '9.1'",
        "UPDATE risk SET score = -1",
        "UPDATE action SET completed_on = '2024-01-01', status = 'open'",
        f"INSERT INTO period (label, start_date, end_date, closed, cycle) VALUES ('X', '2024-02-01', '2024-01-01', {closed}, 'other')",
        "UPDATE workstream SET name = NULL",
        "INSERT INTO workstream (ref, name, section_id, description, status) SELECT ref, name, section_id, '', 'active' FROM workstream LIMIT 1",
    ]
    for statement in bad:
        with pytest.raises(IntegrityError), engine.begin() as conn:  # the engine's own connections enforce FKs
            conn.exec_driver_sql(statement)


@pytest.mark.sqlite_only
def test_sqlite_pragmas(engine):
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_missing_database_is_not_created_by_readers(tmp_path):
    path = tmp_path / "none.db"
    with pytest.raises(DatabaseProblem, match="tracker init"):
        open_database(database_url(path))
    assert not path.exists()


def test_older_schema_is_refused_until_upgraded(tmp_path):
    from tests.conftest import database_at
    from tests.inprocess import run_cli

    path = database_at(
        tmp_path / "old.db", "0001",
        "INSERT INTO section (code, name) VALUES ('5.10', 'Ten'), ('5.9', 'Nine')",
        "INSERT INTO workstream (ref, name, section_id, description, status) "
        "VALUES ('5.10.1', 'A', 1, '', 'active'), ('5.9.1', 'B', 2, '', 'active')",
    )
    before = digest(path)
    with pytest.raises(DatabaseProblem, match="older version.*tracker upgrade"):
        open_database(database_url(path))
    assert digest(path) == before
    result = run_cli("upgrade", "--db", str(path))
    assert result.returncode == 0, result.stderr
    listed = run_cli("list", "workstreams", "--format", "json", "--db", str(path))
    assert [w["ref"] for w in __import__("json").loads(listed.stdout)] == ["5.9.1", "5.10.1"]


@pytest.mark.sqlite_only
def test_newer_schema_is_refused_untouched(engine, db_path):
    engine.dispose()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
    before = digest(db_path)
    with pytest.raises(DatabaseProblem, match="newer version"):
        open_database(database_url(db_path), create=True)
    assert digest(db_path) == before
    assert schema_state(database_url(db_path)) == "newer"


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\x00" * 50])
def test_non_database_file_is_refused_untouched(tmp_path, content):
    path = tmp_path / "junk.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseProblem, match="left untouched"):
        open_database(database_url(path), create=True)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x)")
    before = digest(path)
    with pytest.raises(DatabaseProblem, match="not a tracker database"):
        open_database(database_url(path), create=True)
    assert digest(path) == before


def test_directory_is_refused(tmp_path):
    with pytest.raises(DatabaseProblem, match="is a directory"):
        open_database(database_url(tmp_path), create=True)
