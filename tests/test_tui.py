"""Pilot tests: every flow through the keyboard, asserting on what the store holds afterwards."""

import datetime as dt

import pytest
from sqlalchemy import func, select
from textual.widgets import Input, Static, TextArea
from tracker.db import changes, store, views
from tracker.db.enums import Rag
from tracker.db.models import ChangeEvent
from tracker.db.schemas import ActionCreate, PeriodCreate, WorkstreamUpdate
from tracker.screens.table import RecordTable

from tests.conftest import debounced

LEAD = "Det Supt Natalia Ross"


def events(session) -> int:
    session.rollback()
    return session.execute(select(func.count()).select_from(ChangeEvent)).scalar()


def table(app) -> RecordTable:
    return app.screen.query_one(RecordTable)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def rag_in(session, ref: str, period: str):
    session.rollback()  # end this session's read snapshot, so the app's commits are seen
    return views.dashboard(session, period, ref=ref).rows[0].rag


@pytest.fixture
def year2024(seeded):
    """An open 2024 with nothing rated yet, so there is work to do."""
    store.create_period(session=seeded, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                          end=dt.date(2024, 12, 31)), actor="seed")
    return seeded


async def move_to(pilot, ref: str) -> None:
    assert table(pilot.app).move_to(lambda r: getattr(r, "ref", None) == ref)
    await pilot.pause()


