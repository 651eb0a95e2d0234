"""A CLI table laid out as Rich lays out `write_table`'s (box SIMPLE_HEAD, no edge padding), in
one pass, when every cell fits on one line at the width the contents ask for.

Rich's Table measures and renders every cell as a renderable of its own: 1,000 rows of six
columns took about 0.5 s, half of `tracker list measures` at 1,000 measures. Here each row is
one Text (the cells padded and joined, their styles kept) and the table prints as one Text, in
about a tenth of that. A table that does not fit (a text column must fold, a fixed-width column
wrap) is left to Rich, which returns None here.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text


@dataclass(frozen=True, slots=True)
class Spec:
    """A column as write_table sets it up: a fixed `width` (cells fold), a `max_width` (cells are
    cut with an ellipsis), a `min_width`."""

    header: str
    width: int | None = None
    max_width: int | None = None
    min_width: int | None = None
    ratio: int | None = None
    """Its share of the width when Rich folds the text columns to fit (unused here)."""


def _width(spec: Spec, cells: list[Text]) -> int | None:
    """The column's width, padding aside; None where a cell would have to fold."""
    longest = max([cell_len(spec.header), *(cell.cell_len for cell in cells)])
    if spec.width is not None:
        return spec.width if longest <= spec.width else None
    if spec.max_width is not None:
        longest = min(longest, spec.max_width)
    return max(longest, spec.min_width or 0)


def lines(console: Console, title: Text, specs: Sequence[Spec], rows: list[list[Text]]) -> Text | None:
    """The table as one Text (title, a blank top edge, the header, its rule, the rows, a blank
    bottom edge), or None when it does not fit `console`'s width on one line a row."""
    widths = []
    for i, spec in enumerate(specs):
        width = _width(spec, [row[i] for row in rows])
        if width is None:
            return None
        widths.append(width)
    # Between two columns a space of padding each side of a space of rule; an edge of a space each side.
    total = sum(widths) + 3 * (len(widths) - 1) + 2
    if total > console.width:
        return None
    out = Text()
    for line in title.wrap(console, total, justify="left"):
        out.append_text(line)
        out.append("\n")
    blank = " " * total + "\n"
    out.append(blank)
    out.append_text(_row([Text(spec.header, style="bold") for spec in specs], widths))
    out.append(" " + "─" * (total - 2) + " \n")
    for row in rows:
        out.append_text(_row(row, widths))
    out.append(blank)
    return out


def _row(cells: list[Text], widths: list[int]) -> Text:
    line = Text(" ")
    for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if i:
            line.append("   ")
        cell = cell.copy()
        cell.truncate(width, overflow="ellipsis", pad=True)
        line.append_text(cell)
    line.append(" \n")
    return line
