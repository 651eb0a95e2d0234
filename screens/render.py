"""Rendering for the screens: RAG colours, symbols and words. Imports no Textual.

User text is data: what makes it safe for a terminal lives in `tracker.db.text`; `visible`,
`one_line` and `fit` are its names here. A RAG always carries a symbol and a word beside its
colour.
"""

from tracker.db.enums import RAG_STYLE, RAG_SYMBOL, Rag
from tracker.db.text import terminal as visible
from tracker.db.text import terminal_line as one_line


__all__ = ["RAG_STYLE", "RAG_SYMBOL", "fit", "one_line", "rag_text", "visible"]


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
