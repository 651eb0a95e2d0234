"""The TUI catches up with what other processes write: it polls the history head while idle and
rereads the screen on show, keeping the cursor where it was and a form's unsaved input."""

import pytest
from sqlmodel import Session
from textual.widgets import TextArea
from tracker.db import store
from tracker.db.enums import Rag
from tracker.screens.table import RecordTable

from tracker.app import make_app


def board_rag(app, ref: str):
    return next(r.rag for r in app.screen.query_one(RecordTable).records if getattr(r, "ref", None) == ref)


async def until(pilot, condition, *, tries: int = 200) -> bool:
    """Let the app run until `condition()` holds (a wait, not a timing assertion)."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.02)
    return condition()


def elsewhere(engine, **change) -> None:
    """A write from another session, as another tracker process makes it."""
    with Session(engine) as other:
        store.set_rating(session=other, actor="someone else", **change)


@pytest.fixture
def fast_poll(monkeypatch):
    from tracker.app import TrackerApp

    monkeypatch.setattr(TrackerApp, "POLL_SECONDS", 0.05, raising=False)


async def test_a_change_written_elsewhere_shows_without_moving_the_cursor(engine, seeded, fast_poll):
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(RecordTable)
        assert table.move_to(lambda r: getattr(r, "ref", None) == "5.4.3")
        row = table.cursor
        assert board_rag(app, "5.1.1") == Rag.GREEN
        elsewhere(engine, ref="5.1.1", period="2023", rag="red", rationale="Funding withdrawn")
        assert await until(pilot, lambda: board_rag(app, "5.1.1") == Rag.RED)
        assert table.cursor == row and table.highlighted.ref == "5.4.3"


async def test_an_open_form_keeps_what_was_typed_while_others_write(engine, seeded, fast_poll):
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == "5.4.3")
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-rationale", TextArea).focus()
        await pilot.press(*"half-typed reason ")
        typed = form.query_one("#field-rationale", TextArea).text
        assert "half-typed reason" in typed
        elsewhere(engine, ref="5.1.1", period="2023", rag="red", rationale="Funding withdrawn")
        await pilot.pause(0.3)  # several polls
        assert app.screen is form
        assert form.query_one("#field-rationale", TextArea).text == typed
        await pilot.press("escape")
        assert await until(pilot, lambda: board_rag(app, "5.1.1") == Rag.RED)  # caught up once it closed
        assert app.screen.query_one(RecordTable).highlighted.ref == "5.4.3"

