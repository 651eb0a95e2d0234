"""Stored text never reaches a terminal raw: the CLI, the machine formats and the reports (issue 14).

Each reproduction of the issue is a test here; the TUI's are in test_text_safety_tui.py.
"""

import io
import json
import os
import pty
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from tracker.db import store, text, views
from tracker.db.errors import InvalidInput
from tracker.db.models import Period, Section
from tracker.db.schemas import PeriodCreate, WorkstreamCreate, WorkstreamUpdate, validated
from tracker.reports import build_report, write_report

from tests.conftest import run_cli

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069"
                 "\ufeff\ufffe\uffff]")
"""Characters that must never reach a reader raw (tab and newline aside)."""

OSC52 = "\x1b]52;c;aGVsbG8=\x1b\\"


def raw_in(shown: str) -> list[str]:
    return RAW.findall(shown)


@pytest.fixture
def db(seeded, seeded_db) -> str:
    seeded.close()
    return str(seeded_db)


def rename_period(session, old: str, new: str) -> None:
    """A label stored before labels were checked: written around validation, as old data was."""
    session.execute(update(Period).where(Period.label == old).values(label=new))
    session.commit()


# -- the pure functions ------------------------------------------------------------------------


def test_each_target_shows_what_would_act_or_hide():
    hostile = f"a{OSC52}\x1b[2J\x07 b\u202eevil\u200bz\ufffe\uffff\x9b"
    for shown in (text.terminal(hostile), text.word(hostile), text.html(hostile), text.markdown(hostile)):
        assert raw_in(shown) == []
        assert "⟨U+001B⟩" in shown and "52;c;aGVsbG8=" in shown and "⟨U+202E⟩evil⟨U+200B⟩z⟨U+FFFE⟩⟨U+FFFF⟩⟨U+009B⟩" in shown
    assert text.html("<b>&") == "&lt;b&gt;&amp;" and text.markdown("[x](y)") == "\\[x\\](y)"
    assert text.terminal("a\n\tb") == "a\n\tb" and text.terminal("a\n\tb", lines=False) == "a⟨U+000A⟩⟨U+0009⟩b"
    assert text.terminal("👮\u200d♀️ officer") == "👮\u200d♀️ officer"  # an emoji's joiner joins pictures


@pytest.mark.parametrize("ref", ["5.4.3 ", " 5.4.3", "5.4.3\u200b", "\u200b", "5.4\u202e.3", "5.4.3\x1b", "5.4.3\ufeff"])
def test_invisible_or_look_alike_refs_are_refused_naming_the_field(ref):
    with pytest.raises(InvalidInput) as refused:
        validated(WorkstreamCreate, {"ref": ref, "name": "N", "section": "5.1"}, where=f"workstream {ref!r}")
    assert refused.value.where.endswith(", ref")
    assert "look like" in refused.value.reason
    with pytest.raises(InvalidInput, match="label"):
        validated(PeriodCreate, {"label": ref, "start": "2024-01-01", "end": "2024-12-31"}, where="period")


def test_plain_refs_and_labels_still_pass():
    assert validated(WorkstreamCreate, {"ref": "5.4.3", "name": "N", "section": "5.1"}, where="w").ref == "5.4.3"
    assert validated(PeriodCreate, {"label": "Q2 2023/24", "start": "2024-01-01", "end": "2024-12-31"},
                     where="p").label == "Q2 2023/24"


def test_the_cli_refuses_a_look_alike_ref_on_import(db, tmp_path):
    source = tmp_path / "in.toml"
    source.write_text('[[workstream]]\nref = "5.4.3\u200b"\nname = "Twin"\nsection = "5.4"\n', encoding="utf-8")
    result = run_cli("import", str(source), "--db", db)
    assert result.returncode == 2 and "⟨U+200B⟩" in result.stderr and "ref" in result.stderr
    assert "\u200b" not in result.stderr and "Traceback" not in result.stderr


unicode_text = st.text(st.characters(codec="utf-8"), max_size=80)


@settings(max_examples=300, deadline=None)
@given(unicode_text)
def test_any_text_is_safe_for_every_target_and_comes_back(value):
    import lxml.etree

    for shown in (text.terminal(value), text.terminal_line(value), text.word(value), text.html(value),
                  text.markdown(value), text.terminal(value, lines=False)):
        assert raw_in(shown.replace("\t", "").replace("\n", "")) == []
    element = lxml.etree.Element("t")
    element.text = text.word(value)  # raises on anything XML 1.0 cannot hold
    if "⟨U+" not in value:
        assert text.restore(text.terminal(value)) == value
        assert text.restore(text.terminal(value, lines=False)) == value
    encoded = text.json_safe(json.dumps({"v": value}, ensure_ascii=False))
    assert raw_in(encoded) == [] and json.loads(encoded) == {"v": value}


# -- the CLI -----------------------------------------------------------------------------------


def test_rag_without_period_does_not_print_the_label_raw(db, seeded):
    rename_period(seeded, "2023", "2023\x07\x1b[2J")
    seeded.close()
    result = run_cli("rag", "5.1.1", "red", "--note", "x", "--db", db)
    assert result.returncode == 0, result.stderr
    assert raw_in(result.stdout) == [] and "2023⟨U+0007⟩⟨U+001B⟩[2J" in result.stdout


