"""A workstream's RAG trend over the last periods of its cycle (db/trends.py): the dashboard's
and the paper's trend column."""

import datetime as dt

from tracker.db import store, views
from tracker.db.boards import read_dashboard
from tracker.db.enums import Rag
from tracker.db.schemas import PeriodCreate
from tracker.db.trends import TREND_LENGTH, sparkline
from tracker.db.views import _run

G, A, R = Rag.GREEN, Rag.AMBER, Rag.RED


def add_year(session, year: int) -> None:
    store.create_period(session=session, data=PeriodCreate(label=str(year), start=dt.date(year, 1, 1),
                                                           end=dt.date(year, 12, 31)), actor="ann")


def test_the_trend_is_the_last_periods_of_the_cycle_oldest_first(seeded):
    for year in (2024, 2025, 2026):
        add_year(seeded, year)
    store.set_rating(session=seeded, ref="5.4.3", period="2024", rag="red", rationale="Behind plan", actor="ann")
    store.set_rating(session=seeded, ref="5.4.3", period="2026", rag="green", rationale="Recovered", actor="ann")
    board = views.dashboard(seeded, "2026", portfolio="collab")
    assert board.trend_periods == ("2023", "2024", "2025", "2026") and TREND_LENGTH == 4
    rows = {row.ref: row for row in board.rows}
    assert rows["5.4.3"].trend == (A, R, None, G)
    assert sparkline(rows["5.4.3"].trend) == "▲ ■ · ●"
    assert rows["5.1.1"].trend == (G, None, None, None)
    # An earlier period's trend ends at it, and never reaches a later one.
    assert views.dashboard(seeded, "2024", portfolio="collab").trend_periods == ("2022", "2023", "2024")
    earliest = views.dashboard(seeded, "2022", portfolio="collab")
    assert earliest.trend_periods == ("2022",)
    assert {row.ref: row.trend for row in earliest.rows}["5.4.3"] == (G,)


def test_a_page_of_workstreams_reads_its_trend_in_one_statement(seeded):
    run = _run(seeded)
    seen: list[str] = []

    def counting(sql, params):
        seen.append(sql)
        return run(sql, params)

    board = read_dashboard(counting, portfolio="collab", limit=7)
    assert len(board.rows) == 7 and all(len(row.trend) == 2 for row in board.rows)
    assert sum("FROM assessment a JOIN workstream" in sql for sql in seen) == 1


def test_every_row_s_trend_is_read_without_a_parameter_per_ref(seeded):
    """The rows' refs come from the page's own statement (a subquery), not one parameter each, so
    no number of workstreams outgrows a statement: every row of the whole board is found."""
    from tracker.db.boards import board_query, read_scope
    from tracker.db.trends import page_trends_query, read_page_trends, read_trend_periods

    run, scope = _run(seeded), read_scope(_run(seeded), "collab")
    board = read_dashboard(run, portfolio="collab")
    board_sql = board_query(scope, board.period, board.previous)
    periods = read_trend_periods(run, board.period)
    assert not any(name.startswith("r") and name[1:].isdigit() for name in page_trends_query(periods, board_sql)[1])
    assert read_page_trends(run, periods, board_sql)["5.4.3"] == (G, A)


async def test_the_dashboard_shows_each_trend_as_symbols_at_80_columns(tui, seeded):
    from tests.test_tui import move_to, table

    add_year(seeded, 2024)
    store.set_rating(session=seeded, ref="5.4.3", period="2024", rag="red", rationale="Behind plan", actor="ann")
    async with tui(size=(80, 24)) as pilot:
        app = pilot.app
        await pilot.pause()
        header = table(app).render_line(0).text
        assert "Trend" in header
        await move_to(pilot, "5.4.3")
        line = table(app).render_line(1 + table(app).cursor - int(table(app).scroll_y)).text
        assert "● ▲ ■" in line and "■ Red" in line and "Mental" in line
        await move_to(pilot, "5.1.1")
        line = table(app).render_line(1 + table(app).cursor - int(table(app).scroll_y)).text
        assert "● ● ·" in line and len(line.rstrip()) <= 80
