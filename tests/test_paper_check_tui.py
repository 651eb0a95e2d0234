import pytest
"""The TUI's check panel (key c) lists a copied paper's sections not yet updated, from the same
readiness check as `tracker check` (issue 13)."""

import datetime as dt

from tracker.db import papers, store
from tracker.db.paper_schemas import FrontSheetUpdate
from tracker.db.papers import PaperKey
from tracker.db.schemas import PeriodCreate
from tests.conftest import without_seeded_paper

@pytest.fixture
def seeded(seeded, backend):
    """The seeds without their 2023 collaboration paper: these tests make their own."""
    without_seeded_paper(seeded)
    return seeded


def frame_text(app) -> str:
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


async def test_the_check_panel_lists_sections_not_yet_updated(tui, seeded):
    from tracker.screens.check import CheckModal

    papers.create_paper(session=seeded, actor="tester", key=PaperKey("collab", "2023"),
                        front=FrontSheetUpdate(title="Collaboration 2023"))
    store.create_period(session=seeded, actor="tester",
                        data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)))
    papers.create_paper(session=seeded, actor="tester", key=PaperKey("collab", "2024"), from_period="2023")
    async with tui(size=(160, 60), portfolio="collab") as pilot:
        await pilot.press("c")
        assert isinstance(pilot.app.screen, CheckModal)
        shown = frame_text(pilot.app)
        assert "Not updated" in shown and "Introduction/Background (background) not yet updated for 2024" in shown
