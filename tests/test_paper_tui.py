"""The Paper screen (key 8) and narrative editing in the TUI (issue 13): open, select, edit and
save, cancel, conflict, frozen and reviewer refused, stale confirm, hostile text shown as text,
and a workstream's narrative from the workstream screen. Asserts on what the store holds."""

import datetime as dt

import pytest
from sqlalchemy import func, select
from textual.widgets import Static, TextArea
from tracker.db import papers, store
from tracker.db.models import ChangeEvent
from tracker.db.paper_schemas import FrontSheetUpdate, SectionUpdate
from tracker.db.paper_views import narrative, paper
from tracker.db.schemas import PeriodCreate
from tracker.screens.table import RecordTable

KEY = papers.PaperKey("collab", "2023")
HOSTILE = "[bold]x[/] and \x1b[2J and \u202eevil"


def events(session) -> int:
    session.rollback()
    return session.execute(select(func.count()).select_from(ChangeEvent)).scalar()


def stored(session, section: str):
    session.rollback()  # see the app's commits
    return next(s for s in paper(session, KEY).sections if s.key == section)


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pytest.fixture
def with_paper(seeded):
    """The seeds' 2023 collaboration paper (approved), as a draft version 1.1 to work on."""
    papers.new_version(session=seeded, actor="seed", key=KEY, version="1.1")
    papers.edit_section(session=seeded, actor="seed", key=KEY, section="purpose",
                        changes=SectionUpdate(text="The purpose of this report is the annual update."))
    return seeded


async def open_section(pilot, key: str) -> None:
    await pilot.press("8")
    assert pilot.app.screen.__class__.__name__ == "PaperScreen"
    assert pilot.app.screen.query_one("#outline", RecordTable).move_to(lambda s: s.key == key)
    await pilot.pause()


