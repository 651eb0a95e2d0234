"""The Document as one self-contained HTML page: escaped text, real cell fills, prints cleanly."""

from pathlib import Path

from tracker.db import text as safe
from tracker.db.enums import Rag
from tracker.reports.document import Block, Cell, Document, Facts, Heading, Items, Paragraph, Row, Run, Table
from tracker.reports.style import RAG_FILL, SECTION_FILL, spaced

CSS = f"""
body {{ font-family: Arial, Helvetica, sans-serif; font-size: 11pt; color: #000; max-width: 60em; margin: 2em auto; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1em; }}
th, td {{ border: 1px solid #555; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }}
th, table.front-sheet th {{ background: #D9E2F3; }}
tr.section td {{ background: #{SECTION_FILL}; font-weight: bold; }}
tr {{ break-inside: avoid; }}
thead {{ display: table-header-group; }}
h1, h2, h3, h4, h5, p.caption {{ break-after: avoid; }}
.rag {{ font-weight: bold; white-space: nowrap; }}
{chr(10).join(f".rag-{rag.value} {{ background: #{fill}; }}" for rag, fill in RAG_FILL.items())}
p.marking {{ text-align: center; font-weight: bold; }}
p.caption {{ font-weight: bold; margin-bottom: 0.2em; }}
p.note, p.facts {{ font-size: 9pt; font-style: italic; }}
p.small {{ font-size: 8pt; color: #333; }}
span.number {{ display: inline-block; min-width: 3em; }}
@media print {{ * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }} }}
"""


def _e(text) -> str:
    return safe.html(str(text))


def _run(run: Run) -> str:
    text = spaced(run.text, _e)
    shown = f"<strong>{text}</strong>" if run.bold else text
    return f'<span class="rag rag-{run.rag.value}">{shown}</span>' if run.rag is not None else shown


def render_html(document: Document) -> str:
    marking = [f'<p class="marking">{_e(document.marking)}</p>'] if document.marking else []
    out = ['<!DOCTYPE html>', '<html lang="en">', "<head>", '<meta charset="utf-8" />',
           f"<title>{_e(document.title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           *marking, *_front(document), *(_block(block) for block in document.blocks), *marking,
           "</body>", "</html>", ""]
    return "\n".join(out)


def _front(document: Document) -> list[str]:
    front = document.front
    out = [f"<h1>{_e(front.heading)}</h1>"]
    if front.report_to:
        out.append(f"<p><strong>{_e(front.report_to)}</strong></p>")
    rows = (f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>" for label, value in front.rows)
    return out + ['<table class="front-sheet">', "<tbody>", *rows, "</tbody>", "</table>"]


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(block.level + 1, 6)
        return f"<h{level}>{_e(block.shown)}</h{level}>"
    if isinstance(block, Paragraph):
        css = f' class="{block.style}"' if block.style else ""
        number = f'<span class="number">{_e(block.number)}</span> ' if block.number else ""
        return f"<p{css}>{number}{''.join(_run(run) for run in block.runs)}</p>"
    if isinstance(block, Items):
        tag = "ol" if block.numbered else "ul"
        return f"<{tag}>" + "".join(f"<li>{_e(item)}</li>" for item in block.items) + f"</{tag}>"
    if isinstance(block, Facts):
        alert = f' · <strong class="rag rag-{Rag.RED.value}">{_e(block.alert)}</strong>' if block.alert else ""
        return f'<p class="facts">{_e(" · ".join(block.parts))}{alert}</p>'
    return _table(block)


def _cell(cell: Cell, tag: str = "td", extra: str = "") -> str:
    css = f' class="rag rag-{cell.fill.value}"' if cell.fill is not None else ""
    text = "<br />".join(_e(line) for line in cell.text.replace("\r\n", "\n").split("\n"))
    text = f"<strong>{text}</strong>" if cell.bold and cell.fill is None else text
    return f"<{tag}{css}{extra}>{text}</{tag}>"


def _row(row: Row, columns: int) -> str:
    if row.section:
        joined = " ".join(_e(c.text) for c in row.cells if c.text)
        return f'<tr class="section"><td colspan="{columns}">{joined}</td></tr>'
    return "<tr>" + "".join(_cell(c) for c in row.cells) + "</tr>"


def _table(table: Table) -> str:
    columns = len(table.headings) or max((len(r.cells) for r in table.rows), default=1)
    out = [f'<p class="caption">{_e(table.caption)}</p>'] if table.caption else []
    out.append("<table>")
    if table.headings:
        out.append("<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in table.headings) + "</tr></thead>")
    out += ["<tbody>", *(_row(row, columns) for row in table.rows), "</tbody>", "</table>"]
    return "\n".join(out)


def write_html(document: Document, path: Path) -> None:
    path.write_text(render_html(document), encoding="utf-8")