async def test_dashboard_shows_the_2023_table(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await pilot.pause()
        rows = [r for r in table(app).records if hasattr(r, "rag")]
        assert [r.ref for r in rows] == ["5.1.1", "5.1.2", "5.2.1", "5.3.1", "5.4.1", "5.4.2", "5.4.3", "5.5.1", "5.5.2", "5.5.3"]
        assert "10 reported · 7 Green · 3 Amber · 0 Red · 1 worse, 0 better" in text_of(app, "#summary")
        assert "5.5.4" in text_of(app, "#dropped") and "(paused)" in text_of(app, "#dropped")
        await move_to(pilot, "5.4.3")
        line = table(app).render_line(1 + table(app).cursor - int(table(app).scroll_y)).text
        assert "Mental Health" in line and "▲ Amber" in line and "● Green" in line and "Previously Green" in line


async def test_change_period_with_keys_and_picker(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("left_square_bracket")
        assert text_of(app, "#summary").startswith("2022 (closed)")
        await pilot.press("right_square_bracket")
        assert text_of(app, "#summary").startswith("2023")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert text_of(app, "#summary").startswith("2022")


async def test_open_a_workstream(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await move_to(pilot, "5.4.3")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "WorkstreamScreen"
        assert "2022 " in text_of(app, "#timeline") and "2023" in text_of(app, "#timeline")
        assert "Right Care, Right Person" in text_of(app, "#rationale")
        await pilot.press("left_square_bracket")
        assert "Graded green in the 2022 report" in text_of(app, "#rationale")
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "DashboardScreen"


async def test_set_a_rag_with_rationale(tui, year2024):
    async with tui(user=LEAD) as pilot:
        app = pilot.app
        await move_to(pilot, "5.4.3")
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("ctrl+r")  # red
        await pilot.pause()
        assert str(app.screen.query_one("#chosen").render()) == "Chosen: ■ Red"  # in words, not colour alone
        app.screen.query_one("#field-rationale", TextArea).focus()
        await pilot.press(*"RCRP stalled")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert rag_in(year2024, "5.4.3", "2024") == Rag.RED
    latest = changes.history(year2024, ref="5.4.3", limit=2)
    assert {(c.field, c.new, c.actor) for c in latest} == {("rag", "red", LEAD), ("rationale", "RCRP stalled", LEAD)}


async def test_failed_validation_keeps_the_form_open_and_writes_nothing(tui, year2024):
    before = events(year2024)
    async with tui(user=LEAD) as pilot:
        app = pilot.app
        await move_to(pilot, "5.4.3")
        await pilot.press("g", "ctrl+g", "ctrl+s")  # green differs from last period's amber, no rationale
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RatingModal"
        assert "a rationale is required: Green differs" in str(app.screen.query_one("#error-rationale", Static).render())
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert rag_in(year2024, "5.4.3", "2024") is None
    assert events(year2024) == before


async def test_carry_forward_then_undo(tui, year2024):
    async with tui(user=LEAD) as pilot:
        app = pilot.app
        await move_to(pilot, "5.4.3")
        await pilot.press("f")
        await pilot.pause()
        assert rag_in(year2024, "5.4.3", "2024") == Rag.AMBER
        [decision] = changes.history(year2024, ref="5.4.3", limit=1)
        assert (decision.field, decision.new, decision.actor) == ("carried_forward_from", "2023", LEAD)
        await pilot.press("u")
        await pilot.pause()
    assert rag_in(year2024, "5.4.3", "2024") is None
    assert changes.history(year2024, limit=1)[0].field == "undo_of"


async def test_cancel_an_edit_writes_nothing(tui, seeded):
    before = events(seeded)
    async with tui() as pilot:
        app = pilot.app
        await move_to(pilot, "5.1.1")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RecordForm"
        await pilot.press(*"changed")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert events(seeded) == before


async def test_edit_a_workstream_through_the_form(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await move_to(pilot, "5.4.2")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-lead", Input).value = "Safer Essex"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert views.dashboard(seeded, ref="5.4.2").rows[0].lead == "Safer Essex"


async def test_store_refusal_shows_next_to_the_field(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("2", "n")
        await pilot.pause()
        await pilot.press(*"A1")
        app.screen.query_one("#field-title", Input).value = "Check the kit"
        app.screen.query_one("#field-risk", Input).value = "no-such-risk"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RecordForm"
        assert "no risk 'no-such-risk'" in str(app.screen.query_one("#error-risk", Static).render())
        assert app.screen.query_one("#field-title", Input).value == "Check the kit"  # nothing typed is lost


async def test_filter_as_you_type(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("slash", *"amber")
        await pilot.pause()
        assert [r.ref for r in table(app).records] == ["5.4.1", "5.4.2", "5.4.3"]
        await pilot.press("escape")
        await pilot.pause()
        assert table(app).row_count > 10


async def test_filter_keeps_the_scrollbar_true_to_the_rows(tui, seeded):
    """The filter asks for no new layout per keystroke (a frame of its own); the scrollbar
    still comes, goes and sizes its thumb by the rows on show."""
    async with tui(size=(80, 12)) as pilot:
        board = table(pilot.app)
        await pilot.pause()
        assert board.row_count + 1 > board.container_size.height and board.show_vertical_scrollbar
        assert board.vertical_scrollbar.window_virtual_size == board.row_count + 1
        await pilot.press("slash", *"amber")
        await pilot.pause()
        assert board.row_count == 3 and not board.show_vertical_scrollbar
        await pilot.press("escape")
        await pilot.pause()
        assert board.show_vertical_scrollbar
        assert board.vertical_scrollbar.window_virtual_size == board.row_count + 1
        everything = board.row_count
        await pilot.press("slash", *"green")  # fewer rows, but more than the screen holds
        await pilot.pause()
        assert board.container_size.height < board.row_count + 1 < everything + 1
        assert board.vertical_scrollbar.window_virtual_size == board.row_count + 1


async def test_add_an_action(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ActionsScreen"
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"13.7")
        for name, value in (("title", "Refresh the CBRN kit"), ("owner", "OSG"), ("due_date", "2030-01-31"),
                            ("risk", "9.2")):
            app.screen.query_one(f"#field-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ActionsScreen"
        assert "13.7" in [a.ref for a in table(app).records]
    action = {a.ref: a for a in views.actions(seeded)}["13.7"]
    assert (action.owner, action.due_date, action.risk, action.status) == ("OSG", dt.date(2030, 1, 31), "9.2", "open")


def overdue_actions(session) -> set[str]:
    """Two actions of the command past their due dates (the seeds give none: the paper dates none)."""
    for ref, due in (("OD1", dt.date(2025, 1, 31)), ("OD2", dt.date(2025, 6, 30))):
        store.create_action(session=session, data=ActionCreate(ref=ref, portfolio="opc", title=f"Late {ref}",
                                                               due_date=due), actor="seed")
    return {"OD1", "OD2"}


async def test_actions_filters(tui, seeded):
    late = overdue_actions(seeded)
    async with tui(portfolio="opc") as pilot:
        app = pilot.app
        await pilot.press("2", "o")
        await pilot.pause()
        assert {a.ref for a in table(app).records} == late
        await pilot.press("o", "s", "s", "s")  # open -> in progress -> done
        await pilot.pause()
        assert {a.status for a in table(app).records} == {"done"}


async def test_rescore_a_risk(tui, seeded):
    async with tui(portfolio="opc") as pilot:
        app = pilot.app
        await pilot.press("3")
        await pilot.pause()
        assert table(app).highlighted.ref == "9.2"
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-likelihood", Input).value = "5"
        app.screen.query_one("#field-impact", Input).value = "9"
        app.screen.query_one("#field-score", Input).value = "45"  # 60 was typed: replaced only when said
        app.screen.query_one("#field-target_score", Input).value = "20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RisksScreen"
        await pilot.press("h", "up", "up", "up", "up", *["right"] * 8, "enter")  # likelihood 5, impact 9
        await pilot.pause()
        assert [r.ref for r in table(app).records] == ["9.2"]
    risk = views.risks(seeded)[0]
    assert (risk.ref, risk.likelihood, risk.impact, risk.score, risk.target_score) == ("9.2", 5, 9, 45, 20)


async def test_walk_my_updates(tui, year2024):
    store.create_action(session=year2024, data=ActionCreate(ref="MH1", portfolio="collab", title="RCRP training", owner=LEAD,
                                                            due_date=dt.date(2024, 3, 1)), actor="seed")
    async with tui(user=LEAD) as pilot:
        app = pilot.app
        await pilot.press("5")
        await pilot.pause()
        assert [(u.kind, u.ref) for u in table(app).records] == [("rating", "5.4.3"), ("action", "MH1")]
        await pilot.press("enter")  # rate 5.4.3
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+s")  # amber, as last period: no rationale needed
        await pilot.pause()
        assert [(u.kind, u.ref) for u in table(app).records] == [("action", "MH1")]
        assert table(app).highlighted.ref == "MH1"  # the next one follows
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-due_date", Input).value = "2031-06-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table(app).row_count == 0
        assert "nothing needs your update" in text_of(app, "#intro")
    assert rag_in(year2024, "5.4.3", "2024") == Rag.AMBER


async def test_read_the_change_in_history(tui, seeded):
    store.update_workstream(session=seeded, ref="5.1.1", changes=WorkstreamUpdate(lead="New Lead"), actor="ann")
    async with tui(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.press("4")
        await pilot.pause()
        first = table(app).highlighted
        assert (first.ref, first.field, first.old, first.new, first.actor) == (
            "5.1.1", "lead", "ACC Andrew Pritchard", "New Lead", "ann")
        assert "old: ACC Andrew Pritchard" in text_of(app, "#detail")
        await pilot.press("slash", *"by:ann")
        await debounced(pilot, app.screen._debounce)
        assert {c.actor for c in table(app).records} == {"ann"}


async def test_read_only_hides_edit_keys_and_writes_nothing(tui, seeded):
    before = events(seeded)
    async with tui(read_only=True) as pilot:
        app = pilot.app
        await pilot.pause()
        assert app.screen.query_one("#read-only-banner").display
        active = {b.binding.action for b in app.screen.active_bindings.values() if b.enabled}
        assert "rate" not in active and "undo" not in active and "report" in active
        await move_to(pilot, "5.1.1")
        await pilot.press("g", "f", "e", "d", "u")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert events(seeded) == before


async def test_user_text_is_shown_literally(tui, seeded):
    name = "[bold red]x[/] [/oops] \x1b[31mred"
    store.update_workstream(session=seeded, ref="5.1.1", changes=WorkstreamUpdate(name=name), actor="ann")
    async with tui(size=(120, 40)) as pilot:
        app = pilot.app
        await move_to(pilot, "5.1.1")
        line = table(app).render_line(1 + table(app).cursor - int(table(app).scroll_y)).text
        assert "[bold red]x[/] [/oops] ⟨U+001B⟩[31mred" in line


async def test_hostile_text_on_the_workstream_screen(tui, seeded):
    name = "[b]bold?[/b] \x1b]0;pwned\x07 \u202eevil"
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name=name, description="[/oops]"),
                            actor="ann")
    async with tui(size=(120, 40)) as pilot:
        app = pilot.app
        await move_to(pilot, "5.4.3")
        await pilot.press("enter")
        await pilot.pause()
        shown = text_of(app, "#fields")
        assert "[b]bold?[/b] ⟨U+001B⟩]0;pwned⟨U+0007⟩ ⟨U+202E⟩evil" in shown and "[/oops]" in shown
        assert "\x1b" not in shown and "\u202e" not in shown
        assert "\x1b" not in app.screen.sub_title


async def test_delete_asks_first_and_is_recorded(tui, seeded):
    store.create_action(session=seeded, data=ActionCreate(ref="X1", portfolio="opc", title="Temporary"), actor="ann")
    async with tui(portfolio="opc") as pilot:
        app = pilot.app
        await pilot.press("2")
        await pilot.pause()
        assert table(app).move_to(lambda a: a.ref == "X1")
        await pilot.press("d")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConfirmModal"
        await pilot.press("n")
        await pilot.pause()
        assert "X1" in [a.ref for a in table(app).records]
        await pilot.press("d", "y")
        await pilot.pause()
        assert "X1" not in [a.ref for a in table(app).records]
    seeded.rollback()
    deleted = changes.history(seeded, ref="X1", limit=5)
    assert {(c.kind, c.field, c.old, c.actor) for c in deleted} >= {("delete", "title", "Temporary", "tester")}


async def test_number_keys_help_and_palette(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        for key, name in (("2", "ActionsScreen"), ("3", "RisksScreen"), ("4", "HistoryScreen"),
                          ("5", "UpdatesScreen"), ("1", "DashboardScreen")):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen.__class__.__name__ == name
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")  # the keys panel is a modal of its own: back to the dashboard
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Go to Risks", "Dashboard: RAG", "Dashboard: Carry", "Dashboard: Report"} <= titles


async def test_report_key_writes_the_chosen_file(tui, seeded, tmp_path):
    from textual.widgets import Select

    target = tmp_path / "board.html"
    async with tui(user="Anna Hook") as pilot:
        app = pilot.app
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#format", Select).value = "html"
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value == "report-collab-2023.html"  # one name per paper
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "<td>Mental Health</td>" in target.read_text(encoding="utf-8")


async def test_report_dialog_escape_writes_nothing(tui, seeded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert list(tmp_path.glob("report-*")) == []


async def test_check_panel_lists_findings(tui, seeded):
    from textual.widgets import DataTable

    overdue_actions(seeded)
    async with tui(portfolio=None) as pilot:
        app = pilot.app
        await pilot.press("c")
        await pilot.pause()
        findings = app.screen.query_one("#findings", DataTable)
        refs = {str(findings.get_row_at(i)[1]) for i in range(findings.row_count)}
        assert {"OD1", "OD2", "2023"} <= refs
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "DashboardScreen"


async def test_large_portfolio_paints_a_first_page_then_loads_the_rest(tui, session, monkeypatch):
    import sys
    from pathlib import Path

    from tracker import collector

    frozen = []
    monkeypatch.setattr(collector, "freeze_survivors", lambda: frozen.append(True))

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from run import build_snapshot
    from tracker.db.bulk import load_snapshot

    load_snapshot(session=session, snapshot=build_snapshot(450, 2), actor="t")
    async with tui() as pilot:
        app = pilot.app
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = [r for r in table(app).records if hasattr(r, "rag")]
        assert len(rows) == 450
        assert [r.ref for r in rows[:3]] == ["1.1", "1.2", "1.3"]  # natural order: 1.2 before 1.10
        assert "450 reported" in text_of(app, "#summary")
        assert frozen == [True]  # the loaded rows are moved out of the collector's scans, once
        await pilot.press("slash", *"Workstream 449 ")
        await pilot.pause()
        assert [r.name for r in table(app).records] == ["Workstream 449 of the collaboration portfolio"]


async def test_a_conflicting_save_keeps_the_form_and_shows_their_change(tui, seeded):
    async with tui(user="ann") as pilot:
        app = pilot.app
        await move_to(pilot, "5.1.1")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-lead", Input).value = "Ann's choice"
        store.update_workstream(session=seeded, ref="5.1.1", changes=WorkstreamUpdate(lead="Bob's choice"),
                                actor="bob")  # meanwhile, elsewhere
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RecordForm"
        message = str(app.screen.query_one("#error-form", Static).render())
        assert "changed after you opened it" in message and "bob" in message and "Bob's choice" in message
        assert app.screen.query_one("#field-lead", Input).value == "Ann's choice"
    assert views.dashboard(seeded, ref="5.1.1").rows[0].lead == "Bob's choice"


# ---------------------------------------------------------------------------------------------
# The plan and the measures


async def open_commitment(pilot, ref: str) -> None:
    """To the Plan screen, the commitment's priority on the left, the commitment on the right."""
    await pilot.press("6")
    await pilot.pause()
    assert pilot.app.screen.query_one("#priorities", RecordTable).move_to(lambda p: p.number == int(ref.split(".")[0]))
    await pilot.pause()
    assert pilot.app.screen.query_one("#commitments", RecordTable).move_to(lambda c: c.ref == ref)
    await pilot.pause()


async def test_plan_screen_shows_the_quarter_and_what_lacks_an_update(tui, seeded):
    async with tui(portfolio="plan") as pilot:
        app = pilot.app
        await pilot.press("6")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "PlanScreen"
        status = text_of(app, "#status")
        assert "Q2 2023/24" in status and "2 without an update" in status  # paper 001: none for 8.3.2, 8.4
        priorities = app.screen.query_one("#priorities", RecordTable)
        assert priorities.move_to(lambda p: p.number == 8)
        await pilot.pause()
        commitments = app.screen.query_one("#commitments", RecordTable)
        assert [c.ref for c in commitments.records] == ["8.1", "8.2", "8.3", "8.3.1", "8.3.2", "8.3.3", "8.3.4",
                                                        "8.3.5", "8.4"]
        parent = commitments.render_line(3 - int(commitments.scroll_y)).text
        assert "8.3 " in parent and "↓ parts" in parent  # its parts carry the update
        line = commitments.render_line(5 - int(commitments.scroll_y)).text
        assert "8.3.2" in line and "└ Work with businesses" in line  # indented under its parent
        assert "✗ none" in line  # marked by a symbol and a word, not colour alone
        await pilot.press("w")
        await pilot.pause()
        assert [c.ref for c in commitments.records] == ["8.3.2", "8.4"]
        assert "No update for Q2 2023/24" in text_of(app, "#detail-text")


async def test_add_this_quarters_update_from_the_plan_screen(tui, seeded):
    async with tui(portfolio="plan") as pilot:
        app = pilot.app
        await open_commitment(pilot, "8.4")
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RecordForm"
        await pilot.press("ctrl+s")  # empty text: refused next to the field, nothing written
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RecordForm"
        assert "must not be empty" in str(app.screen.query_one("#error-text", Static).render())
        app.screen.query_one("#field-text", TextArea).text = "Campaign with the dogs' trust in November."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "PlanScreen"
        assert "Campaign with the dogs' trust" in text_of(app, "#detail-text")
    from tracker.db import plan

    seeded.rollback()
    [note] = {r.ref: r for r in plan.commitments(seeded, "Q2 2023/24")}["8.4"].commentary
    assert (note.text, note.written_by) == ("Campaign with the dogs' trust in November.", "tester")


async def test_measures_screen_marks_better_and_worse_in_words_and_charts(tui, seeded):
    from textual_plotext import PlotextPlot

    async with tui(portfolio="perf") as pilot:
        app = pilot.app
        await pilot.press("7")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "MeasuresScreen"
        measures = table(app)
        assert measures.move_to(lambda r: getattr(r, "ref", None) == "1.7")
        await pilot.pause()
        line = measures.render_line(1 + measures.cursor - int(measures.scroll_y)).text
        assert "34.6%" in line and "29.3%" in line and "-5.3 pp" in line and "▼ worse" in line
        assert "higher is better" in text_of(app, "#notes")
        chart = app.screen.query_one(PlotextPlot)
        assert "Year to Sep 2016" in chart.plt.build()
        assert measures.move_to(lambda r: getattr(r, "ref", None) == "1.2")
        await pilot.pause()
        assert "Note: Cannot be produced" in text_of(app, "#notes")


async def test_set_a_measure_value_from_the_screen(tui, seeded):
    from tracker.db import plan

    async with tui() as pilot:
        app = pilot.app
        await pilot.press("7")
        await pilot.pause()
        assert table(app).move_to(lambda r: getattr(r, "ref", None) == "ECFRS.1")
        await pilot.press("v")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RecordForm"
        app.screen.query_one("#field-value", Input).value = "lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'lots' is not a number" in str(app.screen.query_one("#error-value", Static).render())
        app.screen.query_one("#field-value", Input).value = "£15.1m"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "MeasuresScreen"
    seeded.rollback()
    assert {v.label: v.value for v in plan.series(seeded, "ECFRS.1") if v.series == "actual"}["2023"] == 15_100_000


async def test_hostile_text_on_the_plan_and_measures_screens(tui, seeded):
    from tracker.db import plan
    from tracker.db.schemas import CommentaryInput, CommitmentUpdate, MeasureUpdate, MeasureValueInput

    hostile = "[bold]x[/] \x1b[31mred\x1b[0m \u202eevil"
    plan.update_commitment(session=seeded, ref="7.4", actor="seed", changes=CommitmentUpdate(text=hostile))
    plan.write_commentary(session=seeded, ref="7.4", actor="seed", data=CommentaryInput(
        period="Q2 2023/24", team="Local Policing Support Unit (LPSU) - Citizens in Policing", text=hostile))
    plan.update_measure(session=seeded, ref="ECFRS.1", actor="seed", changes=MeasureUpdate(name=hostile))
    plan.set_measure_value(session=seeded, ref="ECFRS.1", actor="seed",
                           data=MeasureValueInput(period="2023", value=1e7, footnote=hostile))
    async with tui(portfolio=None, size=(120, 40)) as pilot:
        app = pilot.app
        await open_commitment(pilot, "7.4")
        await pilot.pause()
        detail = text_of(app, "#detail-text")
        assert "[bold]x[/]" in detail and "⟨U+001B⟩[31mred" in detail and "⟨U+202E⟩evil" in detail
        assert "\x1b" not in detail and "\u202e" not in detail
        await pilot.press("7")
        await pilot.pause()
        assert table(app).move_to(lambda r: getattr(r, "ref", None) == "ECFRS.1")
        await pilot.pause()
        notes = text_of(app, "#notes")
        assert "[bold]x[/]" in notes and "⟨U+001B⟩[31mred" in notes and "\x1b" not in notes
        chart = app.screen.query_one("PlotextPlot")
        rendered = chart.render()
        assert "⟨U+001B⟩[31mred" in rendered.plain  # the title shows the escape; it never acts
