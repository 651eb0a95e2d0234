"""Issue 18, defect 7: the report key `r` offers a sensible folder (config `report_dir`, else the
documents folder, else home; never the current directory) and asks before it replaces a file.
(On the CLI `-o` replaces atomically and `--no-clobber` refuses: tests/test_files_atomic.py.)"""

from pathlib import Path

from textual.widgets import Input
from tracker.screens.forms import ConfirmModal


def test_the_offered_folder_is_the_configured_one_else_documents_else_home(tmp_path, monkeypatch):
    from tracker.db.files import report_folder

    monkeypatch.setenv("HOME", str(tmp_path))
    assert report_folder(None) == tmp_path  # no documents folder: home
    (tmp_path / "Documents").mkdir()
    assert report_folder(None) == tmp_path / "Documents"
    assert report_folder("~/papers") == tmp_path / "papers"


async def test_r_writes_into_the_configured_folder_not_the_current_directory(tui, seeded, tmp_path, monkeypatch):
    papers, elsewhere = tmp_path / "papers", tmp_path / "cwd"
    papers.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    async with tui() as pilot:
        pilot.app.settings.report_dir = str(papers)
        await pilot.press("r")
        assert pilot.app.screen.query_one("#folder", Input).value == str(papers)
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert [p.name for p in papers.iterdir()] == ["report-collab-2023.docx"]
    assert list(elsewhere.iterdir()) == []


async def test_r_offers_the_documents_folder_by_default(tui, seeded, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    async with tui() as pilot:
        await pilot.press("r")
        assert pilot.app.screen.query_one("#folder", Input).value == "~/Documents"
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert (tmp_path / "Documents" / "report-collab-2023.docx").stat().st_size > 0


async def test_r_asks_before_it_replaces_a_file_and_no_keeps_it(tui, seeded, tmp_path):
    old = tmp_path / "report-collab-2023.docx"
    old.write_bytes(b"last month's paper")
    async with tui() as pilot:
        pilot.app.settings.report_dir = str(tmp_path)
        await pilot.press("r", "ctrl+s")
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert "exists already: replace it?" in pilot.app.screen.question
        await pilot.press("n")
        assert pilot.app.screen.__class__.__name__ == "ReportModal"  # back to the dialog, to choose another name
        await pilot.press("escape")
        await pilot.app.workers.wait_for_complete()
        assert old.read_bytes() == b"last month's paper"
        await pilot.press("r", "ctrl+s", "y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert old.read_bytes()[:2] == b"PK"  # a Word file now, written whole
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
