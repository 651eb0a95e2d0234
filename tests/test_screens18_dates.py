"""Issue 18, lead's flow: a date may be typed as dd/mm/yyyy or ISO wherever one is typed (one
parser, db/dates.py), and the TUI shows dates per the config's `date_format`; JSON keeps ISO."""

import datetime as dt
import json

import pytest
from textual.widgets import Input
from tracker.db import store, views
from tracker.db.dates import parse_date, show_date
from tracker.db.errors import InvalidInput
from tracker.db.schemas import ActionCreate
from tracker.screens.table import RecordTable

from tracker.config import Settings

from tests.inprocess import run_cli


@pytest.mark.parametrize("typed", ["31/03/2024", "31/3/2024", "2024-03-31", " 31/03/2024 "])
def test_both_shapes_read_as_the_same_day(typed):
    assert parse_date(typed) == dt.date(2024, 3, 31)


@pytest.mark.parametrize("typed, says", [("31/02/2024", "no such day in the calendar"),
                                         ("03/31/2024", "no such day in the calendar"),
                                         ("2024/03/31", "31/03/2024 or 2024-03-31"), ("soon", "31/03/2024")])
def test_anything_else_is_refused_naming_the_field(typed, says):
    with pytest.raises(InvalidInput, match=says) as refused:
        parse_date(typed, where="due_date")
    assert refused.value.where == "due_date"


def test_shown_per_the_date_format():
    day = dt.date(2024, 3, 9)
    assert [show_date(day, f) for f in ("iso", "dd/mm/yyyy", "d mmm yyyy")] == ["2024-03-09", "09/03/2024", "9 Mar 2024"]


def test_the_cli_takes_a_uk_date_and_json_keeps_iso(seeded_db):
    done = run_cli("--db", seeded_db, "--user", "seed-loader", "period", "add", "2024", "--start", "01/01/2024",
                   "--end", "31/12/2024")
    assert done.returncode == 0, done.stderr
    listed = json.loads(run_cli("--db", seeded_db, "period", "list", "--format", "json").stdout)
    assert {"label": "2024", "start": "2024-01-01", "end": "2024-12-31", "closed": False} in listed
    bad = run_cli("--db", seeded_db, "period", "add", "2025", "--start", "31/02/2025", "--end", "2025-12-31")
    assert bad.returncode == 2 and "no such day in the calendar" in bad.stderr


async def test_the_action_form_shows_the_date_format_and_takes_a_uk_date(tui, seeded, monkeypatch):
    store.create_action(session=seeded, data=ActionCreate(ref="A.9", portfolio="collab", title="Chase",
                                                          due_date=dt.date(2025, 6, 30)), actor="tester")
    async with tui(size=(120, 40), settings=Settings(date_format="dd/mm/yyyy")) as pilot:
        await pilot.press("2")
        table = pilot.app.screen.query_one(RecordTable)
        assert table.move_to(lambda a: a.ref == "A.9")
        assert "30/06/2025" in row_text(table)  # the list column, as the form
        await pilot.press("e")
        due = pilot.app.screen.query_one("#field-due_date", Input)
        assert due.value == "30/06/2025"
        hint = " ".join(str(label.render()) for label in pilot.app.screen.query(".hint"))
        assert "31/03/2024 or 2024-03-31" in hint
        due.value = "15/07/2025"
        await pilot.press("ctrl+s")
    seeded.rollback()
    assert next(a for a in views.actions(seeded) if a.ref == "A.9").due_date == dt.date(2025, 7, 15)


def row_text(table: RecordTable) -> str:
    """The highlighted record's cells as the list shows them."""
    return " ".join(str(column.cell(table.highlighted)) for column in table.columns)


def test_cli_tables_show_dates_per_the_config_and_json_csv_keep_iso(seeded, seeded_db, tmp_path, monkeypatch):
    store.create_action(session=seeded, data=ActionCreate(ref="A.9", portfolio="collab", title="Chase",
                                                          due_date=dt.date(2025, 6, 30)), actor="tester")
    config = tmp_path / "config.toml"
    config.write_text('date_format = "d mmm yyyy"\n')
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    table = run_cli("--db", seeded_db, "list", "actions", env={"COLUMNS": "120"}).stdout
    assert "30 Jun 2025" in table and "2025-06-30" not in table
    periods = run_cli("--db", seeded_db, "period", "list", env={"COLUMNS": "120"}).stdout
    assert "1 Jan 2023" in periods and "2023-01-01" not in periods
    as_json = json.loads(run_cli("--db", seeded_db, "list", "actions", "--format", "json").stdout)
    assert next(a for a in as_json if a["ref"] == "A.9")["due_date"] == "2025-06-30"
    assert "2025-06-30" in run_cli("--db", seeded_db, "list", "actions", "--format", "csv").stdout
