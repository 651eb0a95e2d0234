"""The CLI through its entry point: output, exit status, and messages without tracebacks.

Most cases run `tracker.cli.main` in this process (tests/inprocess.py, which gives what a real
process gives: tests/test_suite_inprocess.py checks that). A handful run `python -m tracker` in a
real process, end to end: --version, a table under NO_COLOR and COLUMNS, the user from the
environment, init then upgrade, and an export/import round trip through files."""

import json

import pytest

from tests.conftest import db_target
from tests.conftest import run_cli as run_process
from tests.inprocess import run_cli


@pytest.fixture
def db(db_url) -> str:
    path = db_target(db_url)
    result = run_cli("--db", path, "seed")
    assert result.returncode == 0, result.stderr
    return path


def test_version():
    result = run_process("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("tracker ")


def test_list_workstreams_json(db):
    result = run_cli("list", "workstreams", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {row["ref"]: row for row in json.loads(result.stdout)}
    mental = rows["5.4.3"]
    assert (mental["name"], mental["rag"], mental["previous_rag"], mental["change"]) == (
        "Mental Health", "amber", "green", "Previously Green"
    )
    assert {"ref", "name", "section", "lead", "status", "rag", "previous_rag", "change"} <= mental.keys()
    assert rows["5.2.1"]["change"] == "Prev. not graded"
    assert rows["5.3.2"]["rag"] is None and rows["5.3.2"]["status"] == "completed"


def test_list_table_shows_rag_as_a_word_without_colour(db):
    result = run_process("list", "workstreams", "--db", db, env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.returncode == 0
    assert "▲ Amber" in result.stdout and "Previously Green" in result.stdout
    assert "\x1b[" not in result.stdout


def test_rag_needs_a_note_when_it_changes(db):
    result = run_cli("rag", "5.1.1", "red", "--period", "2023", "--db", db)
    assert result.returncode == 2
    assert "rationale" in result.stderr and "5.1.1" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli("rag", "5.1.1", "red", "--period", "2023", "--note", "Lost capacity", "--db", db, "--user", "ann")
    assert result.returncode == 0, result.stderr
    history = json.loads(run_cli("history", "5.1.1", "--db", db, "--format", "json").stdout)
    assert (history[0]["actor"], history[0]["field"], history[0]["new"]) == ("ann", "rationale", "Lost capacity")
    assert (history[1]["field"], history[1]["old"], history[1]["new"]) == ("rag", "green", "red")


def test_user_comes_from_the_environment(db):
    result = run_process("rag", "5.1.1", "green", "--period", "2023", "--note", "Still fine", "--db", db,
                         env={"TRACKER_USER": "from-env"})
    assert result.returncode == 0, result.stderr
    history = json.loads(run_process("history", "5.1.1", "--db", db, "--format", "json", "--limit", "1").stdout)
    assert history[0]["actor"] == "from-env"


def test_db_comes_from_the_environment(db):
    result = run_cli("list", "risks", "--format", "json", env={"TRACKER_DB": db})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["score"] == 60


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rag", "9.9.9", "red", "--note", "x"], "no workstream '9.9.9'"),
        (["rag", "5.1.1", "purple"], "'purple' is not a RAG"),
        (["rag", "5.1.1", "red", "--period", "2022", "--note", "x"], "period 2022 is closed"),
        (["period", "add", "2024", "--start", "2024-13-01", "--end", "2024-12-31"], "is not a date"),
        (["period", "add", "2024", "--start", "2024-12-01", "--end", "2024-01-31"], "is after end"),
        (["period", "add", "2023", "--start", "2023-01-01", "--end", "2023-12-31"], "exists already"),
        (["list", "widgets"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_a_message(db, args, message):
    result = run_cli(*args, "--db", db)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_period_lifecycle(db):
    assert run_cli("period", "add", "2024", "--start", "2024-01-01", "--end", "2024-12-31", "--db", db).returncode == 0
    assert run_cli("rag", "5.1.1", "green", "--period", "2024", "--db", db).returncode == 0
    assert run_cli("period", "close", "2024", "--db", db).returncode == 0
    assert run_cli("rag", "5.1.1", "red", "--period", "2024", "--note", "x", "--db", db).returncode == 2
    assert run_cli("period", "reopen", "2024", "--db", db).returncode == 0
    assert run_cli("rag", "5.1.1", "red", "--period", "2024", "--note", "x", "--db", db).returncode == 0
    periods = json.loads(run_cli("period", "list", "--format", "json", "--db", db).stdout)
    assert [p["label"] for p in periods] == [
        "Year to Sep 2015", "Year to Sep 2016", "2022", "Q2 2023/24",
        "Jul-Dec 2023", "2023", "2024",  # by end date; of two ending together, the longer last
    ]


def test_missing_database_exits_1_and_is_not_created(tmp_path):
    path = tmp_path / "none.db"
    result = run_cli("list", "workstreams", "--db", str(path))
    assert result.returncode == 1
    assert "tracker init" in result.stderr
    assert not path.exists()


def test_init_then_upgrade_are_idempotent(tmp_path):
    path = str(tmp_path / "new.db")
    assert "created" in run_process("init", "--db", path).stdout
    assert "ready already" in run_process("init", "--db", path).stdout
    assert "up to date" in run_process("upgrade", "--db", path).stdout


def test_export_import_round_trip_through_files(db, tmp_path):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    assert run_process("export", "--format", "toml", "-o", str(first), "--db", db).returncode == 0
    copy = str(tmp_path / "copy.db")
    assert run_process("import", str(first), "--db", copy).returncode == 0
    assert run_process("export", "-o", str(second), "--db", copy).returncode == 0
    assert first.read_text() == second.read_text()


def test_failed_import_leaves_the_database_as_it_was(db, tmp_path):
    before = run_cli("export", "--db", db).stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('[[section]]\ncode = "9"\nname = "New"\n\n[[workstream]]\nref = "5.1.1"\nname = "Dup"\nsection = "9"\n')
    result = run_cli("import", str(bad), "--db", db)
    assert result.returncode == 2
    assert f"{bad}: workstream 5.1.1, ref" in result.stderr
    assert run_cli("export", "--db", db).stdout == before


def test_user_text_is_printed_literally(db):
    note = "[bold red]now[/] \x1b[2J [/oops]"
    assert run_cli("rag", "5.1.1", "red", "--period", "2023", "--note", note, "--db", db).returncode == 0
    result = run_cli("history", "5.1.1", "--limit", "2", "--db", db, env={"COLUMNS": "200"})
    assert result.returncode == 0
    assert "[bold red]now[/]" in result.stdout and "[/oops]" in result.stdout
    assert "\x1b[2J" not in result.stdout and "⟨U+001B⟩[2J" in result.stdout
    history = json.loads(run_cli("history", "5.1.1", "--limit", "1", "--format", "json", "--db", db).stdout)
    assert history[0]["new"] == note


def test_csv_neutralises_formulas(db):
    assert run_cli("rag", "5.1.1", "red", "--period", "2023", "--note", "=1+1", "--db", db).returncode == 0
    result = run_cli("history", "5.1.1", "--limit", "1", "--format", "csv", "--db", db)
    assert result.stdout.startswith("\ufeffat,actor,")
    assert ",'=1+1" in result.stdout


@pytest.mark.parametrize(
    ("args", "header", "row"),
    [
        (["list", "workstreams"], ["ref", "portfolio", "name", "section", "lead", "status", "rag", "previous_rag", "change", "version"],
         ["5.4.3", "collab", "Mental Health", "5.4", "Det Supt Natalia Ross", "active", "amber", "green", "Previously Green"]),
        (["list", "actions"], ["ref", "portfolio", "title", "owner", "due_date", "status", "overdue", "workstream", "risk",
                               "parent", "sub_actions", "expected_outcome", "priorities"], None),
        (["list", "risks"], ["ref", "portfolio", "title", "owner", "register_kind", "inherent_likelihood",
                             "inherent_impact", "inherent_score", "likelihood", "impact", "score", "score_typed",
                             "target_likelihood", "target_impact", "target_score", "target_reason", "band", "direction",
                             "status", "board", "reviewed_on", "review_date", "next_review", "past_review", "causes",
                             "consequences", "mitigation_count", "mitigation_areas", "controls", "actions", "priorities"], None),
        (["history"], ["at", "actor", "entity", "ref", "period", "kind", "field", "old", "new"], None),
    ],
)
def test_every_list_as_csv_opens_in_a_spreadsheet(db, args, header, row):
    import csv
    import io

    result = run_cli(*args, "--format", "csv", "--db", db)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.encode("utf-8").decode("utf-8-sig"))))
    assert rows[0] == header
    assert len(rows) > 5 and all(len(r) == len(header) for r in rows)
    if row:
        assert row in [r[: len(row)] for r in rows]
