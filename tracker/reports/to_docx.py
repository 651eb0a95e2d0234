"""The Document as Word: python-docx for the package, the styles, the margins and the header and
footer; the body written as WordprocessingML and parsed once (python-docx's per-paragraph and
per-run calls cost more than the rest of a long paper together).

A board secretary's checks: the protective marking and "Page X of Y" on every page, headings
kept with what follows them, table rows never split across pages, heading rows repeated.
"""

from pathlib import Path
from xml.sax.saxutils import escape

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

from tracker.db.enums import Rag
from tracker.reports.document import Block, Cell, Document, Facts, Heading, Items, Paragraph, Row, Run, Table
from tracker.reports.style import RAG_FILL, SECTION_FILL, plain, spaced

HEADER_FILL = "D9E2F3"
TEXT_WIDTH_CM = 17.0
KEEP_WITH_NEXT = ("Title", "Heading1", "Heading2", "Heading3", "Heading4", "Caption")


def write_docx(document: Document, path: Path) -> None:
    from docx import Document as WordDocument

    word = WordDocument()
    _base_style(word)
    _header_and_footer(word, document.marking)
    _install_body(word, "".join([_front(document), *(_block(block) for block in document.blocks)]))
    word.save(str(path))


def _install_body(word, xml: str) -> None:
    """Put `xml` in the body before its section properties, in one parse of the whole part:
    lxml moving thousands of parsed elements into the template's tree one by one takes seconds."""
    from lxml import etree

    source = etree.tostring(word.element, encoding="unicode")
    at = source.rindex("<w:sectPr")
    word.part._element = parse_xml(source[:at] + xml + source[at:])


def _base_style(word) -> None:
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    for style_id in KEEP_WITH_NEXT:
        style = word.styles.element.get_by_id(style_id)
        style.get_or_add_pPr().get_or_add_keepNext()
    for section in word.sections:
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)


def _field(instruction: str) -> str:
    return f'<w:fldSimple {nsdecls("w")} w:instr="{instruction}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'


def _header_and_footer(word, marking: str) -> None:
    """The marking, upper case as the papers print it, at the head and foot of every page;
    "Page X of Y" (PAGE and NUMPAGES fields, which Word and LibreOffice fill in) in the footer."""
    section = word.sections[0]
    shown = escape(plain(marking.upper()))
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if shown:
        header.add_run(plain(marking.upper())).bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    parts = [f'<w:r {nsdecls("w")}><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{shown}    </w:t></w:r>'] \
        if shown else []
    parts += [_text_run("Page "), _field("PAGE"), _text_run(" of "), _field("NUMPAGES")]
    for part in parts:
        footer._p.append(parse_xml(part))


def _text_run(text: str) -> str:
    return f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(spaced(text))}</w:t>'


def _run(run: Run, *, italic: bool = False, size: int | None = None) -> str:
    props = ("<w:b/>" if run.bold else "") + ("<w:i/>" if italic else "")
    props += f'<w:sz w:val="{size}"/>' if size else ""
    if run.rag is not None:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{RAG_FILL[run.rag]}"/>'
    return f"<w:r>{'<w:rPr>' + props + '</w:rPr>' if props else ''}{_t(run.text)}</w:r>"


def _p(runs: str, *, style: str = "", keep: bool = False, hanging: bool = False, jc: str = "") -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    props += "<w:keepNext/>" if keep else ""
    props += '<w:ind w:left="851" w:hanging="851"/>' if hanging else ""
    props += f'<w:jc w:val="{jc}"/>' if jc else ""
    return f"<w:p>{'<w:pPr>' + props + '</w:pPr>' if props else ''}{runs}</w:p>"


def _front(document: Document) -> str:
    """The heading above the sheet, "Report to: ...", then the sheet as the papers print it: a
    two-column table of label and value."""
    front = document.front
    out = [_p(_run(Run(front.heading)), style="Title", keep=True)]
    if front.report_to:
        out.append(_p(_run(Run(front.report_to, bold=True)), keep=True))
    rows = [Row((Cell(label, bold=True), Cell(value))) for label, value in front.rows]
    out.append(_table(Table((), tuple(rows), (4.5, 12.5)), label_fill=HEADER_FILL))
    return "".join(out)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return _p(_run(Run(block.shown)), style=f"Heading{block.level}", keep=True)
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Items):
        return "".join(_item(n, item, block.numbered) for n, item in enumerate(block.items, start=1))
    if isinstance(block, Facts):
        runs = _run(Run(" · ".join(block.parts)), italic=True, size=18)
        if block.alert:
            runs += _run(Run(" · ")) + _run(Run(block.alert, bold=True, rag=Rag.RED), size=18)
        return _p(runs)
    return _table(block)


def _paragraph(block: Paragraph) -> str:
    if block.style in ("note", "small"):
        size = 16 if block.style == "small" else 18
        return _p("".join(_run(run, italic=block.style == "note", size=size) for run in block.runs))
    runs = "".join(_run(run) for run in block.runs)
    if block.number:
        return _p(_run(Run(block.number)) + "<w:r><w:tab/></w:r>" + runs, hanging=True, keep=block.keep)
    return _p(runs, keep=block.keep or any(run.rag is not None for run in block.runs))


def _item(n: int, text: str, numbered: bool) -> str:
    """A list item; numbered ones carry their number as text, so that each list starts at 1."""
    if numbered:
        return _p(_run(Run(f"{n}.")) + "<w:r><w:tab/></w:r>" + _run(Run(text)), hanging=True)
    return _p(_run(Run(text)), style="ListBullet")


def _twips(cm: float) -> int:
    return round(cm * 567)


def _cell(cell: Cell, width: float, *, span: int = 1, fill: str | None = None) -> str:
    props = f'<w:tcW w:w="{_twips(width)}" w:type="dxa"/>'
    props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    fill = RAG_FILL[cell.fill] if cell.fill is not None else fill
    props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    lines = cell.text.replace("\r\n", "\n").split("\n") or [""]
    paragraphs = "".join(_p(_run(Run(line, bold=cell.bold))) for line in lines)
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"


def _row(row: Row, widths: list[float], *, header: bool = False, label_fill: str | None = None) -> str:
    props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    if row.section:
        joined = Cell(" ".join(c.text for c in row.cells if c.text), bold=True)
        cells = _cell(joined, sum(widths), span=len(widths), fill=SECTION_FILL)
    else:
        cells = "".join(_cell(c, w, fill=(HEADER_FILL if header else label_fill if n == 0 else None))
                        for n, (c, w) in enumerate(zip(row.cells, widths)))
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


def _table(table: Table, *, label_fill: str | None = None) -> str:
    columns = len(table.headings) or max((len(r.cells) for r in table.rows if not r.section), default=1)
    widths = list(table.widths) if len(table.widths) == columns else [TEXT_WIDTH_CM / columns] * columns
    out = [_p(_run(Run(table.caption)), style="Caption", keep=True)] if table.caption else []
    grid = "".join(f'<w:gridCol w:w="{_twips(w)}"/>' for w in widths)
    out.append('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
               f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>')
    if table.headings:
        out.append(_row(Row(tuple(Cell(h, bold=True) for h in table.headings)), widths, header=True))
    for row in table.rows:
        cells = row.cells + (Cell(""),) * (columns - len(row.cells)) if not row.section else row.cells
        out.append(_row(Row(cells, row.section), widths, label_fill=label_fill))
    out.append("</w:tbl>")
    out.append(_p(""))  # keeps the next table apart from this one, as Word needs
    return "".join(out)
