"""The Measures screen (screens/measures.py, screens/measure_chart.py): a measure highlighted on
opening and after a filter, the compared periods in the header, the breakdown of members by
period, the chart as a line with the target profile beside it."""

import datetime as dt

from textual.widgets import Static
from textual_plotext import PlotextPlot
from tracker.db import plan
from tracker.db.measures import MeasureRow
from tracker.db.schemas import MeasureCreate, MeasureValueInput

from tests.test_tui import table, text_of

MONTHS = [(dt.date(2024 + (m - 1) // 12, (m - 1) % 12 + 1, 1)) for m in range(1, 25)]


def _month_end(start: dt.date) -> dt.date:
    nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def stansted(session) -> None:
    """A monthly measure by area, with a target profile for the total (made-up figures: a test's)."""
    plan.create_measure(session=session, data=MeasureCreate(
        ref="9.9", name="Incidents at the airport", area="Test area", unit="count", direction="lower_is_better",
        portfolio="perf", dimension="area", total="stored"), actor="seed")
    for i, start in enumerate(MONTHS):
        end = _month_end(start)
        for series, value in (("actual", 100 + i), ("target", 90.0)):
            plan.set_measure_value(session=session, ref="9.9", actor="seed", data=MeasureValueInput(
                start=start, end=end, series=series, value=value))
        for member, share in (("Uttlesford", 0.6), ("Harlow", 0.4)):
            plan.set_measure_value(session=session, ref="9.9", actor="seed", data=MeasureValueInput(
                start=start, end=end, member=member, value=round((100 + i) * share)))


async def test_a_measure_is_highlighted_and_charted_on_opening_and_after_a_filter(tui, seeded):
    async with tui(portfolio="perf") as pilot:
        app = pilot.app
        await pilot.press("7")
        await pilot.pause()
        measures = table(app)
        assert isinstance(measures.highlighted, MeasureRow)
        first = measures.highlighted
        assert first.ref in app.screen.query_one(PlotextPlot).plt.build()
        assert "against" in text_of(app, "#status")  # the periods compared, in the header
        await pilot.press("slash", *"satisf")
        await pilot.pause(0.4)
        await pilot.pause()
        assert isinstance(measures.highlighted, MeasureRow) and measures.highlighted is not first
        assert "satisf" in measures.highlighted.name.lower() or "satisf" in measures.highlighted.area.lower()
        assert measures.highlighted.ref in app.screen.query_one(PlotextPlot).plt.build()


async def test_the_breakdown_and_the_target_profile_of_a_measure_by_area(tui, seeded):
    stansted(seeded)
    async with tui(portfolio="perf", size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.press("7")
        await pilot.pause()
        measures = table(app)
        assert measures.move_to(lambda r: getattr(r, "ref", None) == "9.9")
        await pilot.pause()
        await pilot.pause()
        breakdown = app.screen.query_one("#breakdown", Static)
        assert breakdown.display
        shown = "\n".join(breakdown.render_line(y).text for y in range(breakdown.size.height))
        assert "Uttlesford" in shown and "Harlow" in shown and "Dec 2025" in shown
        assert "74" in shown  # Uttlesford in Dec 2025: 0.6 x 123
        notes = text_of(app, "#notes")
        assert "× target profile" in notes and "⣀ actual" in notes
        drawn = app.screen.query_one(PlotextPlot).plt.build()
        assert "×" in drawn and any("\u2801" <= ch <= "\u28ff" for ch in drawn)  # two lines, told apart by their marks
        # A measure with no members hides the breakdown; the chart takes the width.
        assert measures.move_to(lambda r: getattr(r, "ref", None) == "1.7")
        await pilot.pause()
        await pilot.pause()
        assert not breakdown.display


async def _value_form(pilot, ref: str, **typed: str):
    from textual.widgets import Input, Select

    assert table(pilot.app).move_to(lambda r: getattr(r, "ref", None) == ref)
    await pilot.press("v")
    await pilot.pause()
    form = pilot.app.screen
    assert form.__class__.__name__ == "RecordForm"
    for name, value in typed.items():
        if name == "series":
            form.query_one(f"#field-{name}", Select).value = value
        else:
            form.query_one(f"#field-{name}", Input).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()
    return form


async def test_the_value_form_sets_a_member_s_value_for_its_own_dates_and_a_target(tui, seeded):
    """The form takes a period of any length (dates, or a label that reads as dates), a member of
    the breakdown, a series, a range and a sample size; the store's refusals land under the field."""
    stansted(seeded)
    async with tui(portfolio="perf", size=(100, 40)) as pilot:
        await pilot.press("7")
        await pilot.pause()
        form = await _value_form(pilot, "9.9", period="Jan to Feb 2026", start="01/01/2026", end="2026-02-28",
                                 member="Harlow", value="77", low="70", high="80")
        assert pilot.app.screen.__class__.__name__ == "MeasuresScreen", str(form.query("Static").results())
        form = await _value_form(pilot, "9.9", period="Mar 2026", series="target", value="88")
        assert pilot.app.screen.__class__.__name__ == "MeasuresScreen"
        form = await _value_form(pilot, "9.9", period="Apr 2026", start="2026-04-30", end="2026-04-01", value="1")
        assert "is after end" in str(form.query_one("#error-start", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        form = await _value_form(pilot, "9.9", period="Apr 2026", member="Harlow", value="1", n="0")
        assert "more than 0" in str(form.query_one("#error-n", Static).render())
    seeded.rollback()
    values = {(v.member, v.series, v.label): v for v in plan.series(seeded, "9.9")}
    harlow = values[("Harlow", "actual", "Jan to Feb 2026")]
    assert (harlow.start, harlow.end, harlow.value, harlow.low, harlow.high) == (
        dt.date(2026, 1, 1), dt.date(2026, 2, 28), 77, 70, 80)
    assert values[("", "target", "Mar 2026")].end == dt.date(2026, 3, 31)
    assert not any(label == "Apr 2026" for _, _, label in values)


async def test_the_first_page_shows_at_once_with_its_chart_and_the_rest_follow(tui, seeded, monkeypatch):
    from tracker.screens.measures import MeasuresScreen

    monkeypatch.setattr(MeasuresScreen, "FIRST_PAGE", 3)
    async with tui(portfolio="perf", size=(100, 40)) as pilot:
        app = pilot.app
        await pilot.press("7")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        measures = [r for r in table(app).records if isinstance(r, MeasureRow)]
        assert len(measures) == len(plan.measures(seeded, None, portfolio="perf")) > 3  # the rest came
        assert not screen._rest_pending
        assert table(app).highlighted.ref in screen.query_one(PlotextPlot).plt.build()
        assert f"· {len(measures)}: " in text_of(app, "#status")


async def test_a_survey_measure_s_notes_name_its_source(tui, seeded):
    async with tui(portfolio="perf", size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.press("7")
        await pilot.pause()
        assert table(app).move_to(lambda r: getattr(r, "ref", None) == "2.1")
        await pilot.pause()
        await pilot.pause()
        assert "User satisfaction survey" in text_of(app, "#notes")
