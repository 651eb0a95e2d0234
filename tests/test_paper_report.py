"""`tracker report` printing the paper kept in tracker (issue 13): the front sheet as the paper's,
sections numbered as the papers number them, nil returns in the lead's words, Word a board
secretary would accept, hostile text printed as text, and the generic report where there is no
paper. Read back as a reader's tools read each format."""

import datetime as dt
import zipfile
from html.parser import HTMLParser

import pytest
from docx import Document as WordDocument
from markdown_it import MarkdownIt

from tests.conftest import without_seeded_paper
from tests.inprocess import run_cli
from tests.test_text_safety import OSC52, raw_in
from tracker.db import papers, store
from tracker.db.paper_schemas import FrontSheetUpdate, SectionInput, SectionUpdate
from tracker.db.papers import PaperKey
from tracker.db.schemas import PeriodCreate
from tracker.reports import build_document, write_report
from tracker.reports.document import Facts, Heading, Paragraph
from tracker.reports.model import NO_ACTIONS, NO_RISKS

COLLAB = PaperKey("collab", "2023")
FRONT = FrontSheetUpdate(
    title="Collaboration Report", programme="Performance and Resources Scrutiny Programme 2023",
    report_to="the Office of the Police, Fire and Crime Commissioner for Essex", marking="Official",
    agenda_item="6.0", chief_officer="ACO Fiona Henderson", written_on=dt.date(2023, 10, 23), version="1.0",
    report_from="Essex Police", meeting_date=dt.date(2023, 11, 27), authors="Anna Hook / Christine Nicholson",
    approved_on=dt.date(2023, 11, 1), cog="At COG on 1st November 2023.")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def seeded(seeded, backend):
    """The seeds without their 2023 collaboration paper and narratives: these tests make their own."""
    without_seeded_paper(seeded)
    return seeded


def new_paper(session, key=COLLAB, template="scrutiny", front=FRONT, **sections: str) -> None:
    papers.create_paper(session=session, actor="x", key=key, template=template, front=front)
    for name, text in sections.items():
        edit(session, name.replace("_", "-"), key=key, text=text)


def edit(session, section: str, key=COLLAB, **changes) -> None:
    papers.edit_section(session=session, actor="x", key=key, section=section, changes=SectionUpdate(**changes))


def document_of(session, portfolio="collab", period="2023", **options):
    return build_document(session, period=period, author="Someone Else", portfolio=portfolio,
                          today=dt.date(2024, 6, 1), **options)[0]


def headings(document) -> list[str]:
    return [b.shown for b in document.blocks if isinstance(b, Heading) and b.number]


def numbered(document) -> list[tuple[str, str]]:
    return [(b.number, b.text) for b in document.blocks if isinstance(b, Paragraph) and b.number]


# -- numbering ---------------------------------------------------------------------------------


def test_sections_are_numbered_without_gaps_level_two_under_their_level_one(seeded):
    new_paper(seeded)
    shown = headings(document_of(seeded))
    assert shown == ["1.0 Purpose of Report", "2.0 Recommendations", "3.0 Executive Summary",
                     "4.0 Introduction/Background", "5.0 Current Work and Performance", "6.0 Implications (Issues)",
                     "6.1 Links to Police and Crime Plan Priorities", "6.2 Demand", "6.3 Risks/Mitigation",
                     "6.4 Equality and/or Human Rights Implications", "6.5 Health and Safety Implications",
                     "7.0 Consultation/Engagement", "8.0 Actions for Improvement",
                     "9.0 Future Work/Development and Expected Outcome"]
    papers.remove_section(session=seeded, actor="x", key=COLLAB, section="background")
    after = headings(document_of(seeded))
    assert after[3] == "4.0 Current Work and Performance" and after[-1] == "8.0 Future Work/Development and Expected Outcome"


def test_a_numbered_sections_paragraphs_are_numbered_across_the_untitled_ones_after_it(seeded):
    new_paper(seeded, template="command", executive_summary="First.\n\n- a bullet\n\n## Not numbered\n\nSecond.")
    papers.add_section(session=seeded, actor="x", key=COLLAB, position=4,
                       section=SectionInput(key="more", text="Third, continuing.\n\nFourth."))
    edit(seeded, "background", text="Background one.", numbered=True)
    document = document_of(seeded)
    assert numbered(document)[:5] == [("3.1", "First."), ("3.2", "Second."), ("3.3", "Third, continuing."),
                                      ("3.4", "Fourth."), ("4.1", "Background one.")]
    assert "4.0 Introduction/Background" in headings(document)  # the untitled one took no number
    assert [b.text for b in document.blocks if isinstance(b, Heading) and not b.number][:1] == ["Not numbered"]


