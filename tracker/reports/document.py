"""A board paper as a document: a front sheet and blocks in order, with every number, caption
and nil return already decided. The builder (tracker/reports/paper.py) computes it from the
store; the renderers (to_docx, to_html, to_markdown) only lay it out.

Every string here is the user's text as stored: each renderer makes it safe for its own format
(tracker.db.text), so nothing in it is ever read as markup.
"""

from dataclasses import dataclass, field

from tracker.db.enums import Rag


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    rag: Rag | None = None
    """A RAG label: its fill as well as its symbol and word (never colour alone)."""


@dataclass(frozen=True)
class Heading:
    level: int
    """1 for a section, 2 for a level 2 section or a sub-heading under a level 1, and so on to 4."""
    text: str
    number: str | None = None
    """ "5.0", "6.1", "1" (the generic report), or None for an unnumbered sub-heading."""

    @property
    def shown(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    number: str | None = None
    """ "5.12" in a numbered section."""
    style: str = ""
    """ "" body text, "note" (a footnote, the generic report's notice), "small" (the history head)."""
    keep: bool = False
    """Kept on the page of what follows it (a risk's paragraph with its facts line)."""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def para(text: str, *, number: str | None = None, style: str = "", bold: bool = False,
         keep: bool = False) -> Paragraph:
    return Paragraph((Run(text, bold),), number, style, keep)


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Cell:
    text: str
    """May hold several paragraphs, one a line."""
    fill: Rag | None = None
    """Shaded as this RAG is (the text names it too, or says why: "OVERDUE")."""
    bold: bool = False


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    section: bool = False
    """A section row: its one cell spans the table, bold on a light fill."""


@dataclass(frozen=True)
class Table:
    headings: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...] = ()
    """Column widths in centimetres (Word); () shares the page evenly."""
    caption: str = ""
    """ "Table 1 – Collaboration dashboard", printed above it."""


@dataclass(frozen=True)
class Facts:
    """The short line under a risk's or an action's paragraph: "Risk 9.2 · score 60 · ..."."""

    parts: tuple[str, ...]
    alert: str = ""
    """ "OVERDUE": said in words, and shaded red."""


Block = Heading | Paragraph | Items | Table | Facts


@dataclass(frozen=True)
class FrontSheet:
    heading: str
    """The line above the sheet: the programme ("Performance and Resources Scrutiny Programme
    2023"), or the report's title when there is none."""
    report_to: str
    """ "Report to: the Office of ...", or ""."""
    rows: tuple[tuple[str, str], ...]
    """Label and value, in the paper's order."""


@dataclass(frozen=True)
class Document:
    title: str
    front: FrontSheet
    blocks: list[Block] = field(default_factory=list)
    marking: str = ""
    """The protective marking as the paper prints it in every header and footer: "OFFICIAL"."""
    head: str = ""
    """The history's head it was written at (printed small at the end)."""
    generic: bool = False
    """No paper is kept for this portfolio and period: tracker's generic report."""
