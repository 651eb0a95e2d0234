"""The Document as Markdown (GitHub-flavoured tables). User text is escaped, never markup."""

from pathlib import Path

from tracker.db import text as safe
from tracker.reports.style import spaced
from tracker.reports.document import Block, Cell, Document, Facts, Heading, Items, Paragraph, Row, Run, Table


def md(text) -> str:
    """User text on one line, made visible and escaped so that it can only ever be text
    (`tracker.db.text.markdown`)."""
    return safe.markdown("" if text is None else str(text))


def _run(run: Run) -> str:
    """A run, a space around it kept (escaping trims them)."""
    shown = spaced(run.text, md)
    if not run.bold or not shown.strip():
        return shown
    core = shown.strip()
    return shown[:len(shown) - len(shown.lstrip())] + f"**{core}**" + shown[len(shown.rstrip()):]


def _cell(cell: Cell) -> str:
    """A cell may hold several paragraphs: joined with <br>, each escaped."""
    text = "<br>".join(md(part) for part in cell.text.replace("\r\n", "\n").split("\n"))
    return f"**{text}**" if cell.bold and cell.text.strip() else text


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _row(row: Row, columns: int) -> list[str]:
    cells = [_cell(Cell(c.text, bold=True)) if row.section else _cell(c) for c in row.cells]
    return cells + [""] * (columns - len(cells))


def _table(table: Table) -> list[str]:
    columns = len(table.headings) or max((len(r.cells) for r in table.rows), default=1)
    headings = [md(h) for h in table.headings] or [""] * columns
    out = [md(table.caption), ""] if table.caption else []
    return out + [_line(headings), _line(["---"] * columns),
                  *(_line(_row(row, columns)) for row in table.rows), ""]


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * min(block.level + 1, 6) + " " + md(block.shown), ""]
    if isinstance(block, Paragraph):
        text = "".join(_run(run) for run in block.runs)
        if block.style and text.strip():
            text = f"*{text}*"
        return [(md(block.number) + " " if block.number else "") + text, ""]
    if isinstance(block, Items):
        return [f"{f'{n}.' if block.numbered else '-'} {md(item)}" for n, item in enumerate(block.items, 1)] + [""]
    if isinstance(block, Facts):
        return [f"*{md(' · '.join(block.parts))}*" + (f" · **{md(block.alert)}**" if block.alert else ""), ""]
    return _table(block)


def render_markdown(document: Document) -> str:
    front = document.front
    marking = [f"**{md(document.marking)}**", ""] if document.marking else []
    out = [*marking, f"# {md(front.heading)}", ""]
    if front.report_to:
        out += [f"**{md(front.report_to)}**", ""]
    facts = [f"**{md(label)}:** {md(value)}" for label, value in front.rows]
    out += [*(fact + "  " for fact in facts[:-1]), *facts[-1:], ""]
    for block in document.blocks:
        out += _block(block)
    return "\n".join(out + marking)


def write_markdown(document: Document, path: Path) -> None:
    path.write_text(render_markdown(document), encoding="utf-8")
