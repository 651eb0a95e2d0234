"""Stored text never reaches the terminal raw in the TUI (issue 14): forms, titles, lists, palette.

What reaches the terminal is read from the composed frame (every segment of every line the
compositor would write), so a test sees exactly the text a terminal would be sent.
"""

import pytest
from sqlalchemy import func, select, update
from textual.widgets import Input, TextArea
from tracker.db import plan, store, views
from tracker.db.models import ChangeEvent, Period, Section
from tracker.db.schemas import (
    ActionCreate,
    CommitmentUpdate,
    MeasureUpdate,
    RiskCreate,
    RiskScale,
    WorkstreamUpdate,
)
from tracker.screens.table import RecordTable

from tests.test_text_safety import OSC52, raw_in
from tracker.app import WorkstreamCommands, make_app


def frame(app) -> str:
    """Every character the terminal would be sent for the screen on show (styles aside)."""
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


def events(session) -> int:
    session.rollback()
    return session.execute(select(func.count()).select_from(ChangeEvent)).scalar()


async def open_row(pilot, ref: str) -> None:
    table = pilot.app.screen.query_one(RecordTable)
    assert table.move_to(lambda r: getattr(r, "ref", None) == ref)
    await pilot.pause()


RATIONALE = f"Behind plan {OSC52 * 6} \x1b[2J and \u202eevil\u200b end"


async def test_an_osc52_rationale_never_reaches_the_terminal_and_is_kept_when_saved_unchanged(engine, seeded):
    store.set_rating(session=seeded, ref="5.4.3", period="2023", rag="amber", rationale=RATIONALE, actor="ann")
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name="Mental \x1b[2JHealth"),
                            actor="ann")
    before = events(seeded)
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_row(pilot, "5.4.3")
        await pilot.press("g")
        await pilot.pause()
        area = app.screen.query_one("#field-rationale", TextArea)
        assert "\x1b" not in area.text and "⟨U+001B⟩]52;c;aGVsbG8=⟨U+001B⟩\\" in area.text
        shown = frame(app)
        assert raw_in(shown) == [] and "Mental ⟨U+001B⟩[2JHealth" in shown  # the form's title too
        await pilot.press("ctrl+s")
        await pilot.pause()
    seeded.rollback()
    assert views.dashboard(seeded, "2023", ref="5.4.3").rows[0].rationale == RATIONALE
    assert events(seeded) == before  # saved unchanged: nothing to record


async def test_editing_one_word_keeps_the_rest_of_the_stored_text(engine, seeded):
    store.set_rating(session=seeded, ref="5.4.3", period="2023", rag="amber", rationale=RATIONALE, actor="ann")
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_row(pilot, "5.4.3")
        await pilot.press("g")
        await pilot.pause()
        area = app.screen.query_one("#field-rationale", TextArea)
        area.text = area.text.replace("end", "finish")
        await pilot.press("ctrl+s")
        await pilot.pause()
    seeded.rollback()
    assert views.dashboard(seeded, "2023", ref="5.4.3").rows[0].rationale == RATIONALE.replace("end", "finish")


async def test_record_form_fields_show_markers_and_round_trip(engine, seeded):
    name = "Twin\u202e \x1b]0;x\x07 name\u200b"
    description = f"Line one {OSC52}\nline two\ttab"
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name=name, description=description,
                                                                                  lead="Ann\x1b[2J"), actor="ann")
    before = events(seeded)
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_row(pilot, "5.4.3")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-name", Input).value == "Twin⟨U+202E⟩ ⟨U+001B⟩]0;x⟨U+0007⟩ name⟨U+200B⟩"
        assert app.screen.query_one("#field-description", TextArea).text.startswith("Line one ⟨U+001B⟩]52")
        assert raw_in(frame(app)) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert events(seeded) == before
    seeded.rollback()
    row = views.dashboard(seeded, "2023", ref="5.4.3").rows[0]
    assert (row.name, row.lead) == (name, "Ann\x1b[2J")


