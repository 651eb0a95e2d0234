"""What composing a paper carries from section to section: the extras it prints beyond the
report's data, the paragraph numbers of numbered sections, the table count; and a lead's text
as blocks (db/prose.py), numbered where its section is."""

from dataclasses import dataclass, field

from tracker.db import prose
from tracker.db.paper_views import Narratives, SectionInfo
from tracker.reports.document import Cell, Heading, Items, Row, Table, para
from tracker.reports.model import Report


@dataclass(frozen=True)
class Extras:
    """What a paper prints beyond the report's data; empty when only a Report is at hand."""

    narratives: Narratives = field(default_factory=lambda: Narratives({}, {}))
    consulted: list[tuple[str, str]] = field(default_factory=list)
    risk_text: dict[str, str] = field(default_factory=dict)
    action_text: dict[str, str] = field(default_factory=dict)
    children: dict[str, str] = field(default_factory=dict)
    """Child portfolio names by code, in the tree's order (records are grouped under them)."""
    milestones: dict[str, list] = field(default_factory=dict)
    """Each workstream's milestones (strand_views.MilestoneRow), by its ref."""
    plan_links: list[tuple[str, list[str]]] = field(default_factory=list)
    """Links to the plan: each priority's heading and the records of the paper linked to it."""


class Numbers:
    """Paragraph numbers of a numbered section, "5.1", "5.2"..., continued by the untitled
    sections after it; None where paragraphs are not numbered."""

    def __init__(self) -> None:
        self.prefix: str | None = None
        self.last: str | None = None
        self.count = 0

    def start(self, section: SectionInfo) -> None:
        if section.number is not None:
            self.prefix, self.count = (section.number if section.numbered else None), 0
        elif section.numbered and self.prefix is None and self.last is not None:
            self.prefix, self.count = self.last, 0
        if section.number is not None:
            self.last = section.number

    def next(self) -> str | None:
        if self.prefix is None:
            return None
        self.count += 1
        return f"{self.prefix}.{self.count}"


@dataclass
class Context:
    report: Report
    extras: Extras
    generic: bool
    numbers: Numbers = field(default_factory=Numbers)
    tables: int = 0

    def caption(self, text: str) -> str:
        self.tables += 1
        return f"Table {self.tables} – {text}"


def text_blocks(ctx: Context, text: str, level: int, *, numbered: bool = True) -> list:
    """A lead's text as blocks: paragraphs (numbered in a numbered section, unless not
    `numbered`), sub-headings one and two below `level`, lists and simple tables (never numbered)."""
    out = []
    for block in prose.blocks(text):
        if isinstance(block, prose.Para):
            out.append(para(block.text, number=ctx.numbers.next() if numbered else None))
        elif isinstance(block, prose.SubHeading):
            out.append(Heading(min(level + block.level - 2, 4), block.text))
        elif isinstance(block, prose.Items):
            out.append(Items(tuple(block.items), block.numbered))
        else:
            out.append(grid_table(block))
    return out


def grid_table(grid: prose.Grid) -> Table:
    width = max(len(row) for row in grid.rows)
    rows = [tuple(row) + ("",) * (width - len(row)) for row in grid.rows]
    headings, body = (rows[0], rows[1:]) if grid.headed else ((), rows)
    return Table(tuple(headings), tuple(Row(tuple(Cell(c) for c in row)) for row in body))
