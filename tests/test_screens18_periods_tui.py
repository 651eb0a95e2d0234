"""Issue 18, lead's flow: periods managed in the TUI (admins): add, close, reopen and rename
through the store, recorded in history; refused for anyone else before anything opens."""

from textual.widgets import Input
from tracker.db import changes, store, views
from tracker.db.verify import verify

LEAD = "Det Supt Natalia Ross"


def labels(session) -> dict[str, bool]:
    session.rollback()
    return {p.label: p.closed for p in views.periods(session)}


async def type_into(pilot, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.value = text
    await pilot.pause()


async def test_an_admin_adds_closes_reopens_and_renames_a_period(tui, seeded):
    async with tui(size=(120, 40)) as pilot:
        await pilot.press("t")
        assert pilot.app.screen.__class__.__name__ == "PeriodsModal"
        await pilot.press("a")
        await type_into(pilot, "#field-label", "2024")
        await type_into(pilot, "#field-start", "01/01/2024")  # dd/mm/yyyy, as UK users type
        await type_into(pilot, "#field-end", "2024-12-31")
        await pilot.press("ctrl+s")
        assert pilot.app.screen.__class__.__name__ == "PeriodsModal"
        assert labels(seeded).get("2024") is False
        assert pilot.app.screen.highlighted.label == "2024"
        await pilot.press("c")
        assert labels(seeded)["2024"] is True
        await pilot.press("c")
        assert labels(seeded)["2024"] is False
        await pilot.press("r")
        await type_into(pilot, "#field-label", "Year 2024")
        await pilot.press("ctrl+s")
        assert "Year 2024" in labels(seeded) and "2024" not in labels(seeded)
    fields = [c.field for c in changes.history(seeded, ref="2024") if c.kind == "update"]
    assert fields.count("closed") == 2 and "label" in fields
    assert verify(seeded).ok


async def test_a_taken_label_is_refused_at_the_field_and_the_form_stays(tui, seeded):
    async with tui(size=(120, 40)) as pilot:
        await pilot.press("t", "r")
        await type_into(pilot, "#field-label", "2022")
        await pilot.press("ctrl+s")
        assert pilot.app.screen.__class__.__name__ == "RecordForm"
        assert "exists already" in str(pilot.app.screen.query_one("#error-label").render())
    assert "2023" in labels(seeded)


async def test_periods_are_for_admins_only(tui, seeded):
    store.add_user(session=seeded, name="tester", role="admin", actor="tester")
    store.add_user(session=seeded, name=LEAD, role="lead", actor="tester")
    async with tui(user=LEAD) as pilot:
        await pilot.press("t")
        assert pilot.app.screen.__class__.__name__ == "DashboardScreen"
        assert any("only an admin may manage periods" in n.message for n in pilot.app._notifications)
    async with tui(read_only=True) as pilot:
        await pilot.press("t")
        assert pilot.app.screen.__class__.__name__ == "DashboardScreen"
