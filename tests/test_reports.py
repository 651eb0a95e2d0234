"""Board reports, read back as a reader's tools read them, on the seeds."""

import datetime as dt
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn
from markdown_it import MarkdownIt
from tracker.db import store
from tracker.db.schemas import ActionCreate, PeriodCreate, WorkstreamUpdate

from tests.inprocess import run_cli
from tracker.reports import build_report, write_report
from tracker.reports.model import NO_ACTIONS, NO_RISKS
from tracker.reports.style import RAG_FILL

DASHBOARD_2023 = [
    ("5.1 Essex/Kent", None, None),
    ("5.1.1", "green", "green"), ("5.1.2", "green", "green"),
    ("5.2 Regional", None, None), ("5.2.1", "green", "not_graded"),
    ("5.3 National", None, None), ("5.3.1", "green", "green"),
    ("5.4 Local collaborations", None, None),
    ("5.4.1", "amber", "amber"), ("5.4.2", "amber", "amber"), ("5.4.3", "amber", "green"),
    ("5.5 External and innovative partnerships", None, None),
    ("5.5.1", "green", "green"), ("5.5.2", "green", "green"), ("5.5.3", "green", "green"),
]
FILL_TO_RAG = {fill: rag.value for rag, fill in RAG_FILL.items()}


@pytest.fixture
def report(seeded):
    return build_report(seeded, period="2023", author="Anna Hook", today=dt.date(2024, 6, 1), portfolio="collab")


@pytest.fixture
def plan_report(seeded):
    """The plan's quarterly paper and force performance's annual one: a board paper is of one portfolio."""
    return (build_report(seeded, period="Q2 2023/24", author="Anna Hook", portfolio="plan"),
            build_report(seeded, period="Year to Sep 2016", author="Anna Hook", portfolio="perf"))


def test_summary_sentences_match_the_paper(report):
    assert report.summary[0] == "10 workstreams are reported for 2023."
    assert report.summary[1] == "Of these, 7 are rated green and 3 amber."
    assert "Mental Health moved from Green to Amber." in report.summary
    dropped = report.summary[-1]
    assert dropped.startswith("3 workstreams reported in 2022 are no longer reported:")
    assert "(NAS) (completed)" in dropped and "(SOH) (completed)" in dropped and "Durham University (paused)" in dropped