async def test_labels_and_section_names_are_shown_not_acted_on(engine, seeded):
    """Dashboard summary and section rows, the workstream's timeline, My updates, the period picker."""
    label = "2023\x07\x1b[2J\u202e"
    seeded.execute(update(Period).where(Period.label == "2023").values(label=label))
    seeded.execute(update(Section).where(Section.code == "5.4").values(name="Fire \x1b]0;t\x07 [/oops]"))
    seeded.commit()
    store.create_action(session=seeded, data=ActionCreate(ref="A1", portfolio="collab", title="Late \x1b[5m", owner="tester",
                                                          due_date="2020-01-01"), actor="seed")
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = frame(app)
        assert raw_in(shown) == [] and "2023⟨U+0007⟩⟨U+001B⟩[2J⟨U+202E⟩" in shown
        assert "Fire ⟨U+001B⟩]0;t⟨U+0007⟩ [/oops]" in shown
        await open_row(pilot, "5.4.3")
        await pilot.press("enter")
        await pilot.pause()
        assert raw_in(frame(app)) == [] and "2023⟨U+0007⟩" in frame(app)
        await pilot.press("escape", "5")
        await pilot.pause()
        assert raw_in(frame(app)) == [] and "Late ⟨U+001B⟩[5m" in frame(app)
        await pilot.press("1", "p")
        await pilot.pause()
        assert raw_in(frame(app)) == [] and "2023⟨U+0007⟩" in frame(app)


@pytest.mark.parametrize("screen", ["1", "2", "3", "4", "5", "6", "7"])
async def test_every_screen_shows_hostile_text_made_visible(engine, seeded, screen):
    hostile = "[b]x[/] [/oops] \x1b[2J\x07\u202e\u200b\ufffe\uffff\x9b"
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name=hostile, lead=hostile),
                            actor="tester")
    store.set_rating(session=seeded, ref="5.4.3", period="2023", rag="red", rationale=hostile, actor="tester")
    store.create_action(session=seeded, data=ActionCreate(ref="H1", portfolio="collab", title=hostile, owner="tester", detail=hostile,
                                                          workstream="5.4.3", due_date="2020-01-01"), actor="tester")
    store.create_risk(session=seeded, data=RiskCreate(ref="AR0", portfolio="collab", title=hostile, owner="tester", likelihood=6, impact=10),
                      actor="tester", scale=RiskScale())
    plan.update_commitment(session=seeded, ref="1.1", changes=CommitmentUpdate(text=hostile), actor="tester")
    plan.update_measure(session=seeded, ref="1.1", changes=MeasureUpdate(name=hostile, area=hostile), actor="tester")
    app = make_app(engine=engine, user="tester")
    app.portfolio = {"6": "plan", "7": "perf"}.get(screen, app.portfolio)  # where the plan and measures are
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(screen)
        await pilot.pause()
        await pilot.pause()
        assert raw_in(frame(app)) == []
        # shown, cut to the column: History's Old and New share what its other columns leave
        assert ("[/oops] ⟨" if screen == "4" else "[/oops] ⟨U+001B⟩[2J") in frame(app)


async def test_the_palette_does_not_parse_names_as_markup(engine, seeded):
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name="[@click=app.screenshot]x[/]"),
                            actor="ann")
    store.update_workstream(session=seeded, ref="5.4.2", changes=WorkstreamUpdate(name="Broken [/oops] name"),
                            actor="ann")
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(120, 40)):
        provider = WorkstreamCommands(app.screen)
        click = [hit async for hit in provider.search("screenshot")]
        assert [h.match_display.plain for h in click] == ["Go to workstream 5.4.3 [@click=app.screenshot]x[/]"]
        assert not any("click" in str(span.style) for span in click[0].match_display.spans)
        oops = [hit async for hit in provider.search("oops")]
        assert "Go to workstream 5.4.2 Broken [/oops] name" in [h.match_display.plain for h in oops]


async def test_a_word_report_with_ffff_from_the_tui_is_written_and_the_tui_keeps_running(engine, seeded, tmp_path):
    store.set_rating(session=seeded, ref="5.4.3", period="2023", rag="red", rationale="x\uffff\ufffe", actor="ann")
    path = tmp_path / "board.docx"
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.screen.__class__.__name__ == "DashboardScreen"
    assert path.exists()


async def test_notifications_carry_no_raw_controls(engine, seeded):
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.notify("saved 2023\x1b]52;c;eA==\x07 [b]x[/]")
        await pilot.pause()
        [note] = app._notifications
        assert note.message == "saved 2023⟨U+001B⟩]52;c;eA==⟨U+0007⟩ [b]x[/]" and not note.markup
