"""`tracker paper ...` and `tracker narrative ...` (issue 13), in process through the CLI's entry
function, with one real process for $EDITOR. On the seeds: collab, periods 2022 (closed), 2023."""

import json
import os
import stat
import sys

import pytest

from tests import conftest
from tests.inprocess import run_cli
from tests.conftest import without_seeded_paper

P = ("-P", "collab", "--period", "2023")

@pytest.fixture
def seeded(seeded, backend):
    """The seeds without their 2023 collaboration paper: these tests make their own."""
    without_seeded_paper(seeded)
    return seeded


def ok(db: str, *args: str, **kw) -> str:
    result = run_cli(*args, "--db", db, **kw)
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(db: str, *args: str, **kw) -> str:
    result = run_cli(*args, "--db", db, **kw)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr


def shown(db: str) -> dict:
    return json.loads(ok(db, "paper", "show", *P, "--format", "json"))


@pytest.fixture
def with_paper(seeded_db) -> str:
    ok(seeded_db, "paper", "new", *P, "--title", "Collaboration report 2023")
    return seeded_db


def test_new_needs_a_title_and_lists_and_shows_the_numbered_outline(seeded_db):
    assert "needs a title" in refused(seeded_db, "paper", "new", *P)
    assert "paper collab/report 2023" in ok(seeded_db, "paper", "new", *P, "--template", "command", "--title", "OPC")
    assert "there is a 'report' paper" in refused(seeded_db, "paper", "new", *P, "--title", "again")
    listed = json.loads(ok(seeded_db, "paper", "list", "-P", "collab", "--format", "json"))
    assert [(p["portfolio"], p["period"], p["title"], p["template"]) for p in listed] == [
        ("collab", "2023", "OPC", "command")]
    data = shown(seeded_db)
    assert [s["heading"] for s in data["sections"][:2]] == ["1.0 Purpose of Report", "2.0 Recommendations"]
    text = ok(seeded_db, "paper", "show", *P)
    assert "Title of Report: OPC" in text and "  3.0 Executive Summary  [executive-summary, narrative]" in text
    assert "no 'annual' paper" in refused(seeded_db, "paper", "show", *P, "--kind", "annual")


def test_set_takes_every_front_sheet_field_dates_and_empties(with_paper):
    from tracker.commands.papers import FIELD_OPTIONS

    values = {f: ("2023-11-20" if f in ("meeting_date", "written_on", "approved_on") else f"the {f}")
              for f in FIELD_OPTIONS}
    ok(with_paper, "paper", "set", *P, *[w for f, v in values.items() for w in (FIELD_OPTIONS[f], v)])
    assert shown(with_paper)["paper"] | values == shown(with_paper)["paper"]
    ok(with_paper, "paper", "set", *P, "--marking", "", "--meeting-date", "")
    front = shown(with_paper)["paper"]
    assert front["marking"] == "" and front["meeting_date"] is None and front["cog"] == "the cog"
    err = refused(with_paper, "paper", "set", *P, "--written-on", "20/11/2023")
    assert "--written-on" in err and "not a date like" in err
    assert "title must not be empty" in refused(with_paper, "paper", "set", *P, "--title", "")
    assert "say what to set" in refused(with_paper, "paper", "set", *P)
    assert shown(with_paper)["paper"]["written_on"] == "2023-11-20"


