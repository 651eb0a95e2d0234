"""The small ones of the trust issue: one clear message each, no traceback, consistent codes;
read-only databases open read-only; values that begin with `-`."""

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import database_at, run_cli
from tracker.cli import main

BAD = os.fsdecode(b"caf\xe9")  # Latin-1 bytes: how a non-UTF-8 terminal passes "café"


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def rationale(db: str, ref: str = "5.4.3") -> str | None:
    rows = json.loads(run_cli("history", ref, "--format", "json", "--db", db).stdout)
    return next((r["new"] for r in rows if r["field"] == "rationale"), None)


def checkpointed(session, engine) -> None:
    """Close every connection, so the whole database is in its file and no -wal is left."""
    session.close()
    engine.dispose()


def clean(result, code: int) -> str:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "[SQL" not in result.stderr and "sqlalche.me" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


# -- invalid UTF-8 in arguments --------------------------------------------------------------------

@pytest.mark.parametrize("args, named", [
    (["rag", "5.4.3", "red", "--note", BAD], "--note"),
    (["rag", "5.4.3", "red", f"--note={BAD}"], "--note"),
    (["--user", BAD, "rag", "5.4.3", "red", "--note", "x"], "--user"),
    (["rag", BAD, "red", "--note", "x"], "argument 2 (caf\\xe9)"),
])
def test_an_argument_that_is_not_utf8_is_named(seeded_db, args, named):
    before = rationale(seeded_db)
    err = clean(run_cli(*args, "--db", seeded_db), 2)
    assert f"tracker: error: {named}: is not valid UTF-8 text" in err
    assert rationale(seeded_db) == before


# -- deeply nested TOML ----------------------------------------------------------------------------

def test_deeply_nested_toml_names_the_file(tmp_path, seeded_db):
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    err = clean(run_cli("import", str(deep), "--db", seeded_db), 2)
    assert f"{deep}: is nested too deeply to read" in err
    config = clean(run_cli("list", "workstreams", "--db", seeded_db, env={"TRACKER_CONFIG": str(deep)}), 2)
    assert f"config {deep}: nested too deeply to read" in config


# -- a damaged database ----------------------------------------------------------------------------

@pytest.mark.sqlite_only
@pytest.mark.parametrize("damage", ["pages", "garbage", "truncated"])
def test_a_damaged_database_is_named_with_what_to_do(engine, seeded, seeded_db, damage):
    checkpointed(seeded, engine)
    path = Path(seeded_db)
    data = path.read_bytes()
    if damage == "pages":  # the schema reads, the data does not: this used to print SQLAlchemy's SQL
        third = len(data) // 3 // 4096 * 4096  # whole pages past the schema, whatever the file's size
        path.write_bytes(data[:third] + b"\xff" * (len(data) - third))  # to the end: what any list reads
    elif damage == "garbage":
        path.write_bytes(b"\x13\x37" * 2048)
    else:
        path.write_bytes(data[:20_000])
    before = digest(path)
    for command in (["list", "workstreams"], ["history"]):
        err = clean(run_cli(*command, "--db", seeded_db), 1)
        assert f"{path} is damaged (" in err and "Restore it from a backup" in err
    assert digest(path) == before


# -- a failed upgrade ------------------------------------------------------------------------------

@pytest.mark.sqlite_only
def test_a_failed_upgrade_says_one_thing_and_leaves_no_copy_each_time(tmp_path):
    path = database_at(tmp_path / "old.db", "0003", "CREATE TABLE tracker_user (x)")  # in the way of 0004
    before = digest(path)
    for _attempt in range(2):
        err = clean(run_cli("upgrade", "--db", str(path)), 1)
        assert "could not be upgraded (table tracker_user already exists)" in err
        assert "rolled back, so the database is as it was; the copy taken before it was removed" in err
        assert "CREATE" not in err
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("old.db.")) == []


# -- values that begin with "-" --------------------------------------------------------------------

