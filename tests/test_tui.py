"""Pilot tests of the dashboard on the seed data."""

from textual.widgets import DataTable, Static

from tracker.app import make_app


async def test_dashboard_shows_the_2023_table(engine, seeded):
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#board", DataTable)
        assert table.row_count == 10
        assert str(table.get_row("5.4.3")[2]) == "▲ Amber"
        assert str(table.get_row("5.4.3")[4]) == "Previously Green"
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "10 reported · 7 Green · 3 Amber · 0 Red · 1 worse, 0 better" in summary
        dropped = str(app.screen.query_one("#dropped", Static).render())
        assert "5.5.4" in dropped and "(paused)" in dropped


async def test_previous_period_key_shows_2022(engine, seeded):
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("left_square_bracket")
        await pilot.pause()
        summary = str(app.screen.query_one("#summary", Static).render())
        assert summary.startswith("2022 (closed)")
        assert app.screen.query_one("#board", DataTable).row_count == 13
        await pilot.press("right_square_bracket")
        assert str(app.screen.query_one("#summary", Static).render()).startswith("2023")


async def test_read_only_banner(engine, seeded):
    app = make_app(engine=engine, user="tester", read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#read-only-banner", Static)
        assert banner.display and "READ-ONLY" in str(banner.render())
