"""Issue 18, reviewers: in `--read-only` every field of an action and a risk can be read without
a form (Enter, or `i` anywhere), and the record's history is one key (`h`) away."""

import datetime as dt

import pytest
from tracker.db import store
from tracker.db.schemas import ActionCreate, RiskCreate
from tracker.screens.table import RecordTable

DETAIL = "Agree the data-sharing protocol with both forces [bold]not markup[/bold]"
DESCRIPTION = "Custody records may be incomplete when the partner force's system is down"


@pytest.fixture
def records(seeded):
    store.create_risk(session=seeded, data=RiskCreate(ref="R.9", portfolio="collab", title="Custody data gaps",
                                                      owner="Ann", likelihood=3, impact=4,
                                                      description=DESCRIPTION), actor="tester")
    store.create_action(session=seeded, data=ActionCreate(ref="A.9", portfolio="collab", title="Chase the data",
                                                          owner="Ann", due_date=dt.date(2025, 6, 30), risk="R.9",
                                                          status="in_progress", detail=DETAIL), actor="tester")
    return seeded


def fields(app) -> str:
    return str(app.screen.query_one("#fields").render())


async def to_row(pilot, ref: str) -> None:
    assert pilot.app.screen.query_one(RecordTable).move_to(lambda r: r.ref == ref)
    await pilot.pause()


async def test_a_reviewer_reads_an_actions_every_field_and_its_history(tui, records):
    async with tui(read_only=True, size=(100, 30)) as pilot:
        await pilot.press("2")
        await to_row(pilot, "A.9")
        await pilot.press("enter")
        assert pilot.app.screen.__class__.__name__ == "DetailModal"
        shown = fields(pilot.app)
        for expected in ("Title: Chase the data", "Owner: Ann", "Due date: 2025-06-30", "Status: in progress",
                         "Risk: R.9", "Portfolio: collab", DETAIL):
            assert expected in shown, expected
        await pilot.press("h")
        assert pilot.app.screen.__class__.__name__ == "HistoryScreen"
        await pilot.pause(0.3)  # the filter's debounce
        changes = pilot.app.screen.changes
        assert changes and {c.ref for c in changes} == {"A.9"}


async def test_a_reviewer_reads_a_risks_description(tui, records):
    async with tui(read_only=True, size=(100, 30)) as pilot:
        await pilot.press("3")
        await to_row(pilot, "R.9")
        await pilot.press("enter")
        assert pilot.app.screen.__class__.__name__ == "DetailModal"
        shown = fields(pilot.app)
        assert DESCRIPTION in shown and "Score: 12" in shown and "Likelihood: 3" in shown
        await pilot.press("escape")
        assert pilot.app.screen.__class__.__name__ == "RisksScreen"


async def test_i_opens_the_detail_for_a_lead_too_while_enter_still_edits(tui, records):
    async with tui(size=(100, 30)) as pilot:
        await pilot.press("2")
        await to_row(pilot, "A.9")
        await pilot.press("i")
        assert pilot.app.screen.__class__.__name__ == "DetailModal"
        await pilot.press("escape", "enter")
        assert pilot.app.screen.__class__.__name__ == "RecordForm"
