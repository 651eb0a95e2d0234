"""What is particular to PostgreSQL. Everything else runs on both engines through the shared
fixtures (see conftest.py); these need a server too and skip without one (never under CI)."""

import pytest
from sqlalchemy import create_engine

from tests.conftest import drop_pg_database, new_pg_database
from tests.conftest import run_cli as run_process
from tests.inprocess import run_cli

pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def empty_pg(backend, request):
    """A PostgreSQL database with nothing in it, as an administrator hands one to a team."""
    server = request.getfixturevalue("pg_server")
    url, name = new_pg_database(server, empty=True)
    yield url
    drop_pg_database(server, name)


def test_init_seed_and_read_on_an_empty_database(empty_pg):
    """End to end, in real processes, as a team's first use goes."""
    listed = run_process("list", "workstreams", "--db", empty_pg)
    assert listed.returncode == 1 and "no tracker schema yet" in listed.stderr and "tracker init" in listed.stderr
    assert run_process("init", "--db", empty_pg).returncode == 0
    assert run_process("init", "--db", empty_pg).returncode == 0  # idempotent
    assert run_process("seed", "--db", empty_pg).returncode == 0
    result = run_process("list", "workstreams", "--period", "2023", "--format", "csv", "--db", empty_pg)
    refs = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert refs[:4] == ["5.1.1", "5.1.2", "5.2.1", "5.3.1"]


def test_sort_keys_compare_bytes_whatever_the_server_collation(empty_pg):
    assert run_cli("init", "--db", empty_pg).returncode == 0
    engine = create_engine(empty_pg)
    with engine.connect() as conn:
        collations = conn.exec_driver_sql(
            "SELECT table_name, collation_name FROM information_schema.columns WHERE column_name = 'sort_key'"
        ).all()
    engine.dispose()
    assert sorted(collations) == [("commitment", "C"), ("measure", "C"), ("portfolio", "C"), ("section", "C"),
                                  ("workstream", "C")]


def test_backup_points_at_pg_dump(empty_pg, tmp_path):
    assert run_cli("init", "--db", empty_pg).returncode == 0
    result = run_cli("backup", str(tmp_path / "copy.db"), "--db", empty_pg)
    assert result.returncode == 2 and "pg_dump" in result.stderr
    assert not (tmp_path / "copy.db").exists()


def test_an_unreachable_server_is_a_message_not_a_traceback(backend):
    result = run_cli("list", "workstreams", "--db", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    assert result.returncode == 1
    assert "cannot open 127.0.0.1:1/none" in result.stderr
    assert "Traceback" not in result.stderr and "secret" not in result.stderr


@pytest.mark.parametrize("url, message", [
    ("mysql://ann:secret@db.example/tracker", "neither a SQLite file nor a postgresql+psycopg:// URL"),
    ("postgresql+nosuchdriver://ann:secret@db.example/tracker", "not a database URL tracker can use"),
])
def test_a_url_tracker_cannot_use_is_bad_input(url, message):
    result = run_cli("list", "workstreams", "--db", url)
    assert result.returncode == 2 and message in result.stderr
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_an_older_database_upgrades_and_keeps_its_history(empty_pg):
    from tests.conftest import database_at

    database_at(empty_pg, "0004", *(
        "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) "
        f"VALUES ('b{n}', '2024-01-0{n + 1}T00:00:00Z', 'ann', 'section', '5.{n}', NULL, 'create', "
        f"'name', NULL, 'Section {n}', '{'0' * 64}')"
        for n in range(3)
    ))
    refused = run_cli("list", "workstreams", "--db", empty_pg)
    assert refused.returncode == 1 and "tracker upgrade" in refused.stderr
    upgraded = run_cli("upgrade", "--db", empty_pg)
    assert upgraded.returncode == 0, upgraded.stderr
    assert run_cli("seed", "--db", empty_pg).returncode == 0
    listed = run_cli("list", "measures", "--format", "json", "--db", empty_pg)
    assert listed.returncode == 0 and "Domestic abuse incidents" in listed.stdout
    history = run_cli("history", "5.1", "--format", "json", "--db", empty_pg)
    assert '"new": "Section 1"' in history.stdout  # the events written before the upgrade are still there