async def test_the_outline_numbers_sections_and_the_pane_shows_the_one_selected(tui, with_paper):
    async with tui(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.press("8")
        outline = app.screen.query_one("#outline", RecordTable)
        headings = [s.heading for s in outline.records]
        assert headings[:3] == ["1.0 Purpose of Report", "2.0 Recommendations", "3.0 Executive Summary"]
        assert "6.3 Risks/Mitigation" in headings
        assert "Collaboration Report · report · 2023 · draft · version 1.1" in shown(app, "#status")
        assert "The purpose of this report is the annual update." in shown(app, "#section")
        await open_section(pilot, "risks")  # a data section: its preview, the nil return when empty
        pane = shown(app, "#section")
        assert "6.3 Risks/Mitigation" in pane and "Data: risks" in pane
        assert "collaboration related strategic risks at this time" in pane  # the seeds' own words
        await open_section(pilot, "dashboard")  # untitled: continues 5.0
        pane = shown(app, "#section")
        assert "continues 5.0 Current Work and Performance" in pane
        assert "Table 1 – Collaboration dashboard" in pane and "5.4.3 Mental Health" in pane and "Previously Green" in pane


async def test_enter_edits_the_text_and_ctrl_s_saves_it_with_history(tui, with_paper):
    before = events(with_paper)
    async with tui() as pilot:
        app = pilot.app
        await open_section(pilot, "recommendations")
        await pilot.press("enter")
        assert app.screen.__class__.__name__ == "TextEditor"
        app.screen.query_one(TextArea).text = "The report is for the board to note."
        await pilot.press("ctrl+s")
        assert app.screen.__class__.__name__ == "PaperScreen"
        assert "The report is for the board to note." in shown(app, "#section")
    assert stored(with_paper, "recommendations").text == "The report is for the board to note."
    assert events(with_paper) == before + 1


async def test_escape_on_a_changed_text_asks_and_keeps_nothing(tui, with_paper):
    before = events(with_paper)
    async with tui() as pilot:
        app = pilot.app
        await open_section(pilot, "purpose")
        await pilot.press("enter")
        app.screen.query_one(TextArea).text = "Something else"
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "ConfirmModal"
        await pilot.press("n")  # keep editing: what was typed is still there
        assert app.screen.query_one(TextArea).text == "Something else"
        await pilot.press("escape", "y")
        assert app.screen.__class__.__name__ == "PaperScreen"
        await pilot.press("enter", "escape")  # unchanged: closes at once
        assert app.screen.__class__.__name__ == "PaperScreen"
    assert stored(with_paper, "purpose").text == "The purpose of this report is the annual update."
    assert events(with_paper) == before


async def test_a_save_after_someone_elses_change_is_refused_with_their_change(tui, with_paper):
    async with tui(user="ann") as pilot:
        app = pilot.app
        await open_section(pilot, "purpose")
        await pilot.press("enter")
        app.screen.query_one(TextArea).text = "Ann's purpose"
        papers.edit_section(session=with_paper, actor="bob", key=KEY, section="purpose",
                            changes=SectionUpdate(text="Bob's purpose"))  # meanwhile, elsewhere
        await pilot.press("ctrl+s")
        assert app.screen.__class__.__name__ == "TextEditor"
        message = shown(app, "#error-form")
        assert "changed after you opened it" in message and "bob" in message and "Bob's purpose" in message
        assert app.screen.query_one(TextArea).text == "Ann's purpose"
    assert stored(with_paper, "purpose").text == "Bob's purpose"


async def test_a_frozen_paper_says_so_and_opens_no_editor(tui, with_paper):
    papers.approve_paper(session=with_paper, actor="seed", key=KEY, by="ACO Fiona Henderson", on=dt.date(2023, 11, 1))
    before = events(with_paper)
    async with tui() as pilot:
        app = pilot.app
        await open_section(pilot, "purpose")
        assert "frozen" in shown(app, "#status")
        await pilot.press("enter")
        assert app.screen.__class__.__name__ == "PaperScreen"
        notes = [n.message for n in app._notifications]
        assert any("the paper is approved (version 1.1), so it is frozen" in n for n in notes)
        await pilot.press("c", "K", "f")  # nor any other change
        assert app.screen.__class__.__name__ == "PaperScreen"
    assert events(with_paper) == before


async def test_a_reviewer_is_told_and_cannot_edit(tui, with_paper):
    store.add_user(session=with_paper, name="tester", role="admin", actor="tester")
    store.add_user(session=with_paper, name="rita", role="reviewer", actor="tester")
    before = events(with_paper)
    async with tui(user="rita") as pilot:
        app = pilot.app
        await open_section(pilot, "purpose")
        await pilot.press("enter")
        assert app.screen.__class__.__name__ == "PaperScreen"
        assert any("Read-only" in n.message and "reviewer" in n.message for n in app._notifications)
    assert events(with_paper) == before


async def test_a_lead_who_does_not_own_the_portfolio_is_refused_before_the_editor(tui, with_paper):
    store.add_user(session=with_paper, name="tester", role="admin", actor="tester")
    store.add_user(session=with_paper, name="bob", role="lead", actor="tester")
    async with tui(user="bob") as pilot:
        app = pilot.app
        await open_section(pilot, "purpose")
        await pilot.press("enter")
        assert app.screen.__class__.__name__ == "PaperScreen"
        assert any("bob is a lead" in n.message for n in app._notifications)


async def test_a_section_copied_from_last_period_is_marked_and_c_confirms_it(tui, with_paper):
    store.create_period(session=with_paper, actor="seed",
                        data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)))
    papers.create_paper(session=with_paper, actor="seed", key=papers.PaperKey("collab", "2024"), from_period="2023")
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("8")
        assert app.screen.period_label == "2024"
        outline = app.screen.query_one("#outline", RecordTable)
        assert outline.move_to(lambda s: s.key == "purpose")
        await pilot.pause()
        assert "⚠ Not yet updated for 2024" in shown(app, "#section")
        assert "not yet updated for 2024" in shown(app, "#legend")
        await pilot.press("c")
        assert not outline.highlighted.stale
        assert "Not yet updated" not in shown(app, "#section")
    with_paper.rollback()
    purpose = next(s for s in paper(with_paper, papers.PaperKey("collab", "2024")).sections if s.key == "purpose")
    assert not purpose.stale and purpose.text == "The purpose of this report is the annual update."


