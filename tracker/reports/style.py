"""What every report format shares: RAG fills, words and symbols, and text made safe to print."""

from tracker.db import text as safe
from tracker.db.boards import not_rated
from tracker.db.enums import RAG_SYMBOL, Rag

RAG_FILL = {Rag.GREEN: "00B050", Rag.AMBER: "FFC000", Rag.RED: "FF5B5B", Rag.NOT_GRADED: "D9D9D9", Rag.UNKNOWN: "F2F2F2"}
"""Cell fills, light enough that black text stays readable when printed in grey."""
SECTION_FILL = "F2F2F2"


def rag_word(rag: Rag | None, period: str | None = None) -> str:
    """ "● Green": a symbol and a word, so the rating never rests on colour alone; with no RAG,
    "Not rated in 2024" for `period` (a dash when there is no period)."""
    return not_rated(period) if rag is None else f"{RAG_SYMBOL[rag]} {rag.label}"


def plain(text: str) -> str:
    """User text on one line, with every control, hidden or XML-illegal character shown as a
    marker such as ⟨U+202E⟩ (`tracker.db.text.word_line`)."""
    return safe.word_line(text)


def spaced(text: str, safe=None) -> str:
    """`text` made safe by `safe` (default `plain`), keeping one space where it began or ended
    with one: the runs of a paragraph are made safe one by one, and folding trims them."""
    shown = (safe or plain)(text)
    before = " " if text[:1].isspace() and shown else ""
    after = " " if text[-1:].isspace() and shown else ""
    return before + shown + after


def cell_text(text: str) -> str:
    """Longer user text: made visible like `plain`, paragraphs kept (`tracker.db.text.word`)."""
    return safe.word(text)


def long_date(day) -> str:
    """ "23 October 2023", as the papers write dates."""
    return f"{day.day} {day:%B %Y}"