def test_an_unnumbered_sections_paragraphs_carry_no_number(seeded):
    new_paper(seeded, purpose="One.\n\nTwo.")
    assert numbered(document_of(seeded)) == []


# -- nil returns and data sections -------------------------------------------------------------


def test_nil_returns_are_tracker_words_unless_the_lead_gives_their_own(seeded):
    new_paper(seeded)
    texts = [b.text for b in document_of(seeded).blocks if isinstance(b, Paragraph)]
    assert NO_RISKS in texts and NO_ACTIONS in texts
    edit(seeded, "risks", kind="risks", level=2, title="Risks/Mitigation",
         nil_text="No collaboration related strategic risks at this time.")
    edit(seeded, "actions", kind="actions", title="Actions for Improvement",
         nil_text="No Areas for Improvement (AFIs) relating to collaborative activities currently.")
    texts = [b.text for b in document_of(seeded).blocks if isinstance(b, Paragraph)]
    assert "No collaboration related strategic risks at this time." in texts and NO_RISKS not in texts
    assert "No Areas for Improvement (AFIs) relating to collaborative activities currently." in texts
    assert NO_ACTIONS not in texts


def test_workstream_narrative_sits_under_the_rationale_and_the_dashboard_names_both_periods(seeded):
    new_paper(seeded)
    edit(seeded, "dashboard", kind="dashboard", title="", caption="Collaboration dashboard")
    papers.set_narrative(session=seeded, actor="x", period="2023", workstream="5.4.3", text="RCRP began.\n\n- Phase 1")
    papers.set_narrative(session=seeded, actor="x", period="2023", section="5.3", text="National intro.")
    document = document_of(seeded)
    [table] = [b for b in document.blocks if getattr(b, "caption", "")]
    assert table.caption == "Table 1 – Collaboration dashboard"
    assert table.headings == ("Ref", "Collaboration dashboard", "Current RAG 2023", "Previous RAG 2022",
                              "Trend 2022–2023", "Change since 2022")
    mental = next(r for r in table.rows if r.cells[0].text == "5.4.3")
    assert [c.text for c in mental.cells[2:]] == ["▲ Amber", "● Green", "● ▲", "Previously Green"]
    shown = [getattr(b, "shown", None) or getattr(b, "text", None) or getattr(b, "items", None)
             for b in document.blocks]
    at = shown.index("5.4.3 Mental Health")
    assert shown[at + 1] == "Overall RAG ▲ Amber · Previously Green"
    assert shown[at + 2].startswith("Moved from green to amber") and shown[at + 3] == "RCRP began."
    assert shown[at + 4] == ("Phase 1",)
    assert shown[shown.index("5.3 National") + 1] == "National intro."


def test_the_commands_risks_are_paragraphs_with_facts_grouped_by_child_portfolio(seeded):
    store.create_period(session=seeded, data=PeriodCreate(label="H1 2023/24", start=dt.date(2023, 4, 1),
                                                          end=dt.date(2023, 9, 30)), actor="x")
    key = PaperKey("opc", "H1 2023/24")
    papers.create_paper(session=seeded, actor="x", key=key, template="command",
                        front=FrontSheetUpdate(title="Operational Policing Command"))
    document = document_of(seeded, portfolio="opc", period="H1 2023/24")
    blocks = document.blocks
    start = next(n for n, b in enumerate(blocks) if isinstance(b, Heading) and b.shown == "9.0 Risks/Mitigation")
    end = next(n for n, b in enumerate(blocks) if n > start and isinstance(b, Heading) and b.number)
    risks = blocks[start + 1:end]
    groups = [b.text for b in risks if isinstance(b, Heading)]
    assert groups and len(groups) == len(set(groups))  # each child once, under its name
    assert all(not g.startswith("opc") for g in groups)
    numbers = [b.number for b in risks if isinstance(b, Paragraph)]
    assert numbers == [f"9.{n}" for n in range(1, len(numbers) + 1)]
    facts = [b for b in risks if isinstance(b, Facts)]
    assert len(facts) == len(numbers) and all(f.parts[0].startswith("Risk ") for f in facts)


# -- the front sheet, and the paper's author and date ------------------------------------------