def test_section_add_edit_move_remove_and_confirm(with_paper, tmp_path):
    out = ok(with_paper, "paper", "section", "add", *P, "--title", "Future Work", "--at", "2", "--level", "2")
    assert "future-work-2" in out  # the outline has a future-work already: db/papers.next_free_key
    ok(with_paper, "paper", "section", "add", "glossary", *P, "--title", "Glossary", "--kind", "measures")
    source = tmp_path / "purpose.md"
    source.write_text("To update the board.\n\n- one\n- two\n", encoding="utf-8")
    ok(with_paper, "paper", "section", "edit", "purpose", *P, "--from-file", str(source))
    ok(with_paper, "paper", "section", "edit", "background", *P, "--from-file", "-", input="From stdin [b]x[/b]\n")
    ok(with_paper, "paper", "section", "edit", "risks", *P, "--nil-text", "No collaboration risks.", "--numbered")
    ok(with_paper, "paper", "section", "move", "glossary", *P, "--to", "1")
    ok(with_paper, "paper", "section", "remove", "demand", *P)
    sections = {s["key"]: s for s in shown(with_paper)["sections"]}
    assert sections["purpose"]["text"] == "To update the board.\n\n- one\n- two"
    assert sections["background"]["text"] == "From stdin [b]x[/b]"
    assert sections["risks"]["nil_text"] == "No collaboration risks." and sections["risks"]["numbered"]
    assert sections["glossary"]["number"] == "1" and sections["glossary"]["kind"] == "measures"
    assert sections["future-work-2"]["heading"] == "2.1 Future Work" and "demand" not in sections
    assert "From stdin [b]x[/b]" in ok(with_paper, "paper", "show", *P)
    assert "no section 'nope'" in refused(with_paper, "paper", "section", "edit", "nope", *P, "--title", "X")
    assert "a position from 1 to" in refused(with_paper, "paper", "section", "move", "purpose", *P, "--to", "99")
    assert "no such file" in refused(with_paper, "paper", "section", "edit", "purpose", *P, "--from-file",
                                     str(tmp_path / "missing.md"))


def test_a_copied_paper_is_listed_by_check_until_confirmed(with_paper):
    ok(with_paper, "period", "add", "2024", "--start", "2024-01-01", "--end", "2024-12-31")
    assert "11 not yet updated" in ok(with_paper, "paper", "new", "-P", "collab", "--period", "2024", "--from", "2023")
    result = run_cli("check", "-P", "collab", "--period", "2024", "--format", "json", "--db", with_paper)
    stale = [f for f in json.loads(result.stdout) if f["kind"] == "stale_section"]
    assert len(stale) == 11 and stale[3]["message"].startswith(
        "section 4.0 Introduction/Background (background) not yet updated for 2024")
    text = ok(with_paper, "paper", "show", "-P", "collab", "--period", "2024")
    assert "[background, narrative, not yet updated for 2024]" in text
    out = ok(with_paper, "paper", "section", "confirm", "background", "-P", "collab", "--period", "2024")
    assert "marked updated for 2024" in out
    assert "nothing changed" in ok(with_paper, "paper", "section", "confirm", "background", "-P", "collab",
                                   "--period", "2024")
    result = run_cli("check", "-P", "collab", "--period", "2024", "--format", "json", "--db", with_paper)
    assert len([f for f in json.loads(result.stdout) if f["kind"] == "stale_section"]) == 10


def test_approve_freezes_version_reopens_present_and_delete(with_paper):
    ok(with_paper, "paper", "approve", *P, "--by", "ACO Fiona Henderson", "--on", "2023-11-01")
    err = refused(with_paper, "paper", "section", "edit", "purpose", *P, "--from-file", "-", input="late")
    assert "frozen" in err and "tracker paper version NEW" in err
    assert "frozen" in refused(with_paper, "paper", "set", *P, "--marking", "Official")
    assert "frozen" in refused(with_paper, "paper", "delete", *P)
    ok(with_paper, "paper", "present", *P)
    assert shown(with_paper)["paper"]["status"] == "presented"
    ok(with_paper, "paper", "version", *P, "2.0")
    front = shown(with_paper)["paper"]
    assert front["status"] == "draft" and front["version"] == "2.0" and front["approved_by"] == ""
    ok(with_paper, "paper", "section", "edit", "purpose", *P, "--from-file", "-", input="v2 words")
    history = json.loads(ok(with_paper, "history", "collab/report", "--format", "json"))
    assert any(h["field"] == "version" and h["new"] == "2.0" for h in history)
    ok(with_paper, "paper", "delete", *P)
    assert json.loads(ok(with_paper, "paper", "list", "-P", "collab", "--format", "json")) == []


