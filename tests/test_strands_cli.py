"""`tracker milestone`, `tracker action add|edit --parent`, `tracker link`: refusals name where
and exit 2; `list --format json` carries the new fields."""

import json

from tests.conftest import run_cli


def _ok(db, *args):
    result = run_cli("--db", db, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_sub_actions_and_links_from_the_command_line(seeded_db):
    _ok(seeded_db, "action", "add", "S.1", "-P", "collab", "--title", "Parent", "--expected-outcome", "Fewer calls",
        "--links", "2,1")
    _ok(seeded_db, "action", "add", "S.2", "-P", "collab", "--title", "Child", "--parent", "S.1", "--status", "done")
    _ok(seeded_db, "action", "add", "S.3", "-P", "collab", "--title", "Grandchild", "--parent", "S.2")
    refused = run_cli("--db", seeded_db, "action", "edit", "S.1", "--parent", "S.3")
    assert refused.returncode == 2
    assert "action S.1, parent" in refused.stderr and "Traceback" not in refused.stderr
    refused = run_cli("--db", seeded_db, "action", "edit", "S.2", "--parent", "S.2")
    assert refused.returncode == 2 and "own parent" in refused.stderr
    _ok(seeded_db, "link", "add", "risk", "9.3", "4")
    actions = {a["ref"]: a for a in json.loads(_ok(seeded_db, "list", "actions", "--format", "json"))}
    assert (actions["S.1"]["sub_actions"], actions["S.1"]["expected_outcome"], actions["S.1"]["priorities"]) == (
        "1 of 1 done", "Fewer calls", [1, 2])
    assert (actions["S.2"]["parent"], actions["S.3"]["parent"]) == ("S.1", "S.2")
    risks = {r["ref"]: r for r in json.loads(_ok(seeded_db, "list", "risks", "--format", "json"))}
    assert risks["9.3"]["priorities"] == [4]
    assert "the tables match" in _ok(seeded_db, "verify")


def test_milestones_from_the_command_line(seeded_db):
    _ok(seeded_db, "milestone", "add", "5.1.1", "Go live", "--planned", "2025-03-01", "--percent", "20")
    refused = run_cli("--db", seeded_db, "milestone", "done", "5.1.1", "Go live", "--on", "2999-01-01")
    assert refused.returncode == 2
    assert "workstream 5.1.1, milestone 'Go live', done" in refused.stderr and "still to come" in refused.stderr
    refused = run_cli("--db", seeded_db, "milestone", "edit", "5.1.1", "Go live", "--percent", "101")
    assert refused.returncode == 2 and "percent" in refused.stderr and "Traceback" not in refused.stderr
    _ok(seeded_db, "milestone", "done", "5.1.1", "Go live", "--on", "2025-02-20")
    [row] = json.loads(_ok(seeded_db, "milestone", "list", "5.1.1", "--format", "json"))
    assert (row["planned"], row["done"], row["percent"], row["state"]) == ("2025-03-01", "2025-02-20", 100,
                                                                          "done 2025-02-20")
    _ok(seeded_db, "milestone", "remove", "5.1.1", "Go live")
    assert json.loads(_ok(seeded_db, "milestone", "list", "5.1.1", "--format", "json")) == []


def test_priorities_in_csv_read_as_a_list(seeded_db):
    _ok(seeded_db, "link", "add", "risk", "9.3", "4", "2")
    lines = _ok(seeded_db, "list", "risks", "--format", "csv").splitlines()
    header = lines[0].lstrip("\ufeff").split(",")
    import csv

    rows = {row[0]: row for row in csv.reader(lines[1:])}
    assert rows["9.3"][header.index("priorities")] == "2, 4"


def test_a_measures_links_in_its_list(seeded_db):
    _ok(seeded_db, "link", "add", "measure", "1.1", "3")
    _ok(seeded_db, "measure", "edit", "1.1", "--links", "3,5")
    refused = run_cli("--db", seeded_db, "measure", "edit", "1.1", "--links", "three")
    assert refused.returncode == 2 and "--links" in refused.stderr
    measures = {m["ref"]: m for m in json.loads(_ok(seeded_db, "list", "measures", "--format", "json"))}
    assert measures["1.1"]["priorities"] == [3, 5]
