"""Migration 0009 (a value's own period): values of a database tracker 0006 wrote (see
test_migration_0007.OLD_DATABASE: a measure with one value in the quarter Q4 2023/24) take
their period's dates and label, lose nothing, and verify still passes, on SQLite and PostgreSQL."""

import json

from sqlmodel import Session

from tests.conftest import database_at, db_target, run_cli
from tracker.db.engine import open_database
from tracker.db.undo import undo_last
from tests.test_migration_0007 import OLD_DATABASE, _rows, old_url  # noqa: F401 -- the fixture


def test_a_value_takes_its_periods_dates_and_label_and_keeps_the_rest(old_url):  # noqa: F811
    database_at(old_url, "0006", *OLD_DATABASE)
    assert run_cli("upgrade", "--db", db_target(old_url), input="").returncode == 0
    rows = _rows(old_url, "SELECT start_date, end_date, label, member, series, value, low, high, ci, n, footnote,"
                          " entered_by, entered_at FROM measure_value")
    assert [tuple(str(v) if i < 2 else v for i, v in enumerate(row)) for row in rows] == [
        ("2024-01-01", "2024-03-31", "Q4 2023/24", "", "actual", 100.0, None, None, None, None, "", "ann",
         "2024-03-01T00:00:00Z")]
    assert _rows(old_url, "SELECT difference, decimals, significance, dimension, total, source, question"
                          " FROM measure") == [(None, None, None, None, None, "", "")]
    verified = run_cli("verify", "--db", db_target(old_url))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    listed = json.loads(run_cli("list", "measures", "--format", "json", "--db", db_target(old_url)).stdout)
    assert [(m["ref"], m["this_period"], m["this"]) for m in listed] == [("M.1", "Q4 2023/24", 100.0)]


def test_a_migrated_value_is_changed_and_undone_and_verify_still_passes(old_url):  # noqa: F811
    database_at(old_url, "0006", *OLD_DATABASE)
    assert run_cli("upgrade", "--db", db_target(old_url), input="").returncode == 0
    db = ("--db", db_target(old_url), "--user", "ann")
    changed = run_cli("measure", "set", "M.1", "--period", "Q4 2023/24", "--value", "120", *db)
    assert changed.returncode == 0, changed.stderr
    assert _rows(old_url, "SELECT value FROM measure_value") == [(120.0,)]
    assert run_cli("verify", *db).returncode == 0
    engine = open_database(old_url)
    with Session(engine) as session:
        undo_last(session=session, actor="ann")
    engine.dispose()
    assert _rows(old_url, "SELECT value FROM measure_value") == [(100.0,)]
    verified = run_cli("verify", *db)
    assert verified.returncode == 0, verified.stdout + verified.stderr
