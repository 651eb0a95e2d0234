"""Issue 18, defect 9: the rating and record forms do not open for a closed period or a record the
user may not change; the store's own rule says why, at once, before anything is typed."""

import pytest
from tracker.db import store
from tracker.screens.table import RecordTable

LEAD = "Det Supt Natalia Ross"  # leads 5.4.3, not 5.1.1


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def on_row(pilot, ref: str) -> None:
    assert pilot.app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == ref)
    await pilot.pause()


@pytest.fixture
def with_users(seeded):
    store.add_user(session=seeded, name="tester", role="admin", actor="tester")
    store.add_user(session=seeded, name=LEAD, role="lead", actor="tester")
    return seeded


async def test_the_rating_form_does_not_open_for_a_closed_period(tui, seeded):
    store.set_period_closed(session=seeded, label="2022", closed=True, actor="tester")
    async with tui() as pilot:
        await pilot.press("[")  # 2023 -> 2022
        assert pilot.app.screen.period_label == "2022"
        await on_row(pilot, "5.1.1")
        await pilot.press("g")
        assert pilot.app.screen.__class__.__name__ == "DashboardScreen"
        assert any("period 2022 is closed, so its RAGs are frozen" in n for n in notes(pilot.app))


async def test_the_rating_form_does_not_open_for_a_workstream_the_lead_does_not_lead(tui, with_users):
    async with tui(user=LEAD) as pilot:
        await on_row(pilot, "5.1.1")
        await pilot.press("g")
        assert pilot.app.screen.__class__.__name__ == "DashboardScreen"
        assert any("may change only what they own; workstream 5.1.1 is" in n for n in notes(pilot.app))
        await on_row(pilot, "5.4.3")  # their own opens
        await pilot.press("g")
        assert pilot.app.screen.__class__.__name__ == "RatingModal"


async def test_the_edit_forms_do_not_open_for_records_the_lead_does_not_own(tui, with_users):
    async with tui(user=LEAD, size=(120, 40), portfolio=None) as pilot:
        await on_row(pilot, "5.1.1")
        await pilot.press("e")  # the dashboard's edit, on a workstream they do not lead
        assert pilot.app.screen.__class__.__name__ == "DashboardScreen"
        assert any("workstream 5.1.1 is" in n for n in notes(pilot.app))
        await pilot.press("2")
        other_action = next(a.ref for a in pilot.app.screen.query_one(RecordTable).records if a.owner != LEAD)
        await on_row(pilot, other_action)
        await pilot.press("e")
        assert pilot.app.screen.__class__.__name__ == "ActionsScreen"
        assert any(f"action {other_action} is" in n for n in notes(pilot.app))
        await pilot.press("3")
        other_risk = next(r.ref for r in pilot.app.screen.query_one(RecordTable).records if r.owner != LEAD)
        await on_row(pilot, other_risk)
        await pilot.press("e")
        assert pilot.app.screen.__class__.__name__ == "RisksScreen"
        assert any(f"risk {other_risk} is" in n for n in notes(pilot.app))