def test_the_front_sheet_is_the_papers_with_its_labels_author_and_date(seeded, seeded_db, tmp_path):
    new_paper(seeded)
    path = tmp_path / "paper.docx"
    result = run_cli("report", "-P", "collab", "--period", "2023", "-o", str(path), "--db", seeded_db,
                     "--user", "Zed Nobody")
    assert result.returncode == 0, result.stderr
    assert "generic" not in result.stderr
    word = WordDocument(str(path))
    assert word.paragraphs[0].text == "Performance and Resources Scrutiny Programme 2023"
    assert word.paragraphs[1].text == "Report to: the Office of the Police, Fire and Crime Commissioner for Essex"
    rows = [(r.cells[0].text, r.cells[1].text) for r in word.tables[0].rows]
    assert rows == [("Title of Report", "Collaboration Report"), ("Classification of Paper", "Official"),
                    ("Agenda Number", "6.0"), ("Chief Officer", "ACO Fiona Henderson"),
                    ("Date Paper was Written", "23 October 2023"), ("Version Number", "1.0"),
                    ("Report from", "Essex Police"), ("Date of Meeting", "27 November 2023"),
                    ("Author on behalf of Chief Officer", "Anna Hook / Christine Nicholson"),
                    ("Date of Approval by Chief Officer", "1 November 2023"),
                    ("COG meeting date / date of approval", "At COG on 1st November 2023.")]
    body = "\n".join(p.text for p in word.paragraphs)
    assert "Zed Nobody" not in body and "Zed Nobody" not in str(rows)
    assert "No paper is kept" not in body
    assert word.paragraphs[-1].text.startswith("History head ")  # still printed, at the end


