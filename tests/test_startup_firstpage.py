"""Start-up: the TUI's first frame on SQLite is read with sqlite3 and painted before SQLAlchemy
is imported (db/firstpage.py); the schema gate, read-only detection and roles still hold."""

import json
import os
import subprocess
import sys

import pytest
from tracker.db import changes, store, views
from tracker.db.access import write_access
from tracker.db.boards import read_dashboard
from tracker.db.engine import database_url
from tracker.db.filecheck import read_only_reason
from tracker.db.firstpage import read_first_page

from tests.conftest import database_at

FIRST_FRAME = r"""
import json, sys
from tracker import app as tracker_app
from tracker.screens.dashboard import DashboardScreen

seen = {}
show_page = DashboardScreen._show_page


def spy(self, board, numbers):
    show_page(self, board, numbers)
    if not seen:
        seen["sqlalchemy_before_frame"] = sorted(m for m in ("sqlalchemy", "sqlmodel") if m in sys.modules)
        seen["rows"] = [[r.ref, r.rag, r.previous_rag, r.change, r.lead] for r in board.rows]
        seen["summary"] = numbers.line() if numbers else None
        seen["banner"] = self.query_one("#read-only-banner").display
        seen["read_only"] = self.app.read_only

        async def opened():
            await self.app.workers.wait_for_complete()  # the engine opens in a worker after the frame
            self.app.exit()

        def painted():
            seen["sqlalchemy_at_first_frame"] = "sqlalchemy" in sys.modules
            self.call_after_refresh(opened)

        self.call_after_refresh(painted)


DashboardScreen._show_page = spy
tracker_app.TrackerApp.run = lambda self: tracker_app.App.run(self, headless=True, size=(80, 24))
from tracker.cli import main

status = main(["--db", sys.argv[1], *sys.argv[2:]])
seen["status"] = status
seen["sqlalchemy_after"] = "sqlalchemy" in sys.modules
print(json.dumps(seen))
"""


def first_frame(db: str, *args: str, user: str = "tester") -> dict:
    """Runs `tracker --db DB ARGS` headless in a fresh process, up to the dashboard's first frame."""
    env = {**os.environ, "TRACKER_USER": user}
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, db, *args], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows_of(board) -> list:
    return [[r.ref, r.rag, r.previous_rag, r.change, r.lead] for r in board.rows]


@pytest.mark.sqlite_only
def test_the_first_frame_shows_views_dashboard_before_sqlalchemy_is_imported(seeded, seeded_db):
    seen = first_frame(seeded_db)
    assert seen["sqlalchemy_before_frame"] == []
    assert seen["sqlalchemy_at_first_frame"] is False
    assert seen["rows"] == rows_of(views.dashboard(seeded, limit=200))
    assert seen["summary"] == views.period_numbers(seeded).line()
    assert seen["banner"] is False and seen["read_only"] is False
    assert seen["sqlalchemy_after"] is True  # the engine did open, after the frame
    assert seen["status"] == 0


@pytest.mark.sqlite_only
def test_a_reviewer_sees_the_read_only_banner_in_the_first_frame(seeded, seeded_db):
    store.add_user(session=seeded, actor="tester", name="tester", role="admin")
    store.add_user(session=seeded, actor="tester", name="Rita Reviewer", role="reviewer")
    seen = first_frame(seeded_db, user="Rita Reviewer")
    assert seen["banner"] is True and seen["read_only"] is True
    assert seen["sqlalchemy_before_frame"] == []


@pytest.mark.sqlite_only
def test_the_first_page_is_views_own_read(seeded, db_url):
    """sqlite3 and SQLAlchemy run the same SQL (db/boards.py): same rows, summary, newest change."""
    first = read_first_page(db_url, user="tester", read_only=False, limit=5)
    assert first.portfolio == views.opening_portfolio(seeded) == "collab"  # the one portfolio with workstreams
    assert rows_of(first.board) == rows_of(views.dashboard(seeded, portfolio="collab", limit=5))
    assert first.board.period == views.latest_period(seeded, "collab")
    assert first.board.previous == views.previous_period(seeded, first.board.period)
    assert first.numbers == views.period_numbers(seeded, portfolio="collab")
    assert first.newest_change == changes.last_change_id(seeded) > 0
    assert first.read_only_reason is None


@pytest.mark.sqlite_only
def test_the_first_page_knows_who_may_not_write(seeded, db_url, db_path):
    store.add_user(session=seeded, actor="tester", name="tester", role="admin")
    refusal = write_access(seeded, "Nobody Known")[1]
    assert refusal
    assert read_first_page(db_url, user="Nobody Known", read_only=False, limit=5).read_only_reason == refusal
    assert read_first_page(db_url, user="tester", read_only=True, limit=5).read_only_reason == "opened with --read-only"
    if os.geteuid() != 0:  # root may write anything, so the file's permissions say nothing
        db_path.chmod(0o444)
        assert read_first_page(db_url, user="tester", read_only=False, limit=5).read_only_reason == \
            read_only_reason(db_path)


def test_a_database_of_another_version_takes_the_ordinary_path_and_is_refused(tmp_path, capsys):
    path = database_at(tmp_path / "old.db", "0005")
    assert read_first_page(database_url(path), user="t", read_only=False, limit=5) is None
    from tracker.cli import main

    assert main(["--db", str(path)]) == 1
    assert "was made by an older version of tracker; run `tracker upgrade`" in capsys.readouterr().err


def test_no_first_page_for_anything_but_a_current_sqlite_file(tmp_path):
    assert read_first_page("postgresql+psycopg://nobody@127.0.0.1:1/x", user="t", read_only=False, limit=5) is None
    assert read_first_page(database_url(tmp_path / "missing.db"), user="t", read_only=False, limit=5) is None
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database" * 100)
    assert read_first_page(database_url(damaged), user="t", read_only=False, limit=5) is None


def test_views_and_boards_agree_on_every_engine(seeded):
    """The one definition runs on PostgreSQL too, through SQLAlchemy."""
    from tracker.db.views import _run

    board = read_dashboard(_run(seeded), limit=7)
    assert len(board.rows) == 7 and board.period is not None
    assert rows_of(board) == rows_of(views.dashboard(seeded))[:7]
