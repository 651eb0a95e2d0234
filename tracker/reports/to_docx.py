"""The report as a Word document, made with python-docx."""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tracker.db.enums import Rag
from tracker.reports.model import NO_ACTIONS, NO_RISKS, Report
from tracker.reports.style import RAG_FILL, SECTION_FILL, cell_text, long_date, plain, rag_word

HEADER_FILL = "D9E2F3"


def write_docx(report: Report, path: Path) -> None:
    document = Document()
    _base_style(document)
    document.add_heading(plain(report.title), level=0)
    _title_block(document, report)
    document.add_heading("1 Executive summary", level=1)
    for sentence in report.summary:
        document.add_paragraph(plain(sentence))
    document.add_heading("2 Dashboard", level=1)
    document.add_paragraph(f"Table 1 – Dashboard, {plain(report.period.label)}", style="Caption")
    _dashboard_table(document, report)
    document.add_heading("3 Workstreams", level=1)
    _workstream_sections(document, report)
    document.add_heading("4 Risks", level=1)
    _risks(document, report)
    document.add_heading("5 Actions for improvement", level=1)
    _actions(document, report)
    document.save(str(path))


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
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    run.font.color.rgb = RGBColor(0, 0, 0)


def _grid(document, rows: int, widths: list[float]):
    """A bordered table whose column widths hold in Word and in LibreOffice (which reads the grid)."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
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


def _row(table, values: list[str], widths: list[float]):
    cells = table.add_row().cells
    for cell, value, width in zip(cells, values, widths, strict=True):
        _write(cell, value)
        cell.width = Cm(width)
    return cells


def _title_block(document, report: Report) -> None:
    table = _grid(document, 0, [4.5, 12.5])
    for label, value in (
        ("Title of report", report.title), ("Period", report.period.label),
        ("Date written", long_date(report.written)), ("Author", report.author), ("Scope", report.scope),
    ):
        cells = table.add_row().cells
        _write(cells[0], label, bold=True)
        shade(cells[0], HEADER_FILL)
        _write(cells[1], plain(value))
        cells[0].width, cells[1].width = Cm(4.5), Cm(12.5)


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
            cells = _row(table, [plain(row.ref), plain(row.name), "", ""], DASHBOARD_WIDTHS)
            _rag_cell(cells[2], row.rag)
            _rag_cell(cells[3], row.previous_rag)


def _rag_cell(cell, rag: Rag | None) -> None:
    _write(cell, rag_word(rag), bold=rag is not None)
    if rag is not None:
        shade(cell, RAG_FILL[rag])


def _workstream_sections(document, report: Report) -> None:
    for row in report.workstreams:
        document.add_heading(plain(f"{row.ref} {row.name}"), level=2)
        cells = _grid(document, 1, [6, 6]).rows[0].cells
        _rag_cell(cells[0], row.rag)
        cells[0].text = ""
        run = cells[0].paragraphs[0].add_run(f"Overall RAG {rag_word(row.rag)}")
        run.bold = True
        _write(cells[1], plain(row.change or ""))
        cells[0].width, cells[1].width = Cm(6), Cm(6)
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
                     _num(risk.target_score), str(risk.actions)], RISK_WIDTHS)


ACTION_WIDTHS = [1.6, 6.6, 3.0, 2.6, 3.2]


def _actions(document, report: Report) -> None:
    if not report.actions:
        document.add_paragraph(NO_ACTIONS)
        return
    table = _table(document, ["Ref", "Action", "Owner", "Due", "Status"], ACTION_WIDTHS)
    for action in report.actions:
        status = action.status.replace("_", " ")
        if action.ref in report.overdue:
            status += " – OVERDUE"
        cells = _row(table, [plain(action.ref), plain(action.title), plain(action.owner or ""),
                             str(action.due_date or ""), status], ACTION_WIDTHS)
        if action.ref in report.overdue:
            shade(cells[4], RAG_FILL[Rag.RED])


def _num(value: int | None) -> str:
    return "" if value is None else str(value)
