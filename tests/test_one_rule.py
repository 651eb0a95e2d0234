"""One home for each rating rule: the rating form, the CLI and undo refuse the same cases with
the same message, because each calls the same function (db/rules.py, through db/ratings.py)."""

import datetime as dt

import pytest
from textual.widgets import Static, TextArea
from tracker.db import store
from tracker.db.errors import InvalidInput
from tracker.db.schemas import PeriodCreate
from tracker.db.undo import undo_last
from tracker.screens import editing

from tests.inprocess import run_cli

LEAD = "Det Supt Natalia Ross"
REF = "5.4.3"  # Amber in 2023, Green in 2022 (closed)
NO_RATIONALE = "a rationale is required: Amber differs from the previous period's (Red)"
CLOSED = "period 2022 is closed, so its RAGs are frozen; reopen it first if this change is intended"


@pytest.fixture
def year2024(seeded):
    store.create_period(session=seeded, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                          end=dt.date(2024, 12, 31)), actor="seed")
    return seeded


async def form_refusal(tui, period: str, keys: tuple[str, ...], rationale: str = "") -> str:
    """Rate REF for `period` in the real rating form; the refusal it shows (the form stays open)."""
    async with tui(user=LEAD, size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.pause()
        editing.rate(app.screen, REF, period)
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RatingModal"
        await pilot.press(*keys)
        area = app.screen.query_one("#field-rationale", TextArea)
        area.text = rationale
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RatingModal"  # refused: still open
        shown = [str(w.render()) for w in app.screen.query(".error.-shown").results(Static)]
    assert len(shown) == 1
    return shown[0]


def cli_refusal(db: str, *args: str) -> str:
    result = run_cli(*args, "--db", db, env={"TRACKER_USER": LEAD})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def undo_refusal(session) -> str:
    with pytest.raises(InvalidInput) as refused:
        undo_last(session=session, actor=LEAD)
    session.rollback()
    return refused.value.reason


async def test_a_changed_rag_without_rationale_is_refused_alike(tui, year2024, seeded_db):
    # Undo's case: Amber without a rationale was fine while 2023 was Amber; 2023 is Red since,
    # so putting that Amber back now needs a rationale like any other Amber after a Red.
    store.set_rating(session=year2024, ref=REF, period="2024", rag="amber", actor=LEAD)
    store.set_rating(session=year2024, ref=REF, period="2024", rag="green", rationale="Recovered", actor=LEAD)
    store.set_rating(session=year2024, ref=REF, period="2023", rag="red", rationale="Restated", actor="seed")
    assert undo_refusal(year2024) == NO_RATIONALE
    assert store.set_rating(session=year2024, ref=REF, period="2024", rag="green", actor=LEAD).changed is False

    assert NO_RATIONALE in cli_refusal(seeded_db, "rag", REF, "amber", "--period", "2024")
    assert await form_refusal(tui, "2024", ("ctrl+o",)) == NO_RATIONALE


async def test_a_closed_period_is_refused_alike(tui, seeded, seeded_db):
    store.set_period_closed(session=seeded, label="2022", closed=False, actor="seed")
    store.set_rating(session=seeded, ref=REF, period="2022", rag="red", rationale="Restated", actor=LEAD)
    store.set_period_closed(session=seeded, label="2022", closed=True, actor="seed")
    assert undo_refusal(seeded) == CLOSED

    assert CLOSED in cli_refusal(seeded_db, "rag", REF, "amber", "--period", "2022", "--note", "Why")
    assert CLOSED in await open_refusal(tui, "2022")


async def open_refusal(tui, period: str) -> str:
    """Rate REF for `period` from the TUI: a closed period's form does not open (issue 18), and
    the store's own refusal is said instead."""
    async with tui(user=LEAD, size=(120, 40)) as pilot:
        editing.rate(pilot.app.screen, REF, period)
        await pilot.pause()
        assert pilot.app.screen.__class__.__name__ != "RatingModal"
        return " ".join(n.message for n in pilot.app._notifications)


def test_undo_puts_a_rating_back_through_the_one_writer(year2024):
    """Undo of a rating still works where the rules allow it, and its suggestion record follows."""
    store.set_rating(session=year2024, ref=REF, period="2024", rag="amber", actor=LEAD)
    store.set_rating(session=year2024, ref=REF, period="2024", rag="red", rationale="Stalled", actor=LEAD)
    undo_last(session=year2024, actor=LEAD)
    from tracker.db.ratings import current_rating

    assert current_rating(year2024, REF, "2024") == {"rag": "amber", "rationale": ""}
    undo_last(session=year2024, actor=LEAD)
    assert current_rating(year2024, REF, "2024") is None
