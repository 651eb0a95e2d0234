"""Migration 0011 (a commitment's parent): a database tracker 0006 wrote (see
test_migration_0007.OLD_DATABASE) upgrades, takes commitments with sub-commitments, and verify
still passes."""

import json

from tests.conftest import database_at, db_target, run_cli
from tests.test_migration_0007 import OLD_DATABASE, _rows, old_url  # noqa: F401 -- the fixture

PLAN = """
[[priority]]
number = 8
title = "Preventing business crime, fraud and cyber crime"
objective = "o"

[[commitment]]
ref = "8.3.1"
priority = 8
parent = "8.3"
text = "Work closely with businesses to prevent crime."

[[commitment]]
ref = "8.3"
priority = 8
text = "Support the Business Crime Strategy."
"""


def test_an_old_database_takes_sub_commitments(old_url, tmp_path):  # noqa: F811
    database_at(old_url, "0006", *OLD_DATABASE)
    assert run_cli("upgrade", "--db", db_target(old_url), input="").returncode == 0
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    done = run_cli("import", str(path), "--db", db_target(old_url))
    assert done.returncode == 0, done.stdout + done.stderr
    assert _rows(old_url, "SELECT c.ref, p.ref FROM commitment c JOIN commitment p ON p.id = c.parent_id") == [
        ("8.3.1", "8.3")]
    listed = json.loads(run_cli("list", "commitments", "--format", "json", "--db", db_target(old_url)).stdout)
    assert [(c["ref"], c["parent"]) for c in listed] == [("8.3", None), ("8.3.1", "8.3")]
    verified = run_cli("verify", "--db", db_target(old_url))
    assert verified.returncode == 0, verified.stdout + verified.stderr
