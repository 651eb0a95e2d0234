"""Start-up: the cyclic collector is paused from the TUI's process start to its first frame, then
resumes with start-up's objects frozen out of its scans; no other command pauses it."""

import json
import os
import subprocess
import sys

import pytest

FIRST_FRAME = r"""
import gc, json, sys
from tracker import app as tracker_app
from tracker.screens.dashboard import DashboardScreen

seen = {"disabled": 0}
real_disable = gc.disable
def disable():
    seen["disabled"] += 1
    real_disable()
gc.disable = disable
show_page = DashboardScreen._show_page


def spy(self, board, numbers):
    show_page(self, board, numbers)
    if "at_first_page" not in seen:
        seen["at_first_page"] = gc.isenabled()

        async def opened():
            await self.app.workers.wait_for_complete()
            seen["after_first_frame"] = gc.isenabled()
            seen["frozen"] = gc.get_freeze_count()
            self.app.exit()

        self.call_after_refresh(lambda: self.call_after_refresh(opened))


DashboardScreen._show_page = spy
tracker_app.TrackerApp.run = lambda self: tracker_app.App.run(self, headless=True, size=(80, 24))
from tracker.cli import main

sys.argv = ["tracker", *sys.argv[1:]]
seen["status"] = main()
seen["at_exit"] = gc.isenabled()
print(json.dumps(seen))
"""


def _run(*args: str) -> dict:
    env = {**os.environ, "TRACKER_USER": "tester"}
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, *args], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.sqlite_only
def test_the_collector_is_paused_until_the_first_frame_then_frozen_and_resumed(seeded_db):
    seen = _run("--db", seeded_db)
    assert seen["disabled"] == 1 and seen["at_first_page"] is False
    assert seen["after_first_frame"] is True and seen["frozen"] > 10_000
    assert seen["at_exit"] is True and seen["status"] == 0


@pytest.mark.sqlite_only
def test_a_command_does_not_pause_the_collector(seeded_db):
    seen = _run("--db", seeded_db, "list", "workstreams")
    assert seen["disabled"] == 0 and seen["at_exit"] is True


def test_freezing_the_survivors_takes_them_out_of_the_collectors_scans():
    import gc

    from tracker.collector import freeze_survivors

    kept = [[] for _ in range(1000)]
    before = gc.get_freeze_count()
    try:
        freeze_survivors()
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()
