"""The Paper screen (key 8): a paper's outline with a narrative section and a data section's
preview, a section copied from last period's paper and not yet updated, no paper yet, and the
text editor; with hostile text in the narrative, shown as text."""

import datetime as dt

from tracker.db import papers
from tracker.db.paper_schemas import FrontSheetUpdate, SectionUpdate

from tests.snapshots.conftest import SIZES, SMALL, to_row

KEY = papers.PaperKey("collab", "2023")


def a_paper(session) -> None:
    """The seeds' 2023 collaboration paper as a draft version 1.1, with hostile text in 1.0."""
    papers.new_version(session=session, actor="seed", key=KEY, version="1.1")
    papers.edit_section(session=session, actor="seed", key=KEY, section="purpose", changes=SectionUpdate(text=(
        "The purpose of this report is to provide the annual update to the PFCC on collaboration activity.\n\n"
        "## What it covers\n\n- [bold]markup[/] stays as typed\n- an escape \x1b[2J and \u202ebidi are shown\n\n"
        "| Body | Meets |\n|---|---|\n| SCCB | October 2023 |")))
    papers.edit_section(session=session, actor="seed", key=KEY, section="background", changes=SectionUpdate(stale=True))


@SIZES
def test_paper(snap_compare, snap_app, size):
    assert snap_compare(snap_app(prepare=a_paper), press=["8"], terminal_size=size)


def test_paper_data_section_preview(snap_compare, snap_app):
    async def dashboard(pilot) -> None:
        await pilot.press("8")
        await to_row("dashboard", "#outline", "key")(pilot)

    assert snap_compare(snap_app(prepare=a_paper), run_before=dashboard, terminal_size=SMALL)


def test_paper_risks_nil_return(snap_compare, snap_app):
    async def risks(pilot) -> None:
        await pilot.press("8")
        await to_row("risks", "#outline", "key")(pilot)

    assert snap_compare(snap_app(prepare=a_paper), run_before=risks, terminal_size=SMALL)


def test_no_paper_yet(snap_compare, snap_app):
    assert snap_compare(snap_app(), press=["8", "["], terminal_size=SMALL)  # 2022 has none


def test_paper_text_editor(snap_compare, snap_app):
    assert snap_compare(snap_app(prepare=a_paper), press=["8", "enter"], terminal_size=SMALL)


def test_paper_approved_is_frozen(snap_compare, snap_app):
    def approved(session) -> None:
        a_paper(session)
        papers.approve_paper(session=session, actor="seed", key=KEY, by="ACO Fiona Henderson",
                             on=dt.date(2023, 11, 2))

    assert snap_compare(snap_app(prepare=approved), press=["8"], terminal_size=SMALL)
