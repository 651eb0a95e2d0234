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


async def test_report_key_writes_the_chosen_file(engine, seeded, tmp_path):
    from textual.widgets import Input, Select

    target = tmp_path / "board.html"
    app = make_app(engine=engine, user="Anna Hook")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#format", Select).value = "html"
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value == "report-2023.html"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert "<td>Mental Health</td>" in target.read_text(encoding="utf-8")


async def test_report_dialog_escape_writes_nothing(engine, seeded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert list(tmp_path.glob("report-*")) == []


async def test_check_panel_lists_findings(engine, seeded):
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        table = app.screen.query_one("#findings", DataTable)
        refs = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert {"13.5", "13.6", "2023"} <= refs
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "DashboardScreen"