def fill_of(cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shading is None else shading.get(qn("w:fill"))


def test_word_report_reads_back(report, tmp_path):
    path = tmp_path / "r.docx"
    write_report(report, "docx", path)
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[:3] == ["Performance and scrutiny report", "1 Executive summary", "2 Dashboard"]
    assert {"3 Workstreams", "5.4.3 Mental Health", "4 Risks", "5 Actions for improvement"} <= set(headings)
    texts = [p.text for p in document.paragraphs]
    assert "10 workstreams are reported for 2023." in texts
    assert "Mental Health moved from Green to Amber." in texts

    title_block, dashboard = document.tables[0], document.tables[1]
    assert [row.cells[1].text for row in title_block.rows][:5] == [
        "Performance and scrutiny report", "Collaboration (collab)", "2023", "1 June 2024", "Anna Hook"]
    assert [c.text for c in dashboard.rows[0].cells] == ["Ref", "Workstream", "RAG 2023", "RAG 2022", "Trend 2022–2023"]
    seen = []
    for row in dashboard.rows[1:]:
        cells = row.cells
        if cells[0].text == cells[-1].text:  # a merged section row
            seen.append((cells[0].text, None, None))
        else:
            seen.append((cells[0].text, FILL_TO_RAG[fill_of(cells[2])], FILL_TO_RAG[fill_of(cells[3])]))
            assert cells[2].text.endswith(report.workstreams[[w.ref for w in report.workstreams].index(cells[0].text)].rag.label)
    assert seen == DASHBOARD_2023


def late_actions(session) -> None:
    """Two of the command's actions past their due dates by the report's date (the paper dates none)."""
    for ref, due in (("13.7", dt.date(2024, 1, 31)), ("13.8", dt.date(2024, 3, 31))):
        store.create_action(session=session, data=ActionCreate(ref=ref, portfolio="opc", title=f"Late {ref}",
                                                               due_date=due), actor="seed")


def test_word_report_marks_overdue_actions_and_lists_risks(seeded, tmp_path):
    late_actions(seeded)  # the command reports by half year: its paper is for a half
    store.create_period(session=seeded, data=PeriodCreate(label="H1 2023/24", start=dt.date(2023, 4, 1),
                                                          end=dt.date(2023, 9, 30)), actor="x")
    report = build_report(seeded, period="H1 2023/24", author="Anna Hook", today=dt.date(2024, 6, 1),
                          portfolio="opc")
    path = tmp_path / "r.docx"
    write_report(report, "docx", path)
    tables = {tuple(c.text for c in t.rows[0].cells)[:2]: t for t in Document(str(path)).tables}
    risks, actions = tables[("Ref", "Risk")], tables[("Ref", "Action")]
    assert [c.text for c in risks.rows[0].cells] == ["Ref", "Risk", "Owner", "Score", "Target", "Actions"]
    assert [risks.rows[1].cells[i].text for i in (0, 3, 5)] == ["9.2", "60", "2"]
    overdue = {row.cells[0].text: row.cells[4].text for row in actions.rows[1:] if "OVERDUE" in row.cells[4].text}
    assert set(overdue) == {"13.7", "13.8"}


class TableRows(HTMLParser):
    """Rows of the first table after a given caption, as lists of (text, class)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, str]]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ["", dict(attrs).get("class", "")]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(tuple(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data


def test_html_report_is_well_formed_and_holds_the_table(report, tmp_path):
    path = tmp_path / "r.html"
    write_report(report, "html", path)
    text = path.read_text(encoding="utf-8")
    ET.fromstring(text.removeprefix("<!DOCTYPE html>"))  # strict XML parse: every tag closed, entities valid
    parser = TableRows()
    parser.feed(text)
    dashboard = parser.tables[1]
    assert [cell[0] for cell in dashboard[0]] == ["Ref", "Workstream", "RAG 2023", "RAG 2022", "Trend 2022–2023"]
    rows = []
    for row in dashboard[1:]:
        if len(row) == 1:
            rows.append((row[0][0], None, None))
        else:
            rows.append((row[0][0], row[2][1].split("rag-")[1], row[3][1].split("rag-")[1]))
    assert rows == DASHBOARD_2023
    assert "background: #FFC000" in text


def test_markdown_report_renders_a_table(report, tmp_path):
    path = tmp_path / "r.md"
    write_report(report, "md", path)
    html = MarkdownIt("commonmark").enable("table").render(path.read_text(encoding="utf-8"))
    parser = TableRows()
    parser.feed(html)
    dashboard = parser.tables[0]
    assert [c[0] for c in dashboard[0]] == ["Ref", "Workstream", "RAG 2023", "RAG 2022", "Trend 2022–2023"]
    refs = [row[0][0].strip("*") for row in dashboard[1:]]
    assert refs == [ref.split()[0] for ref, _, _ in DASHBOARD_2023]
    assert [c[0] for c in dashboard[1 + refs.index("5.4.3")]] == ["5.4.3", "Mental Health", "▲ Amber", "● Green", "● ▲"]


def test_scope_limits_workstreams_risks_and_actions(seeded):
    report = build_report(seeded, period="2023", author="x", sections=["5.4"], refs=["5.1.1"], portfolio="collab")
    assert [w.ref for w in report.workstreams] == ["5.1.1", "5.4.1", "5.4.2", "5.4.3"]
    assert report.scope == "Limited to section 5.4 and workstream 5.1.1"
    assert report.summary[0] == "4 workstreams are reported for 2023."
    assert report.risks == [] and report.actions == []


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_none_statements_when_there_are_no_risks_or_actions(seeded, tmp_path, fmt):
    report = build_report(seeded, period="2023", author="x", sections=["5.4"], portfolio="collab")
    path = tmp_path / f"r.{fmt}"
    write_report(report, fmt, path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs) if fmt == "docx" else path.read_text()
    assert NO_RISKS in text and NO_ACTIONS in text


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_hostile_text_is_printed_as_text(seeded, tmp_path, fmt):
    name = "<b>Bold</b> [link](http://x) & \x1b[31m *star* | pipe"
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(name=name), actor="x")
    report = build_report(seeded, period="2023", author="x", portfolio="collab")
    path = tmp_path / f"r.{fmt}"
    write_report(report, fmt, path)
    if fmt == "docx":
        rows = Document(str(path)).tables[1].rows
        shown = next(r.cells[1].text for r in rows if r.cells[0].text == "5.4.3")
    elif fmt == "html":
        parser = TableRows()
        parser.feed(path.read_text())
        shown = next(r[1][0] for r in parser.tables[1] if r[0][0] == "5.4.3")
    else:
        parser = TableRows()
        parser.feed(MarkdownIt("commonmark").enable("table").render(path.read_text()))
        shown = next(r[1][0] for r in parser.tables[0] if r[0][0] == "5.4.3")
    assert shown == "<b>Bold</b> [link](http://x) & ⟨U+001B⟩[31m *star* | pipe"


def test_report_cli_writes_each_format(seeded_db, tmp_path):
    for fmt in ("docx", "html", "md"):
        out = tmp_path / f"board.{fmt}"
        result = run_cli("report", "-P", "collab", "--period", "2023", "-o", str(out), "--db", str(seeded_db))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 1000
    result = run_cli("report", "-P", "collab", "--period", "2023", "--section", "9.9", "-o", str(tmp_path / "x.md"), "--db", str(seeded_db))
    assert result.returncode == 2 and "no section '9.9'" in result.stderr


def test_check_exit_status(seeded, seeded_db):
    late_actions(seeded)
    result = run_cli("check", "--period", "2023", "--format", "json", "--db", str(seeded_db))
    assert result.returncode == 1
    kinds = {(f["kind"], f["ref"]) for f in json.loads(result.stdout)}
    assert {("overdue_action", "13.7"), ("overdue_action", "13.8"), ("period_open", "2023")} <= kinds
    store.create_period(session=seeded, data=PeriodCreate(label="2027", start=dt.date(2027, 1, 1), end=dt.date(2027, 12, 31)), actor="x")
    findings = json.loads(run_cli("check", "--period", "2027", "--format", "json", "--db", str(seeded_db)).stdout)
    unassessed = {f["ref"] for f in findings if f["kind"] == "unassessed"}
    assert unassessed == {"5.1.1", "5.1.2", "5.2.1", "5.3.1", "5.4.1", "5.4.2", "5.4.3", "5.5.1", "5.5.2", "5.5.3"}


def test_check_is_clean_exit_0(tmp_path):
    db = str(tmp_path / "clean.db")
    assert run_cli("period", "add", "2099", "--start", "2099-01-01", "--end", "2099-12-31", "--db", db).returncode == 0
    result = run_cli("check", "--db", db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ready for the board" in result.stdout


def test_the_plan_and_the_measures_have_their_own_sections(plan_report, tmp_path):
    path, measures_path = tmp_path / "r.docx", tmp_path / "m.docx"
    write_report(plan_report[0], "docx", path)
    write_report(plan_report[1], "docx", measures_path)
    document, measures = Document(str(path)), Document(str(measures_path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "6 Plan commitments: update for Q2 2023/24" in headings
    assert "Priority 7 – Preventing dog theft" in headings and "7 Performance measures" not in headings
    measure_headings = [p.text for p in measures.paragraphs if p.style.name.startswith("Heading")]
    assert "6 Performance measures" in measure_headings and "Reducing domestic abuse" in measure_headings  # no gaps: no plan here
    commitment_tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == ["We will", "Commentary", "Who"]]
    assert len(commitment_tables) == 12  # one per priority, as the quarterly update lays them out
    business = commitment_tables[7]  # 8.1, 8.2, 8.3 and its five parts, 8.4
    assert business.rows[3].cells[1].text == "Reported under each part below."
    assert business.rows[4].cells[0].text.startswith("– Work closely with businesses")
    assert business.rows[5].cells[1].text == "No update this quarter."  # paper 001 prints none for 8.3.2
    measure_tables = [t for t in measures.tables if t.rows[0].cells[0].text == "Measure"]
    solved = next(r for t in measure_tables for r in t.rows if r.cells[0].text == "Domestic abuse solved rate")
    # Domestic abuse's table mixes periods (a single month, March against March): headed by the
    # periods most of its rows compare, the others named beside their figures, as the paper does
    assert [c.text for c in solved.cells] == ["Domestic abuse solved rate", "34.6%", "29.3%", "-5.3 pp", "—", "▼ Worse"]
    assert [c.text for c in measure_tables[0].rows[0].cells][1:3] == ["Last year (Year to Sep 2015)",
                                                                       "This year (Year to Sep 2016)"]
    repeat = next(r for t in measure_tables for r in t.rows if r.cells[0].text == "Repeat offenders of domestic abuse")
    assert [c.text for c in repeat.cells][1:3] == ["39 (Mar 2014)", "34 (Mar 2015)"]
    road_safety = next(t for t in measure_tables if any(r.cells[0].text == "KSI: fatalities" for r in t.rows))
    assert [c.text for c in road_safety.rows[0].cells] == [  # every row the same two
        "Measure", "Last year (Year to Sep 2015)", "This year (Year to Sep 2016)", "Difference", "Target", "Better/worse"]
    assert any("backlog" in p.text for p in measures.paragraphs)  # footnotes follow their table


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_plan_and_measures_in_markdown_and_html(plan_report, tmp_path, fmt):
    text = ""
    for n, report in enumerate(plan_report):
        path = tmp_path / f"r{n}.{fmt}"
        write_report(report, fmt, path)
        text += path.read_text(encoding="utf-8")
    assert "Plan commitments: update for Q2 2023/24" in text and "Performance measures" in text
    assert "32,538" in text and "-5.3 pp" in text and "No update this quarter." in text


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_hostile_commitment_text_and_commentary_are_printed_as_text(seeded, tmp_path, fmt):
    from tracker.db import plan
    from tracker.db.schemas import CommentaryInput, CommitmentUpdate

    text = "<b>Bold</b> [link](http://x) & \x1b[31m *star* | pipe"
    plan.update_commitment(session=seeded, ref="7.4", changes=CommitmentUpdate(text=text), actor="x")
    plan.write_commentary(session=seeded, ref="7.4", actor="x", data=CommentaryInput(
        period="Q2 2023/24", team="Local Policing Support Unit (LPSU) - Citizens in Policing", text=text))
    path = tmp_path / f"r.{fmt}"
    write_report(build_report(seeded, period="Q2 2023/24", author="x", portfolio="plan"), fmt, path)
    expected = "<b>Bold</b> [link](http://x) & ⟨U+001B⟩[31m *star* | pipe"
    if fmt == "docx":
        cells = [[c.text for c in r.cells] for t in Document(str(path)).tables for r in t.rows]
    else:
        parser = TableRows()
        source = path.read_text()
        parser.feed(source if fmt == "html" else MarkdownIt("commonmark").enable("table").render(source))
        cells = [[c[0] for c in r] for t in parser.tables for r in t]
    row = next(r for r in cells if r[0] == expected)
    assert row[1].endswith(expected)  # "Team: text", the same text, as text
