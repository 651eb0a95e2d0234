"""The workstream screen lists its milestones in words; the actions list shows each sub-action
under its parent, and the parent sums up theirs."""

import datetime as dt

from textual.widgets import Static
from tracker.db import store
from tracker.db.milestones import MilestoneInput, add_milestone
from tracker.db.schemas import ActionCreate
from tracker.screens.table import RecordTable

ADMIN = "seed-loader"


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_the_workstream_screen_lists_its_milestones(tui, seeded):
    add_milestone(session=seeded, workstream="5.4.3", actor=ADMIN,
                  data=MilestoneInput(title="Pilot", planned=dt.date(2025, 6, 1), revised=dt.date(2025, 9, 1),
                                      percent=40))
    add_milestone(session=seeded, workstream="5.4.3", actor=ADMIN,
                  data=MilestoneInput(title="Launch", planned=dt.date(2025, 3, 1), done=dt.date(2025, 3, 10),
                                      percent=100))
    async with tui() as pilot:
        app = pilot.app
        assert app.screen.query_one(RecordTable).move_to(lambda r: getattr(r, "ref", None) == "5.4.3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        text = _text(app, "#milestones")
        assert "Milestones (2)" in text
        lines = text.split("\n")
        assert lines[1].strip().startswith("Launch") and "done 2025-03-10" in lines[1]
        assert lines[2].strip().startswith("Pilot") and "revised" in lines[2] and "overdue, 40% complete" in lines[2]


async def test_the_actions_list_shows_sub_actions_under_their_parent(tui, seeded):
    for ref, parent, status in (("S.1", None, "open"), ("S.2", None, "open"), ("S.1.1", "S.1", "done"),
                                ("S.1.2", "S.1", "open")):
        store.create_action(session=seeded, actor=ADMIN, data=ActionCreate(
            ref=ref, portfolio="collab", title=f"Action {ref}", parent=parent, status=status,
            due_date=dt.date(2030, 1, 1) if ref == "S.2" else dt.date(2031, 1, 1)))
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("2")
        await pilot.pause()
        records = [a.ref for a in app.screen.query_one(RecordTable).records]
        mine = [ref for ref in records if ref.startswith("S.")]
        assert mine == ["S.2", "S.1", "S.1.1", "S.1.2"]
        from tracker.screens.actions import _title

        rows = {a.ref: a for a in app.screen.query_one(RecordTable).records}
        assert _title(rows["S.1"]) == "Action S.1 (1 of 2 done)"
        assert _title(rows["S.1.1"]) == "↳ Action S.1.1"
