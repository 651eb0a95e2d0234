"""Snapshots of the main screens on the seed data, at 80x24 and 120x40, with a frozen clock.

Textual is pinned exactly in pyproject.toml, so these change only when the screens do.
Update after an intended change with: .venv/bin/python -m pytest tests/test_snapshots.py --snapshot-update
"""

import pytest
import tracker.db.history
import tracker.db.store
from sqlmodel import Session
from tracker.db.engine import database_url, open_database
from tracker.db.schemas import RiskScale

from tracker.app import make_app
from tracker.interchange import import_snapshot, seed_snapshot

FIXED_NOW = "2026-01-05T09:30:00.000000Z"
SIZES = [(80, 24), (120, 40)]
SCREENS = {
    "dashboard": [],
    "workstream": ["down", "down", "down", "down", "enter"],
    "actions": ["2"],
    "risks": ["3"],
    "history": ["4"],
}


@pytest.fixture
def frozen_app(tmp_path, monkeypatch):
    """The app on seed data in SQLite: how a screen looks does not depend on the engine."""
    engine = open_database(database_url(tmp_path / "snap.db"), create=True)
    for module in (tracker.db.history, tracker.db.store):
        monkeypatch.setattr(module, "utc_now", lambda: FIXED_NOW)
    with Session(engine) as session:
        import_snapshot(session=session, snapshot=seed_snapshot(), source="seeds", actor="seed", scale=RiskScale())
    return make_app(engine=engine, user="tester")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, frozen_app, screen, size):
    async def keys_then_loaded(pilot):
        """Screens load in worker threads: wait for them after each key, not for a fixed time."""
        for key in SCREENS[screen]:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(frozen_app, run_before=keys_then_loaded, terminal_size=size)
