"""Issue 18, defect 8: the readiness check is a list you act on. Enter goes to the record to fix
it; the detail is whole; words, not stored values, where a person reads (JSON keeps the values)."""

import datetime as dt
import json

import pytest
from textual.widgets import DataTable, Static
from tracker.db import store
from tracker.db.schemas import ActionCreate
from tracker.screens.table import RecordTable

from tests.inprocess import run_cli

TITLE = "Chase the partner forces for the missing custody data, which the board asked about twice"


@pytest.fixture
def overdue(seeded):
    store.create_action(session=seeded, data=ActionCreate(
        ref="A.9", portfolio="collab", title=TITLE, owner="tester", due_date=dt.date(2025, 6, 30),
        status="in_progress"), actor="tester")
    return seeded


def cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def open_check(pilot):
    await pilot.press("c")
    assert pilot.app.screen.__class__.__name__ == "CheckModal"
    return pilot.app.screen.query_one("#findings", DataTable)


async def test_the_check_names_findings_in_words_and_shows_the_whole_detail(tui, overdue):
    async with tui(size=(120, 40)) as pilot:
        table = await open_check(pilot)
        rows = cells(table)
        kinds = [row[0] for row in rows]
        assert "Overdue action" in kinds and "Period open" in kinds
        assert not any("_" in cell for row in rows for cell in row)
        table.move_cursor(row=kinds.index("Overdue action"))
        await pilot.pause()
        detail = str(pilot.app.screen.query_one("#detail", Static).render())
        assert TITLE in detail.replace("\n", " ")  # whole, though longer than the column
        assert "still in progress on 2026-01-05" in detail.replace("\n", " ")


async def test_enter_on_an_overdue_action_shows_it_in_actions(tui, overdue):
    async with tui(size=(120, 40)) as pilot:
        table = await open_check(pilot)
        table.move_cursor(row=[row[0] for row in cells(table)].index("Overdue action"))
        await pilot.press("enter")
        assert pilot.app.screen.__class__.__name__ == "ActionsScreen"
        assert pilot.app.screen.query_one(RecordTable).highlighted.ref == "A.9"


async def test_enter_on_an_open_period_opens_the_periods(tui, overdue):
    async with tui(size=(120, 40)) as pilot:
        table = await open_check(pilot)
        table.move_cursor(row=[row[0] for row in cells(table)].index("Period open"))
        await pilot.press("enter")
        assert pilot.app.screen.__class__.__name__ == "PeriodsModal"


async def test_enter_on_a_workstream_without_a_rag_opens_its_rating(tui, seeded):
    import datetime as dt

    from tracker.db.schemas import PeriodCreate

    store.create_period(session=seeded, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                          end=dt.date(2024, 12, 31)), actor="tester")
    async with tui(size=(120, 40)) as pilot:
        table = await open_check(pilot)
        rows = cells(table)
        first = [row[0] for row in rows].index("No RAG")
        table.move_cursor(row=first)
        await pilot.press("enter")
        assert pilot.app.screen.__class__.__name__ == "RatingModal"
        assert rows[first][1] in pilot.app.screen.heading


def test_the_cli_check_reads_in_words_and_its_json_keeps_the_values(overdue, db_url):
    from tests.conftest import db_target

    db = db_target(db_url)
    table = run_cli("--db", db, "check", "--period", "2023", env={"COLUMNS": "160"})
    assert table.returncode == 1
    words = " ".join(table.stdout.split())  # a message may wrap in the table
    assert "overdue action" in words and "still in progress" in words
    assert "overdue_action" not in table.stdout and "in_progress" not in table.stdout
    found = json.loads(run_cli("--db", db, "check", "--period", "2023", "--format", "json").stdout)
    assert {"overdue_action", "period_open"} <= {f["kind"] for f in found}
    listed = run_cli("--db", db, "list", "actions", env={"COLUMNS": "160"})
    assert "in progress" in listed.stdout and "in_progress" not in listed.stdout
    assert json.loads(run_cli("--db", db, "list", "actions", "--format", "json").stdout)[0]["status"] in (
        "open", "in_progress", "done", "cancelled")
