"""Start-up: the dashboard's stylesheet is read with the app's, so showing it does not make
Textual parse and apply every stylesheet a second time before the first frame (once, as the
theme's variables reach the first screen, Textual does so whatever the app)."""

from textual.css.stylesheet import Stylesheet

from tracker.app import make_app

from tests.conftest import settle


def counting_reparses(monkeypatch) -> list[int]:
    calls: list[int] = []
    reparse = Stylesheet.reparse

    def counted(self) -> None:
        calls.append(1)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return calls


async def test_the_dashboard_is_styled_without_a_second_parse_of_every_stylesheet(engine, seeded, monkeypatch):
    reparses = counting_reparses(monkeypatch)
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.__class__.__name__ == "DashboardScreen"
        assert len(reparses) == 1  # Textual's own, as the theme's variables reach the first screen
        summary, dropped, board = (app.screen.query_one(f"#{name}") for name in ("summary", "dropped", "board"))
        assert (summary.styles.padding.left, summary.styles.padding.right) == (1, 1)  # dashboard.tcss's rules
        assert dropped.styles.max_height.value == 3 and board.styles.height.value == 1


async def test_the_dashboard_keeps_its_styles_after_a_screen_with_its_own_stylesheet(engine, seeded):
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # the check panel: check.tcss, read when first shown
        await settle(pilot)
        assert app.screen.__class__.__name__ == "CheckModal"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#dropped").styles.max_height.value == 3
        assert app.screen.query_one("#summary").styles.padding.left == 1
