"""Issue 18, defect 10: History reads as words. The item column takes the width it needs, field
names are words, an undo names no raw hash, times are local (the config's zone or the system's)
with UTC in JSON and on request (`tracker history --utc`)."""

import json
import re

from tracker.db import store
from tracker.db.undo import undo_last
from tracker.screens.table import RecordTable

from tests.inprocess import run_cli

LEAD = "Det Supt Natalia Ross"  # 5.4.3's lead


def lines(table: RecordTable, count: int = 12) -> list[str]:
    return ["".join(segment.text for segment in table.render_line(y)) for y in range(count)]


def rated_and_undone(session) -> None:
    store.set_rating(session=session, ref="5.4.3", period="2023", rag="red", rationale="Stalled", actor=LEAD)
    undo_last(session=session, actor=LEAD)


async def test_history_shows_words_local_time_and_whole_items_at_120_columns(tui, seeded):
    rated_and_undone(seeded)
    async with tui(size=(120, 40)) as pilot:
        pilot.app.settings.timezone = "Asia/Tokyo"  # UTC+9: the frozen 09:30 UTC is 18:30 there
        await pilot.press("4")
        shown = lines(pilot.app.screen.query_one(RecordTable))
    text = "\n".join(shown)
    assert "When " in shown[0] and "UTC" not in shown[0]
    assert "2026-01-05 18:30" in shown[1]
    assert "assessment 5.4.3 2023" in text  # not "assessment 5.…"
    assert "undo of" in text and "an earlier change" in text
    assert "undo_of" not in text and "_" not in "".join(line[40:60] for line in shown)  # the Field column
    assert not re.search(r"[0-9a-f]{12}", text)  # no batch hashes


async def test_history_still_fits_80_columns(tui, seeded):
    rated_and_undone(seeded)
    async with tui(size=(80, 24)) as pilot:
        await pilot.press("4")
        shown = lines(pilot.app.screen.query_one(RecordTable))
    assert all(len(line) <= 80 for line in shown)
    assert "undo of" in "\n".join(shown)


def test_the_cli_history_is_local_utc_on_request_and_json_keeps_utc(seeded, seeded_db, tmp_path):
    rated_and_undone(seeded)
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Asia/Tokyo"\n')
    env = {"TRACKER_CONFIG": str(config), "COLUMNS": "160"}
    local = run_cli("--db", seeded_db, "history", "5.4.3", "--limit", "3", env=env)
    assert "(times in Asia/Tokyo)" in local.stdout and "18:30" in local.stdout, local.stdout
    assert "undo of" in local.stdout and "an earlier change" in local.stdout and "undo_of" not in local.stdout
    utc = run_cli("--db", seeded_db, "history", "5.4.3", "--limit", "3", "--utc", env=env)
    assert "(times in UTC)" in utc.stdout and "09:30" in utc.stdout and "18:30" not in utc.stdout
    data = json.loads(run_cli("--db", seeded_db, "history", "5.4.3", "--format", "json", env=env).stdout)
    assert data[0]["at"].endswith("Z") and "T09:30" in data[0]["at"]


def test_an_unknown_time_zone_in_the_config_is_refused_naming_it(seeded_db, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Mars/Olympus"\n')
    done = run_cli("--db", seeded_db, "history", env={"TRACKER_CONFIG": str(config)})
    assert done.returncode == 2
    assert "timezone" in done.stderr and "Mars/Olympus" in done.stderr