async def test_hostile_text_in_a_section_shows_as_text(tui, with_paper):
    papers.edit_section(session=with_paper, actor="seed", key=KEY, section="background",
                        changes=SectionUpdate(text=f"## {HOSTILE}\n\n- {HOSTILE}\n\n{HOSTILE}"))
    async with tui() as pilot:
        app = pilot.app
        await open_section(pilot, "background")
        pane = shown(app, "#section")
        assert pane.count("[bold]x[/] and ⟨U+001B⟩[2J and ⟨U+202E⟩evil") == 3
        assert "\x1b" not in pane and "\u202e" not in pane
        await pilot.press("enter")  # the editor shows markers, and saving unchanged keeps the text exactly
        assert "⟨U+001B⟩" in app.screen.query_one(TextArea).text
        await pilot.press("ctrl+s")
    assert stored(with_paper, "background").text == f"## {HOSTILE}\n\n- {HOSTILE}\n\n{HOSTILE}"


async def test_moving_adding_and_the_front_sheet(tui, with_paper):
    async with tui() as pilot:
        app = pilot.app
        await open_section(pilot, "recommendations")
        await pilot.press("K")  # up: recommendations before purpose
        await pilot.press("a")
        assert app.screen.__class__.__name__ == "RecordForm"
        app.screen.query_one("#field-title").value = "Scope"
        await pilot.press("ctrl+s")
        await pilot.press("f")
        app.screen.query_one("#field-agenda_item").value = "6.0"
        await pilot.press("ctrl+s")
        assert app.screen.__class__.__name__ == "PaperScreen"
    with_paper.rollback()
    view = paper(with_paper, KEY)
    assert [s.key for s in view.sections[:3]] == ["recommendations", "scope", "purpose"]
    assert view.info.front["agenda_item"] == "6.0"


async def test_no_paper_says_how_to_start_one_and_n_starts_it(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("8", "[")  # 2022: the seeds hold 2023's paper only
        status = shown(app, "#status")
        assert "collab has no paper for 2022 yet" in status and "tracker paper new" in status
        await pilot.press("n")
        app.screen.query_one("#field-title").value = "Collaboration Report"
        await pilot.press("ctrl+s")
        assert [s.heading for s in app.screen.query_one("#outline", RecordTable).records][0] == "1.0 Purpose of Report"
    seeded.rollback()
    assert paper(seeded, papers.PaperKey("collab", "2022")).info.title == "Collaboration Report"


async def test_a_workstreams_narrative_is_edited_from_the_workstream_screen(tui, seeded):
    before = events(seeded)
    async with tui() as pilot:
        app = pilot.app
        assert app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == "5.1.1")
        await pilot.press("enter")
        await pilot.press("t")
        assert app.screen.__class__.__name__ == "TextEditor"
        app.screen.query_one(TextArea).text = f"Forensics modernised.\n\n- {HOSTILE}"
        await pilot.press("ctrl+s")
        assert app.screen.__class__.__name__ == "WorkstreamScreen"
        rationale = shown(app, "#rationale")
        assert "Forensics modernised." in rationale and "⟨U+001B⟩" in rationale
    seeded.rollback()
    assert narrative(seeded, "2023", workstream="5.1.1") == f"Forensics modernised.\n\n- {HOSTILE}"
    assert events(seeded) == before + 1


async def test_a_closed_periods_narrative_is_refused_before_the_editor(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        assert app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == "5.1.1")
        await pilot.press("enter", "left_square_bracket")  # 2022, closed
        assert app.screen.period == "2022"
        await pilot.press("t")
        assert app.screen.__class__.__name__ == "WorkstreamScreen"
        assert any("period 2022 is closed" in n.message for n in app._notifications)
