"""Rendering for the screens: RAG symbols and text made safe. Imports no Textual when loaded (a RAG's
theme colour and word are in theme.py).

User text is data: what makes it safe for a terminal lives in `tracker.db.text`; `visible`,
`one_line` and `fit` are its names here. A RAG always carries a symbol and a word beside its
colour.
"""

from tracker.db.enums import RAG_SYMBOL
from tracker.db.text import terminal as visible
from tracker.db.text import terminal_line as one_line


__all__ = ["RAG_SYMBOL", "child_mark", "fit", "highlight", "one_line", "visible"]


def fit(text: str | None, width: int) -> str:
    """`text` on one line, cut to `width` with an ellipsis when longer."""
    line = one_line(text)
    return line if len(line) <= width else line[: width - 1] + "…"


def child_mark(child: str | None, in_view: str | None) -> str:
    """How a record from child portfolio `child` is marked in the view of `in_view`: the child's
    code without the parent's prefix ("roads" for opc.roads in opc), made safe; "" for none."""
    if not child:
        return ""
    short = child[len(in_view) + 1:] if in_view and child.startswith(f"{in_view}.") else child
    return fit(short, 12)


def highlight(title: str, offsets, style):
    """`title` as plain content with the matched letters styled, for the command palette: a name
    is never parsed as markup (Textual's own highlight parses it, so `[@click=...]` would become
    an action)."""
    from textual.content import Content

    content = Content(title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
