"""Migration 0013 (work strands): a database tracker 0006 wrote (test_migration_0007.OLD_DATABASE)
upgrades with its actions kept, no parent, no outcome, no links; verify passes; then sub-actions,
links and milestones are written and verify still passes."""

import json

from tests.conftest import database_at, db_target, run_cli
from tests.test_migration_0007 import OLD_DATABASE, _rows, old_url  # noqa: F401 -- the fixture


def test_an_older_database_takes_the_strands_and_verifies(old_url):  # noqa: F811
    database_at(old_url, "0006", *OLD_DATABASE)
    before = _rows(old_url, "SELECT ref, title, status FROM action ORDER BY ref")
    assert before  # the old database has actions
    assert run_cli("upgrade", "--db", db_target(old_url), input="").returncode == 0
    assert _rows(old_url, "SELECT ref, title, status FROM action ORDER BY ref") == before
    assert {row[1:] for row in _rows(old_url, "SELECT ref, parent_id, expected_outcome FROM action")} == {(None, "")}
    db = ("--db", db_target(old_url), "--user", "ann")
    verified = run_cli("verify", *db)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    for args in (("milestone", "add", "5.1.1", "Go live", "--planned", "2024-06-01"),
                 ("link", "add", "risk", "9.1", "1")):
        done = run_cli(*args, *db)
        assert done.returncode == 0, done.stderr
    listed = json.loads(run_cli("milestone", "list", "--format", "json", *db).stdout)
    assert [(m["workstream"], m["title"], m["planned"]) for m in listed] == [("5.1.1", "Go live", "2024-06-01")]
    verified = run_cli("verify", *db)
    assert verified.returncode == 0, verified.stdout + verified.stderr
