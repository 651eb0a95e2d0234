"""The CLI run in process (tests.inprocess.run_cli, what most CLI tests use) gives what a real
process (tests.conftest.run_cli) gives: the same status, the same stdout and the same stderr,
byte for byte, for tables, CSV, JSON, usage errors and refusals."""

import pytest

from tests import conftest, inprocess

pytestmark = pytest.mark.sqlite_only  # about the runner, not the engine

CASES = {
    "version": (["--version"], {}),
    "help": (["--help"], {"COLUMNS": "80"}),
    "table without colour": (["list", "workstreams"], {"NO_COLOR": "1", "COLUMNS": "100"}),
    "table at the default width": (["list", "actions"], {}),
    "csv with a BOM and CRLF": (["history", "5.1.1", "--format", "csv"], {}),
    "json": (["list", "risks", "--format", "json"], {}),
    "usage error": (["list", "widgets"], {}),
    "refusal": (["rag", "9.9.9", "red", "--note", "x"], {}),
    "findings exit 1": (["check", "--period", "2023", "--as-at", "2024-06-01"], {"COLUMNS": "120"}),
    "user from the environment": (["user", "list"], {"TRACKER_USER": "from-env"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_in_process_matches_a_real_process(seeded_db, case):
    args, env = CASES[case]
    real = conftest.run_cli(*args, "--db", seeded_db, env=env)
    here = inprocess.run_cli(*args, "--db", seeded_db, env=env)
    assert (here.returncode, here.stdout, here.stderr) == (real.returncode, real.stdout, real.stderr)


def test_a_missing_database_the_same_way(tmp_path):
    missing = str(tmp_path / "none.db")
    real = conftest.run_cli("list", "workstreams", "--db", missing)
    here = inprocess.run_cli("list", "workstreams", "--db", missing)
    assert (here.returncode, here.stdout, here.stderr) == (real.returncode, real.stdout, real.stderr) != (0, "", "")
    assert not (tmp_path / "none.db").exists()


def test_env_and_cwd_are_the_calls_own(tmp_path, seeded_db, monkeypatch):
    import os

    monkeypatch.delenv("COLUMNS", raising=False)
    result = inprocess.run_cli("report", "-P", "collab", "--period", "2023", "--format", "md", "--db", seeded_db,
                               env={"COLUMNS": "123"}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "report-collab-2023.md").exists()  # the default output lands in the call's cwd
    assert "COLUMNS" not in os.environ and os.getcwd() != str(tmp_path)