def test_a_megabyte_section_is_refused_with_the_limit_and_nothing_is_stored(with_paper, tmp_path):
    big = tmp_path / "big.md"
    big.write_text("x" * 1_000_000, encoding="utf-8")
    err = refused(with_paper, "paper", "section", "edit", "purpose", *P, "--from-file", str(big))
    assert "1,000,000 characters" in err and "at most 100,000" in err
    refused(with_paper, "narrative", "set", "5.1.1", "--period", "2023", "--from-file", str(big))
    bad = tmp_path / "latin1.md"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    assert "not UTF-8" in refused(with_paper, "paper", "section", "edit", "purpose", *P, "--from-file", str(bad))
    assert shown(with_paper)["sections"][0]["text"] == ""
    assert "no narrative" in ok(with_paper, "narrative", "show", "5.1.1", "--period", "2023")


def test_narrative_set_show_remove_and_refusals(with_paper):
    ok(with_paper, "narrative", "set", "5.1.1", "--period", "2023", "--from-file", "-", input="Went live.\n- one\n")
    assert ok(with_paper, "narrative", "show", "5.1.1", "--period", "2023") == "Went live.\n- one\n"
    ok(with_paper, "narrative", "set", "--section", "5.3", "--period", "2023", "--from-file", "-", input="National")
    assert ok(with_paper, "narrative", "show", "--section", "5.3", "--period", "2023") == "National\n"
    assert "removed" in ok(with_paper, "narrative", "set", "5.1.1", "--period", "2023", "--from-file", "-", input="")
    assert "no narrative" in ok(with_paper, "narrative", "show", "5.1.1", "--period", "2023")
    assert "closed" in refused(with_paper, "narrative", "set", "5.1.1", "--period", "2022", "--from-file", "-",
                               input="late")
    assert "no workstream '9.9.9'" in refused(with_paper, "narrative", "set", "9.9.9", "--period", "2023",
                                              "--from-file", "-", input="x")
    assert "one of them" in refused(with_paper, "narrative", "show", "5.1.1", "--section", "5.3", "--period", "2023")


def test_edit_without_an_editor_or_a_file_is_refused_clearly(with_paper):
    env = {"EDITOR": "", "VISUAL": ""}
    err = refused(with_paper, "paper", "section", "edit", "purpose", *P, env=env)
    assert "no editor is set" in err and "--from-file" in err


def test_read_only_shows_papers_and_refuses_their_writes(with_paper):
    ok(with_paper, "--read-only", "paper", "show", *P)
    ok(with_paper, "--read-only", "paper", "list")
    assert "would write" in refused(with_paper, "--read-only", "paper", "set", *P, "--marking", "x")


@pytest.mark.sqlite_only
def test_section_edit_opens_the_editor_in_a_real_process(with_paper, tmp_path):
    """$EDITOR is a tiny script that appends a line to the file it is given."""
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\npath = sys.argv[1]\ntext = open(path, encoding='utf-8').read()\n"
                      "open(path, 'w', encoding='utf-8').write(text + 'Added in the editor.\\n')\n")
    command = f"{sys.executable} {editor}"
    ok(with_paper, "paper", "section", "edit", "purpose", *P, "--from-file", "-", input="First line.")
    result = conftest.run_cli("paper", "section", "edit", "purpose", *P, "--db", with_paper,
                              env={"EDITOR": command, "VISUAL": ""})
    assert result.returncode == 0, result.stderr
    assert shown(with_paper)["sections"][0]["text"] == "First line.\nAdded in the editor."
    failing = tmp_path / "fail.sh"
    failing.write_text("#!/bin/sh\nexit 3\n")
    failing.chmod(failing.stat().st_mode | stat.S_IEXEC)
    result = conftest.run_cli("paper", "section", "edit", "purpose", *P, "--db", with_paper,
                              env={"EDITOR": "", "VISUAL": str(failing)})
    assert result.returncode == 2 and "exited with status 3" in result.stderr and "not saved" in result.stderr
    assert shown(with_paper)["sections"][0]["text"] == "First line.\nAdded in the editor."
    assert os.environ.get("EDITOR") != command
