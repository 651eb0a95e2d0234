"""Rating in the TUI (issue 12): a changed RAG does not slip through with the old rationale, and
carrying forward does not silently replace a RAG already given. Asserts on what the store holds."""

import datetime as dt

import pytest
from sqlalchemy import func, select
from textual.widgets import Static, TextArea
from tracker.db import changes, store, views
from tracker.db.enums import Rag
from tracker.db.errors import InvalidInput
from tracker.db.models import ChangeEvent
from tracker.db.schemas import PeriodCreate
from tracker.screens.table import RecordTable

LEAD = "Det Supt Natalia Ross"  # 5.4.3's lead
OLD_5_1_1 = "Shared specialists let both forces flex to demand"


def events(session) -> int:
    session.rollback()
    return session.execute(select(func.count()).select_from(ChangeEvent)).scalar()


def stored(session, ref: str, period: str) -> tuple[Rag | None, str | None]:
    session.rollback()  # end this session's read snapshot, so the app's commits are seen
    row = views.dashboard(session, period, ref=ref).rows[0]
    return row.rag, row.rationale


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_rating(pilot, ref: str) -> None:
    assert pilot.app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == ref)
    await pilot.pause()
    await pilot.press("g")
    await pilot.pause()
    assert pilot.app.screen.__class__.__name__ == "RatingModal"


@pytest.fixture
def year2024(seeded):
    """An open 2024 with nothing rated yet."""
    store.create_period(session=seeded, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                          end=dt.date(2024, 12, 31)), actor="seed")
    return seeded


# -- 1. the rating form and the old rationale --------------------------------------------------


async def test_changed_rag_with_the_old_rationale_is_refused_at_the_field(tui, seeded):
    """5.1.1 is Green for 2023 (as in 2022); Green -> Amber with the pre-filled reason must not save."""
    before = events(seeded)
    async with tui() as pilot:
        app = pilot.app
        await open_rating(pilot, "5.1.1")
        box = app.screen.query_one("#field-rationale", TextArea)
        old = box.text
        assert OLD_5_1_1 in old
        await pilot.press("ctrl+o")
        assert box.text == ""  # issue 18: a changed RAG starts with an empty rationale
        box.text = old  # the old reason put back by hand
        await pilot.pause()
        # said at the field as soon as the RAG changes, naming the key that keeps it
        assert "RAG changed from Green to Amber: type a new rationale, or press f8 to keep the old one" in shown(
            app, "#error-rationale")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RatingModal"
        assert "RAG changed from Green to Amber" in shown(app, "#error-rationale")
        assert app.screen.focused is app.screen.query_one("#field-rationale", TextArea)
    assert stored(seeded, "5.1.1", "2023")[0] == Rag.GREEN
    assert events(seeded) == before


async def test_changed_rag_back_to_last_periods_still_needs_a_new_rationale(tui, seeded):
    """5.4.3 went Green -> Amber in 2023; setting it back to Green needs no rationale by the
    previous-period rule, but the stored "Moved from green to amber" must not ride along: the
    box empties when the RAG changes (issue 18), so Green is saved without it."""
    async with tui(user=LEAD) as pilot:
        await open_rating(pilot, "5.4.3")
        await pilot.press("ctrl+g", "ctrl+s")
        await pilot.pause()
        assert pilot.app.screen.__class__.__name__ == "DashboardScreen"
    rag, rationale = stored(seeded, "5.4.3", "2023")
    assert rag == Rag.GREEN and not rationale


