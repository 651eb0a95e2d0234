"""Kill the process mid-import and mid-edit: the database opens, is intact, and each change is
wholly there or wholly absent."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import run_cli

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]  # PRAGMA integrity_check and the file itself


def big_import(path, workstreams: int) -> None:
    lines = ['[[period]]\nlabel = "2023"\nstart = 2023-01-01\nend = 2023-12-31\n',
             '[[section]]\ncode = "1"\nname = "One"\n']
    for n in range(workstreams):
        lines.append(f'[[workstream]]\nref = "1.{n}"\nname = "Workstream {n}"\nsection = "1"\n'
                     f'[[workstream.assessment]]\nperiod = "2023"\nrag = "green"\nrationale = "r{n}"\n'
                     f'assessed_by = "x"\nassessed_at = 2023-11-01T00:00:00Z\n')
    path.write_text("\n".join(lines))


def kill_after(args: list[str], seconds: float) -> None:
    process = subprocess.Popen([sys.executable, "-m", "tracker", *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "TRACKER_USER": "killer"})
    time.sleep(seconds)
    process.send_signal(signal.SIGKILL)
    process.wait()


def integrity(db) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_kill_in_the_middle_of_an_import(tmp_path):
    source, db = tmp_path / "big.toml", tmp_path / "target.db"
    big_import(source, 6000)
    assert run_cli("init", "--db", str(db)).returncode == 0
    for delay in (0.8, 1.6, 2.4):
        kill_after(["--db", str(db), "import", str(source)], delay)
        assert integrity(db) == "ok"
        with sqlite3.connect(db) as conn:
            workstreams = conn.execute("SELECT count(*) FROM workstream").fetchone()[0]
            events = conn.execute("SELECT count(*) FROM change_event").fetchone()[0]
        assert workstreams in (0, 6000)  # all or nothing
        if workstreams:
            assert events > 6000
            break
        assert events == 0
    assert run_cli("verify", "--db", str(db)).returncode == 0


EDITOR = """
import sys
from sqlmodel import Session
from tracker.db import store
from tracker.db.engine import database_url, open_database
engine = open_database(database_url(sys.argv[1]))
n = 0
while True:
    with Session(engine) as session:
        store.set_rating(session=session, ref="5.4.3", period="2023", rag=("red", "amber")[n % 2],
                         rationale=f"edit {n}", actor="editor")
    n += 1
"""


def wait_for_edits(db, events: int, timeout: float = 120) -> None:
    """Until the editor has written `events` change events (polling the file, as any reader may)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        conn = sqlite3.connect(db, timeout=10)
        try:
            if conn.execute("SELECT count(*) FROM change_event WHERE actor = 'editor'").fetchone()[0] >= events:
                return
        finally:
            conn.close()
        time.sleep(0.02)
    raise AssertionError(f"the editor wrote fewer than {events} change events in {timeout} s")


def test_kill_in_the_middle_of_edits(seeded_db):
    db = str(seeded_db)
    process = subprocess.Popen([sys.executable, "-c", EDITOR, db])
    wait_for_edits(db, 10)  # not a guess at how long it takes to start: kill it once it is editing
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert integrity(db) == "ok"
    assert run_cli("verify", "--db", db).returncode == 0
    with sqlite3.connect(db) as conn:
        rag, rationale = conn.execute(
            "SELECT a.rag, a.rationale FROM assessment a JOIN workstream w ON w.id = a.workstream_id "
            "JOIN period p ON p.id = a.period_id WHERE w.ref = '5.4.3' AND p.label = '2023'").fetchone()
        last = dict(conn.execute(
            "SELECT field, new FROM change_event WHERE ref = '5.4.3' AND period = '2023' AND actor = 'editor' "
            "AND batch = (SELECT batch FROM change_event WHERE actor = 'editor' ORDER BY id DESC LIMIT 1)").fetchall())
    assert rationale.startswith("edit ")  # at least one edit landed
    assert last["rationale"] == rationale  # the stored value and its history agree: no half-written edit
    assert last.get("rag", rag) == rag
