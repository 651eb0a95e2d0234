"""What every report format shares: RAG fills, words and symbols, and text made safe to print."""

import re

from tracker.db.enums import Rag
from tracker.screens.render import RAG_SYMBOL

RAG_FILL = {Rag.GREEN: "00B050", Rag.AMBER: "FFC000", Rag.RED: "FF5B5B", Rag.NOT_GRADED: "D9D9D9"}
"""Cell fills, light enough that black text stays readable when printed in grey."""
SECTION_FILL = "F2F2F2"

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def rag_word(rag: Rag | None) -> str:
    """ "● Green": a symbol and a word, so the rating never rests on colour alone."""
    return "—" if rag is None else f"{RAG_SYMBOL[rag]} {rag.label}"


def plain(text: str) -> str:
    """User text on one line, with control characters (which Word and XML reject) removed."""
    return " ".join(_CONTROL.sub("", text or "").split())


def cell_text(text: str) -> str:
    """Longer user text: control characters removed, paragraphs kept."""
    return _CONTROL.sub("", (text or "").replace("\r\n", "\n"))


def long_date(day) -> str:
    """ "23 October 2023", as the papers write dates."""
    return f"{day.day} {day:%B %Y}"