async def test_a_new_rationale_typed_for_the_changed_rag_is_saved(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await open_rating(pilot, "5.1.1")
        await pilot.press("ctrl+o")
        app.screen.query_one("#field-rationale", TextArea).text = "Recruitment slipped in Q3"
        await pilot.pause()
        assert shown(app, "#error-rationale") == ""  # the warning goes once a new reason is typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert stored(seeded, "5.1.1", "2023") == (Rag.AMBER, "Recruitment slipped in Q3")


async def test_the_keep_key_saves_the_changed_rag_with_the_old_rationale(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await open_rating(pilot, "5.1.1")
        await pilot.press("ctrl+o", "f8")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    rag, rationale = stored(seeded, "5.1.1", "2023")
    assert rag == Rag.AMBER and rationale.startswith(OLD_5_1_1)
    [change] = changes.history(seeded, ref="5.1.1", limit=1)
    assert (change.field, change.old, change.new, change.period) == ("rag", "green", "amber", "2023")


async def test_the_keep_key_does_not_throw_away_what_was_typed(tui, seeded):
    before = events(seeded)
    async with tui() as pilot:
        app = pilot.app
        await open_rating(pilot, "5.1.1")
        await pilot.press("ctrl+o")
        app.screen.query_one("#field-rationale", TextArea).text = "half typed"
        await pilot.press("f8")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RatingModal"
        assert "the rationale was edited: save (ctrl+s) to store what you typed" in shown(app, "#error-rationale")
        assert app.screen.query_one("#field-rationale", TextArea).text == "half typed"
    assert events(seeded) == before


async def test_an_unchanged_rag_keeps_its_rationale_and_writes_nothing(tui, seeded):
    before = events(seeded)
    async with tui() as pilot:
        app = pilot.app
        await open_rating(pilot, "5.1.1")
        assert shown(app, "#error-rationale") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert stored(seeded, "5.1.1", "2023")[1].startswith(OLD_5_1_1)
    assert events(seeded) == before


# -- 2. carry forward over a RAG already given -----------------------------------------------


def rate_2024(session, rag: str, rationale: str) -> None:
    store.set_rating(session=session, ref="5.4.3", period="2024", rag=rag, rationale=rationale, actor=LEAD)


def test_the_store_refuses_to_carry_over_a_different_rag(year2024):
    rate_2024(year2024, "red", "Demand doubled")
    before = events(year2024)
    with pytest.raises(InvalidInput, match=r"already Red for 2024 \(by Det Supt Natalia Ross\); carrying forward "
                                           r"would replace it with 2023's Amber") as refused:
        store.carry_forward(session=year2024, ref="5.4.3", period="2024", actor=LEAD)
    assert refused.value.where == "workstream 5.4.3, 2024"
    assert stored(year2024, "5.4.3", "2024") == (Rag.RED, "Demand doubled")
    assert events(year2024) == before


def test_an_overwriting_carry_takes_last_periods_rationale_and_says_so(year2024):
    rate_2024(year2024, "red", "Demand doubled")
    store.carry_forward(session=year2024, ref="5.4.3", period="2024", actor=LEAD, overwrite=True)
    rag, rationale = stored(year2024, "5.4.3", "2024")
    assert rag == Rag.AMBER and rationale.startswith("Moved from green to amber")  # 2023's, not blank
    fields = {c.field: (c.old, c.new) for c in changes.history(year2024, ref="5.4.3", limit=3)}
    assert fields["rag"] == ("red", "amber") and fields["carried_forward_from"] == (None, "2023")
    assert fields["rationale"][0] == "Demand doubled"


def test_a_carry_into_an_unrated_period_brings_the_rationale_along(year2024):
    store.carry_forward(session=year2024, ref="5.4.3", period="2024", actor=LEAD)
    rag, rationale = stored(year2024, "5.4.3", "2024")
    assert rag == Rag.AMBER and rationale.startswith("Moved from green to amber")
    [created] = [c for c in changes.history(year2024, ref="5.4.3", limit=5) if c.field == "rationale"]
    assert created.new.startswith("Moved from green to amber") and created.period == "2024"


def test_a_carry_over_the_same_rag_keeps_its_own_rationale(year2024):
    rate_2024(year2024, "amber", "Still amber: the pilot was extended")
    store.carry_forward(session=year2024, ref="5.4.3", period="2024", actor=LEAD)
    assert stored(year2024, "5.4.3", "2024") == (Rag.AMBER, "Still amber: the pilot was extended")


async def test_f_on_a_rated_workstream_asks_and_no_keeps_the_rating(tui, year2024):
    rate_2024(year2024, "red", "Demand doubled")
    before = events(year2024)
    async with tui(user=LEAD) as pilot:
        app = pilot.app
        assert app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == "5.4.3")
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConfirmModal"
        question = str(app.screen.query_one(".title").render())
        assert "5.4.3 is already Red for 2024 (by Det Supt Natalia Ross): replace with last period's (2023) Amber?" in question
        assert app.screen.query_one(".title").size.height >= 2  # wrapped at 80 columns, not cut off
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DashboardScreen"
    assert stored(year2024, "5.4.3", "2024") == (Rag.RED, "Demand doubled")
    assert events(year2024) == before


async def test_f_then_yes_replaces_it_with_last_periods_rag_and_rationale(tui, year2024):
    rate_2024(year2024, "red", "Demand doubled")
    async with tui(user=LEAD) as pilot:
        app = pilot.app
        assert app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == "5.4.3")
        await pilot.pause()
        await pilot.press("enter")  # the workstream screen's f asks the same way as the dashboard's
        await pilot.pause()
        assert app.screen.__class__.__name__ == "WorkstreamScreen"
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConfirmModal"
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "WorkstreamScreen"
    rag, rationale = stored(year2024, "5.4.3", "2024")
    assert rag == Rag.AMBER and rationale.startswith("Moved from green to amber")
    [decision] = changes.history(year2024, ref="5.4.3", limit=1)
    assert (decision.field, decision.new, decision.actor) == ("carried_forward_from", "2023", LEAD)


async def test_yes_after_someone_else_changed_it_overwrites_nothing(tui, year2024):
    rate_2024(year2024, "red", "Demand doubled")
    async with tui(user=LEAD) as pilot:
        app = pilot.app
        assert app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == "5.4.3")
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConfirmModal"
        rate_2024(year2024, "green", "Recovered in March")  # someone else, while the question is open
        await pilot.press("y")
        await pilot.pause()
    assert stored(year2024, "5.4.3", "2024") == (Rag.GREEN, "Recovered in March")


def test_undo_of_an_overwriting_carry_puts_the_replaced_rating_back(year2024):
    from tracker.db.undo import undo_last

    rate_2024(year2024, "red", "Demand doubled")
    store.carry_forward(session=year2024, ref="5.4.3", period="2024", actor=LEAD, overwrite=True)
    undo_last(session=year2024, actor=LEAD)
    assert stored(year2024, "5.4.3", "2024") == (Rag.RED, "Demand doubled")
