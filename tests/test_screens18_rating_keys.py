"""Issue 18, lead's flow: the common update is short. The rating form takes g/a/r/n as one key
each (shown in the form); a changed RAG starts with an empty rationale, the stored one shown
above the box for reference; the keep key still saves the stored one on purpose."""

from textual.widgets import Static, TextArea
from tracker.db import views
from tracker.db.enums import Rag
from tracker.screens.table import RecordTable

OLD_5_1_1 = "Shared specialists let both forces flex to demand"  # 5.1.1 is Green for 2023


def stored(session, ref: str, period: str = "2023"):
    session.rollback()
    row = views.dashboard(session, period, ref=ref).rows[0]
    return row.rag, row.rationale


async def open_rating(pilot, ref: str) -> None:
    assert pilot.app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == ref)
    await pilot.pause()
    await pilot.press("g")
    assert pilot.app.screen.__class__.__name__ == "RatingModal"


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_one_letter_picks_each_rag_and_the_form_says_so(tui, seeded):
    async with tui() as pilot:
        await open_rating(pilot, "5.1.1")
        assert "g Green · a Amber · r Red · n Not graded" in shown(pilot.app, "#rag-letters")
        for key, rag in (("a", Rag.AMBER), ("r", Rag.RED), ("n", Rag.NOT_GRADED), ("g", Rag.GREEN)):
            await pilot.press(key)
            assert shown(pilot.app, "#chosen") == f"Chosen: {'●▲■○'[list(Rag).index(rag)]} {rag.label}"


async def test_a_changed_rag_starts_with_an_empty_rationale_and_shows_the_stored_one(tui, seeded):
    async with tui() as pilot:
        await open_rating(pilot, "5.1.1")
        box = pilot.app.screen.query_one("#field-rationale", TextArea)
        assert OLD_5_1_1 in box.text
        await pilot.press("a")
        assert box.text == ""
        assert OLD_5_1_1 in shown(pilot.app, "#stored-rationale")
        box.focus()
        await pilot.press(*"late", "ctrl+s")
        assert pilot.app.screen.__class__.__name__ == "DashboardScreen"
    assert stored(seeded, "5.1.1") == (Rag.AMBER, "late")


async def test_back_to_the_stored_rag_brings_the_stored_rationale_back_and_keep_still_works(tui, seeded):
    async with tui() as pilot:
        await open_rating(pilot, "5.1.1")
        box = pilot.app.screen.query_one("#field-rationale", TextArea)
        await pilot.press("r", "g")
        assert OLD_5_1_1 in box.text
        assert shown(pilot.app, "#stored-rationale") == ""
        await pilot.press("a", "f8")  # keep the stored rationale on purpose
        assert pilot.app.screen.__class__.__name__ == "DashboardScreen"
    rag, rationale = stored(seeded, "5.1.1")
    assert rag == Rag.AMBER and rationale.startswith(OLD_5_1_1)