def test_table_titles_are_not_markup_and_pass_no_escape(db, seeded):
    label = "[bold]2023[/] \x1b]0;x\x07"
    rename_period(seeded, "2023", label)
    seeded.execute(update(Section).where(Section.code == "5.1").values(name="Sec \x1b[2J [/oops]"))
    seeded.commit()
    seeded.close()
    result = run_cli("list", "workstreams", "--period", label, "--db", db, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "[bold]2023[/] ⟨U+001B⟩]0;x⟨U+0007⟩" in result.stdout  # the title, shown as typed
    assert raw_in(result.stdout) == []
    check = run_cli("check", "--db", db, env={"COLUMNS": "200"})
    assert raw_in(check.stdout) == [] and "[bold]2023[/]" in check.stdout


def test_json_escapes_controls_and_still_decodes_exactly(db, seeded):
    name = "Mental\u202e Health\u009b\x1b[2J\u200b"
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name=name), actor="ann")
    seeded.close()
    result = run_cli("list", "workstreams", "--format", "json", "--db", db)
    assert raw_in(result.stdout) == [] and "\\u202e" in result.stdout and "\\u009b" in result.stdout
    assert next(r for r in json.loads(result.stdout) if r["ref"] == "5.4.3")["name"] == name


def test_csv_is_exact_to_a_pipe_and_visible_to_a_terminal(db, seeded):
    name = "Mental\u202e \x07Health\x1b[2J"
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name=name), actor="ann")
    seeded.close()
    piped = run_cli("list", "workstreams", "--format", "csv", "--db", db)
    assert name in piped.stdout  # a file or a pipe gets the exact text
    leader, follower = pty.openpty()
    try:
        process = subprocess.run([sys.executable, "-m", "tracker", "list", "workstreams", "--format", "csv",
                                  "--db", db], stdout=follower, stderr=subprocess.PIPE, timeout=120,
                                 env=os.environ.copy())
        os.close(follower)
        shown = b""
        while chunk := _read(leader):
            shown += chunk
    finally:
        os.close(leader)
    assert process.returncode == 0, process.stderr
    shown_text = shown.decode("utf-8")
    assert "Mental⟨U+202E⟩ ⟨U+0007⟩Health⟨U+001B⟩[2J" in shown_text
    assert raw_in(shown_text.replace("\r", "")) == []


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal closed
        return b""


def test_write_csv_to_a_terminal_stream_shows_markers():
    from tracker import output

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen, file = Terminal(), io.StringIO()
    items = [{"name": "a\x1b[2Jb"}]
    output.write_csv(items, ["name"], out=screen)
    output.write_csv(items, ["name"], out=file)
    assert "a⟨U+001B⟩[2Jb" in screen.getvalue() and "a\x1b[2Jb" in file.getvalue()


# -- the reports -------------------------------------------------------------------------------


def test_a_word_report_with_noncharacters_is_written_not_a_traceback(db, seeded, tmp_path):
    store.set_rating(session=seeded, ref="5.4.3", period="2023", rag="red", rationale="bad\uffff\ufffe end",
                     actor="ann")
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name="Mental\u202eHealth\u200b"),
                            actor="ann")
    seeded.close()
    path = tmp_path / "board.docx"
    result = run_cli("report", "-P", "collab", "--period", "2023", "-o", str(path), "--db", db)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    from docx import Document

    document = Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "bad⟨U+FFFF⟩⟨U+FFFE⟩ end" in body and "Mental⟨U+202E⟩Health⟨U+200B⟩" in body


report_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=40)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=report_text.filter(lambda t: t.strip()), rationale=report_text)
def test_any_text_through_the_views_and_reports_arrives_safe(seeded, tmp_path, name, rationale):
    """Arbitrary Unicode in a name and a rationale: every report format and the CLI table hold it
    made visible, and the Word file opens."""
    from docx import Document
    from rich.console import Console

    from tracker import output

    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name=name), actor="prop")
    store.set_rating(session=seeded, ref="5.4.3", period="2023", rag="red", rationale=rationale, actor="prop")
    report = build_report(seeded, period="2023", author="prop", portfolio="collab")
    for fmt in ("html", "md", "docx"):
        path = tmp_path / f"r.{fmt}"
        write_report(report, fmt, path)
        if fmt == "docx":
            written = "\n".join(p.text for p in Document(str(path)).paragraphs)
        else:
            written = path.read_text(encoding="utf-8")
        assert raw_in(written.replace("\r", "")) == [], fmt
        assert text.terminal_line(name) in written or fmt != "docx"
    rows = views.dashboard(seeded, "2023").rows
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None, force_terminal=False)
    items = output.records(rows, ["ref", "name", "lead"])
    import rich.console

    original = rich.console.Console
    rich.console.Console = lambda: console
    try:
        output.write_table(f"Dashboard {name}", items, ["ref", "name", "lead"])
    finally:
        rich.console.Console = original
    assert raw_in(buffer.getvalue()) == []


def test_export_escapes_controls_and_imports_back_exactly(db, seeded, tmp_path):
    name = "Mental\u202e\x1b[2J\u009b Health\ufffe\U000e0041"
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name=name), actor="ann")
    seeded.close()
    exported = run_cli("export", "--db", db)
    assert exported.returncode == 0 and raw_in(exported.stdout) == [] and "\\u202e" in exported.stdout
    import tomllib

    [row] = [w for w in tomllib.loads(exported.stdout)["workstream"] if w["ref"] == "5.4.3"]
    assert row["name"] == name
