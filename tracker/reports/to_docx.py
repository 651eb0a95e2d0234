"""The report as a Word document, made with python-docx."""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tracker.db.words import word
from tracker.db.enums import Rag
from tracker.reports.model import (
    COMMITMENT_HEADINGS,
    MEASURE_HEADINGS,
    NO_ACTIONS,
    NO_RISKS,
    Report,
    commitment_cells,
    measure_cells,
)
from tracker.reports.style import RAG_FILL, SECTION_FILL, cell_text, plain, rag_word

HEADER_FILL = "D9E2F3"


def write_docx(report: Report, path: Path) -> None:
    document = Document()
    _base_style(document)
    _styled(document, plain(report.title), "Title")
    _title_block(document, report)
    _styled(document, "1 Executive summary", "Heading1")
    for sentence in report.summary:
        document.add_paragraph(plain(sentence))
    _styled(document, "2 Dashboard", "Heading1")
    _styled(document, f"Table 1 – Dashboard, {plain(report.period.label)}", "Caption")
    _dashboard_table(document, report)
    _styled(document, "3 Workstreams", "Heading1")
    _workstream_sections(document, report)
    _styled(document, "4 Risks", "Heading1")
    _risks(document, report)
    _styled(document, "5 Actions for improvement", "Heading1")
    _actions(document, report)
    _plan(document, report)
    _measures(document, report)
    document.save(str(path))


def _styled(document, text: str, style_id: str):
    """A paragraph in a built-in style, set by its id: python-docx's lookup by name scans
    every style on each call, which dominates a long report. Text is made safe here too."""
    paragraph = document.add_paragraph(plain(text))
    paragraph._p.style = style_id
    return paragraph


def _base_style(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)


def shade(cell, fill: str) -> None:
    """Real cell shading (w:shd), which Word and LibreOffice print."""
    properties = cell._tc.get_or_add_tcPr()
    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _write(cell, text: str, *, bold: bool = False) -> None:
    """Put `text` in a cell that is still empty, made safe for Word (a period label in a heading)."""
    run = cell.paragraphs[0].add_run(plain(text))
    if bold:
        run.bold = True


def _grid(document, rows: int, widths: list[float]):
    """A bordered table whose column widths hold in Word and in LibreOffice (which reads the grid)."""
    table = document.add_table(rows=rows, cols=len(widths))
    table._tbl.tblPr.style = "TableGrid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    return table


def _table(document, headings: list[str], widths: list[float]):
    table = _grid(document, 1, widths)
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page
    for cell, heading, width in zip(header.cells, headings, widths, strict=True):
        _write(cell, heading, bold=True)
        shade(cell, HEADER_FILL)
        cell.width = Cm(width)
    return table


def _row(table, values: list[str]):
    """A new row; its cells take their widths from the table's grid."""
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=True):
        _write(cell, value)
    return cells


def _title_block(document, report: Report) -> None:
    table = _grid(document, 0, [4.5, 12.5])
    for label, value in (("Title of report", report.title), *report.facts):
        cells = table.add_row().cells
        _write(cells[0], label, bold=True)
        shade(cells[0], HEADER_FILL)
        _write(cells[1], plain(value))


DASHBOARD_WIDTHS = [1.7, 8.9, 3.2, 3.2]


def _dashboard_table(document, report: Report) -> None:
    table = _table(document, ["Ref", "Workstream", f"RAG {report.period.label}", f"RAG {report.previous_label}"],
                   DASHBOARD_WIDTHS)
    for block in report.sections:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _write(merged, plain(f"{block.code} {block.name}"), bold=True)
        shade(merged, SECTION_FILL)
        for row in block.rows:
            cells = _row(table, [plain(row.ref), plain(row.name), "", ""])
            _rag_cell(cells[2], row.rag, row.period)
            _rag_cell(cells[3], row.previous_rag, row.previous_period)


def _shade_run(run, fill: str) -> None:
    """Shade the text of one run, as a highlighted RAG label."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    run._r.get_or_add_rPr().append(shading)


def _rag_cell(cell, rag: Rag | None, period: str | None = None) -> None:
    _write(cell, rag_word(rag, period), bold=rag is not None)
    if rag is not None:
        shade(cell, RAG_FILL[rag])


def _workstream_sections(document, report: Report) -> None:
    for row in report.workstreams:
        _styled(document, plain(f"{row.ref} {row.name}"), "Heading2")
        status = document.add_paragraph()
        rating = status.add_run(f" Overall RAG {rag_word(row.rag)} ")
        rating.bold = True
        _shade_run(rating, RAG_FILL[row.rag])
        status.add_run(f"   {plain(row.change or '')}")
        document.add_paragraph(f"Lead: {plain(row.lead or 'not named')}")
        for paragraph in cell_text(row.rationale or "No rationale recorded.").split("\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph)


RISK_WIDTHS = [1.6, 7.4, 3.2, 1.6, 1.6, 1.6]


def _risks(document, report: Report) -> None:
    if not report.risks:
        document.add_paragraph(NO_RISKS)
        return
    table = _table(document, ["Ref", "Risk", "Owner", "Score", "Target", "Actions"], RISK_WIDTHS)
    for risk in report.risks:
        _row(table, [plain(risk.ref), plain(risk.title), plain(risk.owner or ""), _num(risk.score),
                     _num(risk.target_score), str(risk.actions)])


ACTION_WIDTHS = [1.6, 6.6, 3.0, 2.6, 3.2]


def _actions(document, report: Report) -> None:
    if not report.actions:
        document.add_paragraph(NO_ACTIONS)
        return
    document.add_paragraph(report.overdue_line)
    table = _table(document, ["Ref", "Action", "Owner", "Due", "Status"], ACTION_WIDTHS)
    for action in report.actions:
        status = word(action.status)
        if action.ref in report.overdue:
            status += " – OVERDUE"
        cells = _row(table, [plain(action.ref), plain(action.title), plain(action.owner or ""),
                             str(action.due_date or ""), status])
        if action.ref in report.overdue:
            shade(cells[4], RAG_FILL[Rag.RED])


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


COMMITMENT_WIDTHS = [5.0, 8.6, 3.4]
MEASURE_WIDTHS = [6.2, 2.4, 2.4, 2.8, 3.2]


def _plan(document, report: Report) -> None:
    """Each priority: its objective, then We will | Commentary | Who, as the quarterly update prints it."""
    if not report.plan:
        return
    _styled(document, plain(f"6 Plan commitments: update for {report.plan_period}"), "Heading1")
    for block in report.plan:
        _styled(document, plain(f"Priority {block.number} – {block.title}"), "Heading2")
        if block.objective:
            document.add_paragraph(plain(block.objective))
        table = _table(document, COMMITMENT_HEADINGS, COMMITMENT_WIDTHS)
        for row in block.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, commitment_cells(row), strict=True):
                for n, paragraph in enumerate(cell_text(text).split("\n")):
                    target = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                    target.add_run(paragraph)
            if not row.updated:
                shade(cells[1], RAG_FILL[Rag.NOT_GRADED])


def _measures(document, report: Report) -> None:
    """Each area: Measure | Last year | This year | Difference | Better/worse, then its footnotes."""
    if not report.measures:
        return
    _styled(document, "7 Performance measures", "Heading1")
    for block in report.measures:
        _styled(document, plain(block.area), "Heading2")
        table = _table(document, MEASURE_HEADINGS, MEASURE_WIDTHS)
        for row in block.rows:
            _row(table, [plain(cell) for cell in measure_cells(row)])
        for note in block.footnotes:
            document.add_paragraph(plain(note)).runs[0].italic = True