def test_kind_chooses_among_the_periods_papers(seeded, seeded_db, tmp_path):
    new_paper(seeded)
    new_paper(seeded, key=PaperKey("collab", "2023", "annual report"), front=FrontSheetUpdate(title="Annual one"))
    path = tmp_path / "p.md"
    result = run_cli("report", "-P", "collab", "--period", "2023", "-o", str(path), "--db", seeded_db)
    assert result.returncode == 2 and "say which with --kind" in result.stderr and "'annual report'" in result.stderr
    assert not path.exists() and "Traceback" not in result.stderr
    result = run_cli("report", "-P", "collab", "--period", "2023", "--kind", "annual report", "-o", str(path),
                     "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    assert "Annual one" in path.read_text(encoding="utf-8")
    result = run_cli("report", "-P", "collab", "--period", "2023", "--kind", "nope", "-o", str(path), "--db", seeded_db)
    assert result.returncode == 2 and "no 'nope' paper of collab for 2023" in result.stderr


# -- the generic report where there is no paper ------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_without_a_paper_the_generic_report_says_so(seeded, seeded_db, tmp_path, fmt):
    path = tmp_path / f"r.{fmt}"
    result = run_cli("report", "-P", "collab", "--period", "2023", "-o", str(path), "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    notice = "No paper is kept in tracker for collab 2023; this is tracker's generic report"
    assert notice in result.stderr
    assert notice in visible_text(path).replace("\\", "")
    new_paper(seeded)
    result = run_cli("report", "-P", "collab", "--period", "2023", "-o", str(path), "--db", seeded_db)
    assert notice not in result.stderr and notice not in visible_text(path).replace("\\", "")


# -- Word a board secretary would accept -------------------------------------------------------


def test_word_has_the_marking_and_page_numbers_on_every_page_and_keeps_rows_and_headings(seeded, tmp_path):
    new_paper(seeded, purpose="One.")
    path = tmp_path / "p.docx"
    write_report(document_of(seeded), "docx", path)
    word = WordDocument(str(path))
    section = word.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL"
    footer = section.footer._element
    fields = [f.get(f"{W}instr") for f in footer.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "OFFICIAL" in "".join(t.text for t in footer.iter(f"{W}t")) and "Page " in footer.xml
    body = word.element.body
    for p in word.paragraphs:
        if p.style.style_id.startswith("Heading") or p.style.style_id == "Caption":
            assert p._p.pPr.find(f"{W}keepNext") is not None, p.text
    assert word.styles.element.get_by_id("Heading1").pPr.find(f"{W}keepNext") is not None
    rows = list(body.iter(f"{W}tr"))
    assert rows and all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    dashboard = next(t for t in word.tables if t.rows[0].cells[0].text == "Ref")
    assert dashboard._tbl.tr_lst[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert [c.text for c in dashboard.rows[0].cells][2:4] == ["Current RAG 2023", "Previous RAG 2022"]
    with zipfile.ZipFile(path) as package:
        assert "word/header1.xml" in package.namelist() or any("header" in n for n in package.namelist())


# -- hostile text ------------------------------------------------------------------------------

HOSTILE = f"<script>alert(1)</script> <b>**bold**</b> [x](javascript:y) &amp; \x1b[31m{OSC52} \u202eevil\u2066 \x07|"
SHORT = "<b>x</b>\x1b[2J\u202e&"
"""Short enough for the front sheet's label fields (marking, agenda item, version: 40 characters)."""
SHOWN_SHORT = "<b>x</b>⟨U+001B⟩[2J⟨U+202E⟩&"
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "h5", "h6", "p", "table",
                "thead", "tbody", "tr", "th", "td", "strong", "em", "span", "ul", "ol", "li", "br"}


class Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def visible_text(path) -> str:
    """What a reader sees: Word's paragraphs, cells, header and footer; the page's text; the
    Markdown as a Markdown reader renders it."""
    if path.suffix == ".docx":
        word = WordDocument(str(path))
        parts = [p.text for p in word.paragraphs] + [c.text for t in word.tables for r in t.rows for c in r.cells]
        parts += [p.text for p in word.sections[0].header.paragraphs]
        return "\n".join(parts)
    source = path.read_text(encoding="utf-8")
    reader = Reader()
    reader.feed(source if path.suffix == ".html" else MarkdownIt("commonmark").enable("table").render(source))
    assert reader.tags <= ALLOWED_TAGS, reader.tags - ALLOWED_TAGS  # no tag from the text
    return "".join(reader.text)


def hostile_paper(session) -> None:
    front = FrontSheetUpdate(**{name: SHORT for name in ("marking", "agenda_item", "version")},
                             **{name: HOSTILE for name in ("title", "programme", "report_to", "meeting",
                                                           "chief_officer", "report_from", "authors", "cog")})
    new_paper(session, front=front, purpose=HOSTILE + "\n\n- " + HOSTILE + "\n\n## " + HOSTILE + "\n\n| " + HOSTILE)
    edit(session, "dashboard", kind="dashboard", title="", caption=HOSTILE[:150], text=HOSTILE)
    edit(session, "risks", kind="risks", level=2, title=HOSTILE[:150], nil_text=HOSTILE)
    edit(session, "future-work", title="Future work", text=HOSTILE, numbered=True)
    papers.set_narrative(session=session, actor="x", period="2023", workstream="5.4.3", text=HOSTILE)
    papers.set_narrative(session=session, actor="x", period="2023", section="5.3", text=HOSTILE)


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_hostile_text_in_every_paper_field_prints_as_text(seeded, tmp_path, fmt):
    from tracker.db import text

    hostile_paper(seeded)
    path = tmp_path / f"p.{fmt}"
    write_report(document_of(seeded), fmt, path)
    shown = visible_text(path)
    assert raw_in(shown.replace("\r", "")) == []
    expected = text.terminal_line(HOSTILE)
    assert expected.startswith("<script>alert(1)</script> <b>**bold**</b> [x](javascript:y) &amp; ⟨U+001B⟩[31m")
    assert shown.count(expected) >= 8  # purpose, its bullet, sub-heading and cell, lead-in, nil, narratives...
    assert shown.count(text.terminal_line(HOSTILE[:150])) >= 10  # the captions and title too, front sheet fields
    assert SHOWN_SHORT in shown
    if fmt == "html":
        source = path.read_text(encoding="utf-8")
        assert "<script>" not in source and "<b>" not in source and "\x1b" not in source


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_no_editorial_note_from_the_seed_files_reaches_the_body(seeded, tmp_path, fmt):
    """The seed files' comments say where each figure came from; a paper prints none of them."""
    from pathlib import Path

    import tracker.seeds

    notes = [line.lstrip("#").strip() for seed in Path(tracker.seeds.__file__).parent.glob("*.toml")
             for line in seed.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    notes = [note for note in notes if len(note) > 30]
    assert len(notes) > 20
    new_paper(seeded)
    path = tmp_path / f"p.{fmt}"
    write_report(document_of(seeded), fmt, path)
    shown = visible_text(path).replace("\\", "")
    assert [note for note in notes if note in shown] == []
    assert "our own words" not in shown
