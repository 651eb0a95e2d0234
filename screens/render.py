"""Rendering shared by the screens and the CLI. Imports no Textual, so the CLI stays quick.

User text is data: control characters are made visible before text reaches a terminal, and a
RAG always carries a symbol and a word beside its colour.
"""

import re

from tracker.db.enums import Rag

RAG_STYLE = {Rag.GREEN: "bold green", Rag.AMBER: "bold yellow", Rag.RED: "bold red", Rag.NOT_GRADED: "dim"}
RAG_SYMBOL = {Rag.GREEN: "●", Rag.AMBER: "▲", Rag.RED: "■", Rag.NOT_GRADED: "○"}
"""A shape per RAG, so a rating never rests on colour alone."""

# C0 and C1 controls (but newline and tab) and the bidirectional overrides and isolates.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with each control character shown as an escape such as \\x1b, so none can act."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}", text)


def one_line(text: str | None) -> str:
    """`text` made visible and folded onto one line."""
    return visible(" ".join((text or "").split()))


def fit(text: str | None, width: int) -> str:
    """`text` on one line, cut to `width` with an ellipsis when longer."""
    line = one_line(text)
    return line if len(line) <= width else line[: width - 1] + "…"


def rag_text(rag: Rag | str | None):
    """A RAG as a coloured word with its symbol, e.g. "● Green"; a dash when there is none."""
    from rich.text import Text

    if rag is None:
        return Text("—", style="dim")
    rag = Rag(rag)
    return Text(f"{RAG_SYMBOL[rag]} {rag.label}", style=RAG_STYLE[rag])
