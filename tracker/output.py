"""Lists as a Rich table, CSV or JSON. User text is wrapped in `Text`, never parsed as markup,
and made safe for a terminal by `tracker.db.text` before it gets there."""

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Sequence
from typing import Any

from tracker.db import text as safe
from tracker.db import words
from tracker.db.dates import show_date
from tracker.db.enums import RAG_STYLE, RAG_SYMBOL, Rag

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any) -> Any:
    """A JSON- and CSV-friendly value: enums as their value, dates as ISO text."""
    if isinstance(value, Rag):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def records(rows: Sequence[Any], columns: Sequence[str]) -> list[dict[str, Any]]:
    """Read-model rows as plain dicts holding only `columns`."""
    return [{c: plain(getattr(r, c)) for c in columns} for r in rows]


def write_json(items: Any, out=None) -> None:
    """JSON that decodes to the exact text, with every control, bidi or hidden character as a
    \\u escape, so none reaches a terminal raw."""
    out = out or sys.stdout
    out.write(safe.json_safe(json.dumps(items, ensure_ascii=False, indent=2)) + "\n")


def csv_cell(value: Any) -> str:
    """A spreadsheet cell that cannot run as a formula: text such as `=1+1` gets a leading '.

    Only text is neutralised; numbers (a score of -1 is not possible, but a count is) pass as they are.
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):  # a record's priorities: "1, 4"
        value = ", ".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return str(value)


def write_csv(items: list[dict[str, Any]], columns: Sequence[str], out=None) -> None:
    """CSV with a header row, in UTF-8 with a byte-order mark so spreadsheets read £ and ● right.

    Written to a file or a pipe, each cell holds the exact text. Written to a terminal, which
    would act on control characters, each one is shown as a marker such as ⟨U+001B⟩ instead.
    """
    out = out or sys.stdout
    on_terminal = _is_terminal(out)
    shown = safe.terminal if on_terminal else str
    buffer = io.StringIO()
    if not on_terminal:  # the byte-order mark is for spreadsheets; a terminal shows nothing of it
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for item in items:
        writer.writerow([shown(csv_cell(item[c])) for c in columns])
    out.write(buffer.getvalue())


def _is_terminal(out) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):  # no such method, or a closed stream
        return False


_TEXT_COLUMNS = {"name": 3, "title": 3, "lead": 2, "owner": 2, "old": 2, "new": 2, "message": 4, "text": 4,
                 "owners": 2, "change": 4, "records": 3}
"""Columns that fold onto several lines when the terminal is narrow, with their share of the width."""


_CAPPED_COLUMNS = {"item": 24}
"""Columns cut short with an ellipsis in a table (csv and json keep them whole)."""

_WORD_COLUMNS = frozenset({"status", "kind", "role", "unit", "direction", "cycle"})
"""Columns of tracker's own values, shown as words in a table ("in progress"); csv and json keep the values."""

_HISTORY_VALUE_MAX = 40
"""History values are cut to this in a table; csv and json keep them whole."""


_DATE_COLUMNS = frozenset({"start", "end", "due", "date", "planned", "revised", "done"})
"""Columns of dates besides those named *_date or *_on: a table shows them per `date_format`."""


def _shown_date(column: str, value: Any) -> str | None:
    """A date cell as the config's `date_format` shows it (csv and json keep ISO), or None."""
    if not (column in _DATE_COLUMNS or column.endswith(("_date", "_on"))):
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            return None
    return show_date(value) if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if (day := _shown_date(column, value)) is not None:
        return day
    if isinstance(value, bool):
        return ("OVERDUE" if column == "overdue" else "yes") if value else ""
    if column == "at":
        return str(value)[:16].replace("T", " ")
    if column in _WORD_COLUMNS:
        return words.word(value)
    if column == "field":
        return words.field_word(str(value))
    text = safe.terminal_line(str(value))
    if column in ("old", "new") and len(text) > _HISTORY_VALUE_MAX:
        return text[: _HISTORY_VALUE_MAX - 1] + "…"
    return text


def _header(column: str) -> str:
    words = column.replace("_", " ").capitalize()
    return words.replace("rag", "RAG").replace("Rag", "RAG")


def write_table(title: str, items: list[dict[str, Any]], columns: Sequence[str], rag_columns=()) -> None:
    """A Rich table on stdout (laid out by tracker/table_lines.py when no cell folds); Rich drops the
    colour by itself under NO_COLOR or a dumb terminal."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from rich import box
    from tracker import table_lines

    specs = [_spec(column) for column in columns]
    rows = [[rag_text(item[column]) if column in rag_columns else Text(_cell(column, item[column]))
             for column in columns] for item in items]
    console = Console()
    fast = table_lines.lines(console, Text(safe.terminal_line(title)), specs, rows)
    if fast is not None:
        console.print(fast, end="", soft_wrap=True)
        return
    # No vertical rules: at 80 columns every character goes to the data.
    table = Table(title=Text(safe.terminal_line(title)), title_justify="left", header_style="bold", box=box.SIMPLE_HEAD,
                  pad_edge=False)
    for spec in specs:
        if spec.width is not None:  # "at": date over time, so the text beside it gets the width
            table.add_column(spec.header, width=spec.width, overflow="fold")
        elif spec.max_width is not None:
            table.add_column(spec.header, no_wrap=True, overflow="ellipsis", max_width=spec.max_width)
        elif spec.min_width is not None:
            table.add_column(spec.header, overflow="fold", ratio=spec.ratio, min_width=spec.min_width)
        else:
            table.add_column(spec.header, no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _spec(column: str):
    """How `column` is laid out (a table_lines.Spec)."""
    from tracker import table_lines

    if column == "at":
        return table_lines.Spec(_header(column), width=10)
    if column in _CAPPED_COLUMNS:
        return table_lines.Spec(_header(column), max_width=_CAPPED_COLUMNS[column])
    if column in _TEXT_COLUMNS:
        return table_lines.Spec(_header(column), min_width=10, ratio=_TEXT_COLUMNS[column])
    return table_lines.Spec(_header(column))


def rag_text(rag: Rag | str | None):
    """A RAG as a coloured word with its symbol, e.g. "● Green"; a dash when there is none."""
    from rich.text import Text

    if rag is None:
        return Text("—", style="dim")
    rag = Rag(rag)
    return Text(f"{RAG_SYMBOL[rag]} {rag.label}", style=RAG_STYLE[rag])


def say(*parts: Any, file=None) -> None:
    """A line for the user (stdout, or `file`), made safe for a terminal: a period label or
    name in it is shown, never acted on."""
    (file or sys.stdout).write(safe.terminal(" ".join(map(str, parts))) + "\n")


def error(message: str) -> None:
    """An error on stderr as plain text, with control characters made visible."""
    sys.stderr.write(f"tracker: error: {safe.terminal(message)}\n")
