"""Issue 18, defects 11 and 12: text columns take a wider terminal's width (80x24 still fits), and
the small faults: N/G with its symbol where "Not graded" cannot fit, "1 action" not "1 actions",
"better · " spaced, the date hint only on forms with dates, labels that do not wrap, and a long
field shown from its first letter."""

import datetime as dt
import re

from textual.widgets import Input, Label
from tracker.db import store
from tracker.db.schemas import PeriodCreate, RiskCreate
from tracker.screens.table import RecordTable

from tests.inprocess import run_cli

LEAD = "Det Supt Natalia Ross"  # 21 characters, 5.4.3's lead


def lines(table: RecordTable, count: int) -> list[str]:
    return ["".join(segment.text for segment in table.render_line(y)) for y in range(count)]


def row_of(shown: list[str], ref: str) -> str:
    return next(line for line in shown if line[1:].startswith(ref + " "))


async def test_the_lead_column_takes_a_wide_terminal_and_80_columns_still_fit(tui, seeded):
    async with tui(size=(120, 40)) as pilot:
        wide = lines(pilot.app.screen.query_one(RecordTable), 38)
    assert LEAD in row_of(wide, "5.4.3")
    async with tui(size=(80, 24)) as pilot:
        narrow = lines(pilot.app.screen.query_one(RecordTable), 22)
    assert all(len(line) <= 80 for line in narrow)
    assert LEAD not in row_of(narrow, "5.4.3")  # cut at 80 columns, as before


async def test_not_graded_is_n_g_with_its_symbol_where_the_word_cannot_fit(tui, seeded):
    store.set_rating(session=seeded, ref="5.1.1", period="2023", rag="not_graded", rationale="paused", actor="x")
    async with tui(size=(80, 24)) as pilot:
        row = row_of(lines(pilot.app.screen.query_one(RecordTable), 22), "5.1.1")
    assert "○ N/G" in row and "Not gr…" not in row


def test_one_record_is_counted_in_the_singular(seeded_db):
    listed = run_cli("--db", seeded_db, "portfolio", "list", env={"COLUMNS": "200"})
    assert "1 action" in listed.stdout
    assert not re.search(r"(?<!\d)1 (actions|risks|measures)", listed.stdout)  # "11 measures" is plural
    assert re.search(r"(?<!\d)1 measure\b", listed.stdout)


async def test_the_measure_notes_are_spaced(tui, seeded):
    async with tui(size=(120, 40), portfolio=None) as pilot:
        await pilot.press("7")
        table = pilot.app.screen.query_one(RecordTable)
        assert table.move_to(lambda r: getattr(r, "ref", None) == "1.7")
        await pilot.pause()
        notes = str(pilot.app.screen.query_one("#notes").render())
    assert "is better · " in notes and "better·" not in notes


async def test_the_date_hint_only_on_forms_with_dates_and_a_value_label_on_one_line(tui, seeded):
    async with tui(size=(120, 40), portfolio=None) as pilot:
        await pilot.press("e")  # the workstream form: no dates
        hints = " ".join(str(label.render()) for label in pilot.app.screen.query(".hint"))
        assert "dates as" not in hints and "* required" in hints
        await pilot.press("escape", "2", "n")  # a new action: dates
        hints = " ".join(str(label.render()) for label in pilot.app.screen.query(".hint"))
        assert "dates as 31/03/2024 or 2024-03-31" in hints
        await pilot.press("escape", "7")
        assert pilot.app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == "1.7")
        await pilot.press("v")
        labels = [str(label.render()) for label in pilot.app.screen.query(".row Label").results(Label)]
        assert "Value" in labels and all(len(label) <= 14 for label in labels)
        assert any("n/a if it is missing" in str(h.render()) for h in pilot.app.screen.query(".field-hint"))


async def test_a_long_field_shows_from_its_first_letter(tui, seeded):
    title = "Partner forces' custody systems are down for maintenance at month end and records go missing"
    store.create_risk(session=seeded, data=RiskCreate(ref="R.9", portfolio="collab", title=title, likelihood=2,
                                                      impact=2), actor="x")
    async with tui(size=(80, 24), portfolio=None) as pilot:
        await pilot.press("3")
        assert pilot.app.screen.query_one(RecordTable).move_to(lambda r: r.ref == "R.9")
        await pilot.press("e")
        field = pilot.app.screen.query_one("#field-title", Input)
        assert field.value == title and field.cursor_position == 0 and field.scroll_offset.x == 0
