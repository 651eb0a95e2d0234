"""The Risks screen of the full register: the heat map marks current and target positions with
symbols and tells the bands apart by shade under NO_COLOR; the form says whether a score is
typed or computed and refuses replacing a typed one silently; the detail shows controls and the
direction of travel."""

from textual.widgets import Input, Static

from tracker.db import risk_controls, store
from tracker.db.risk_schemas import RiskControlInput
from tracker.db.schemas import RiskCreate, RiskUpdate
from tracker.screens.risks import HeatMap
from tracker.screens.table import RecordTable


def _cells(heat: HeatMap) -> dict[tuple[int, int], str]:
    """Each cell's two characters, read off the map as painted (rows: likelihood, highest first)."""
    lines = heat.render().plain.splitlines()[1:1 + heat.likelihood_max]
    return {(heat.likelihood_max - row, impact): line[4 + (impact - 1) * 4 + 1:4 + (impact - 1) * 4 + 3]
            for row, line in enumerate(lines) for impact in range(1, heat.impact_max + 1)}


async def test_the_heat_map_marks_current_and_target_and_its_bands_without_colour(tui, seeded, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    store.create_risk(session=seeded, actor="seed-loader", data=RiskCreate(
        ref="R.H", portfolio="opc", title="Heat", likelihood=6, impact=10, target_likelihood=2, target_impact=5,
        inherent_score=60))
    async with tui(portfolio="opc", size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        cells = _cells(pilot.app.screen.query_one(HeatMap))
    assert cells[(6, 10)] == "1 "  # R.H is there now
    assert cells[(2, 5)] == "◇ "  # and aims to be there
    # 6 x 10 = 60 tops the scale: up to 12 low, up to 30 medium, above high; shaded, not greyed
    assert (cells[(1, 1)], cells[(3, 10)], cells[(5, 10)]) == ("░░", "▒▒", "▓▓")
    assert (cells[(2, 6)], cells[(3, 5)], cells[(6, 5)], cells[(4, 9)]) == ("░░", "▒▒", "▒▒", "▓▓")


async def test_the_form_says_a_typed_score_and_keeps_it(tui, seeded):
    async with tui(portfolio="opc", size=(120, 60)) as pilot:
        app = pilot.app
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.query_one(RecordTable).highlighted.ref == "9.2"
        await pilot.press("e")
        await pilot.pause()
        hints = [str(label.render()) for label in app.screen.query(".field-hint")]
        assert "typed (no likelihood and impact); kept on rescoring unless changed too" in hints
        app.screen.query_one("#field-likelihood", Input).value = "6"
        app.screen.query_one("#field-impact", Input).value = "9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RecordForm"  # refused, not silently 54
        error = str(app.screen.query_one("#error-score", Static).render())
        assert "the score 60 was typed" in error


async def test_the_detail_shows_controls_and_the_direction_of_travel(tui, seeded):
    risk_controls.add_control(session=seeded, risk="9.4", actor="seed-loader",
                              data=RiskControlInput(description="Sussex venue booked", effectiveness="partly"))
    store.update_risk(session=seeded, ref="9.4", changes=RiskUpdate(score=40), actor="seed-loader")
    async with tui(portfolio="opc", size=(120, 60)) as pilot:
        app = pilot.app
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one(RecordTable)
        assert table.move_to(lambda r: r.ref == "9.4")
        await pilot.press("i")
        await pilot.pause()
        shown = str(app.screen.query_one("#fields", Static).render())
    assert "Direction of travel: down" in shown
    assert "1. Sussex venue booked (partly)" in shown


async def test_the_form_refuses_a_target_above_the_inherent_score_without_a_reason(tui, seeded):
    async with tui(portfolio="opc", size=(120, 60)) as pilot:
        app = pilot.app
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("e")  # 9.2
        await pilot.pause()
        app.screen.query_one("#field-inherent_score", Input).value = "50"
        app.screen.query_one("#field-target_score", Input).value = "55"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RecordForm"
        error = str(app.screen.query_one("#error-target_score", Static).render())
        assert "the target 55 is above the inherent score 50" in error