def test_a_value_beginning_with_a_dash_is_taken_where_one_is_expected(seeded_db):
    result = run_cli("rag", "5.4.3", "red", "--note", "-late delivery", "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    assert rationale(seeded_db) == "-late delivery"
    result = run_cli("rag", "5.4.3", "amber", "--note", "-x", "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    assert rationale(seeded_db) == "-x"
    assert run_cli("user", "add", "--role", "lead", "--", "-Bob", "--db", seeded_db).returncode == 2  # after --
    result = run_cli("user", "add", "--db", seeded_db, "--role", "lead", "--", "-Bob")
    assert result.returncode == 0, result.stderr
    assert "-Bob" in run_cli("user", "list", "--db", seeded_db).stdout


def test_a_missing_value_before_a_real_option_is_still_an_error(seeded_db):
    result = run_cli("rag", "5.4.3", "red", "--note", "--period", "2023", "--db", seeded_db)
    assert result.returncode == 2 and "--note: expected one argument" in result.stderr


# -- read-only databases ---------------------------------------------------------------------------

def _deny_writes(monkeypatch, denied: Path) -> None:
    """Root may write anything, so take away write access the way a reviewer's account lacks it."""
    real = os.access

    def access(path, mode, *args, **kwargs):
        if Path(path) == denied and mode & os.W_OK:
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr("tracker.db.filecheck.os.access", access)


@pytest.mark.sqlite_only
def test_a_file_you_may_only_read_lists_and_reports_but_refuses_changes(engine, seeded, seeded_db, tmp_path,
                                                                        monkeypatch, capsys):
    checkpointed(seeded, engine)
    path = Path(seeded_db)
    _deny_writes(monkeypatch, path)
    before = digest(path)
    assert main(["list", "workstreams", "--db", seeded_db, "--format", "json"]) == 0
    assert "5.4.3" in capsys.readouterr().out
    for command in (["history", "5.4.3"], ["verify"], ["export", "-o", str(tmp_path / "a.toml")],
                    ["report", "-P", "collab", "-o", str(tmp_path / "r.md")], ["check"]):
        assert main([*command, "--db", seeded_db]) in (0, 1), command  # check exits 1 when it lists
        assert "read-only" not in capsys.readouterr().err
    assert main(["rag", "5.4.3", "red", "--note", "x", "--db", seeded_db]) == 1
    err = capsys.readouterr().err
    assert f"read-only: {path} may be read but not written by you (its file permissions)" in err
    assert "list, history, check, report, export, verify and backup still work" in err
    assert main(["upgrade", "--db", seeded_db]) == 0  # it is current: nothing to do
    assert digest(path) == before


@pytest.mark.sqlite_only
def test_a_file_in_a_folder_you_cannot_write_opens_immutable(engine, seeded, seeded_db, monkeypatch, capsys):
    from tracker.db.filecheck import sqlite_read_uri

    checkpointed(seeded, engine)
    path = Path(seeded_db)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    _deny_writes(monkeypatch, path.parent)
    assert sqlite_read_uri(path).endswith("?mode=ro&immutable=1")
    assert main(["list", "workstreams", "--db", seeded_db]) == 0
    assert main(["rag", "5.4.3", "red", "--note", "x", "--db", seeded_db]) == 1
    assert "is in a folder you cannot write to" in capsys.readouterr().err
    assert not path.with_name(path.name + "-shm").exists()


@pytest.mark.sqlite_only
async def test_the_tui_opens_a_read_only_file_read_only_and_says_why(engine, seeded, seeded_db, monkeypatch):
    from tracker.app import make_app
    from tracker.db.engine import database_url, open_database

    checkpointed(seeded, engine)
    _deny_writes(monkeypatch, Path(seeded_db))
    engine = open_database(database_url(seeded_db), create=True)  # as the TUI opens it
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#read-only-banner").render())
        assert app.read_only and "may be read but not written by you" in banner
    engine.dispose()


def _can_mount_read_only(tmp_path: Path) -> bool:
    import shutil
    import subprocess

    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind -o ro {tmp_path} {tmp_path}"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.sqlite_only
def test_a_database_on_a_read_only_file_system_is_read(engine, seeded, seeded_db, tmp_path):
    """A real read-only bind mount in a private mount namespace, where this machine allows one."""
    import subprocess
    import sys

    checkpointed(seeded, engine)
    folder = Path(seeded_db).parent
    if not _can_mount_read_only(folder):
        pytest.skip("needs a private mount namespace (unshare -m, mount --bind -o ro)")
    out = tmp_path.parent / f"{tmp_path.name}-out"
    out.mkdir()
    script = (f'mount --bind -o ro "{folder}" "{folder}" && cd / && '
              f'for c in "list workstreams" "history 5.4.3" verify "export -o {out}/a.toml" '
              f'"report -P collab -o {out}/r.md" "backup {out}/copy.db" "rag 5.4.3 red --note x"; do '
              f'"{sys.executable}" -m tracker $c --db "{seeded_db}" >/dev/null; echo "$c: $?"; done')
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    codes = dict(line.rsplit(": ", 1) for line in result.stdout.splitlines())
    assert codes == {"list workstreams": "0", "history 5.4.3": "0", "verify": "0", f"export -o {out}/a.toml": "0",
                     f"report -P collab -o {out}/r.md": "0", f"backup {out}/copy.db": "0",
                     "rag 5.4.3 red --note x": "1"}, result.stderr
    assert f"read-only: {seeded_db} is on a read-only file system" in result.stderr
    assert "not a usable SQLite database" not in result.stderr and "Traceback" not in result.stderr
    with sqlite3.connect(out / "copy.db") as copy:
        assert copy.execute("SELECT count(*) FROM workstream").fetchone()[0] > 0
