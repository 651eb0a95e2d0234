"""The narrative a lead writes, read as blocks: paragraphs, bulleted or numbered lists,
sub-headings and simple tables. Standard library only; every report format and the TUI's
preview lay these blocks out, and none of them reads any other markup in the text.

The shape (docs/format.md, "Narrative text"):
- a blank line ends a paragraph; lines next to each other are one paragraph;
- a line starting "- " or "* " is a bullet, "1. " or "1) " a numbered item; an indented line
  after one continues it;
- "## Title" is a sub-heading, "### Title" one below it;
- lines starting "|" are a table, cells split at "|"; a line of dashes ("|---|---|") after the
  first row makes that row the headings.
Anything else, "**", "<b>", "[x](y)" or escape sequences included, is text and prints as typed.
"""

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{2,3})\s+(.*\S)\s*#*\s*$")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class SubHeading:
    level: int
    """2 for "## ", 3 for "### "."""
    text: str


@dataclass(frozen=True)
class Items:
    items: list[str]
    numbered: bool = False


@dataclass(frozen=True)
class Grid:
    rows: list[list[str]]
    headed: bool = False
    """Its first row is the headings (a rule of dashes followed it)."""


Block = Para | SubHeading | Items | Grid


@dataclass
class _Reader:
    blocks: list[Block] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    numbered: bool = False
    rows: list[list[str]] = field(default_factory=list)
    headed: bool = False

    def end(self) -> None:
        if self.lines:
            self.blocks.append(Para(" ".join(self.lines)))
            self.lines = []
        if self.items:
            self.blocks.append(Items(self.items, self.numbered))
            self.items = []
        if self.rows:
            self.blocks.append(Grid(self.rows, self.headed))
            self.rows, self.headed = [], False

    def line(self, raw: str) -> None:
        line = raw.strip()
        if not line:
            return self.end()
        if line.startswith("|"):
            return self._table(line)
        if self.rows:
            self.end()
        if heading := _HEADING.match(line):
            self.end()
            self.blocks.append(SubHeading(len(heading.group(1)), heading.group(2)))
        elif (bullet := _BULLET.match(line)) or (number := _NUMBERED.match(line)):
            numbered = bullet is None
            if self.lines or (self.items and numbered != self.numbered):
                self.end()
            self.numbered = numbered
            self.items.append((bullet.group(1) if bullet else number.group(2)).strip())
        elif self.items and raw[:1] in (" ", "\t"):
            self.items[-1] = f"{self.items[-1]} {line}"
        else:
            if self.items:
                self.end()
            self.lines.append(line)

    def _table(self, line: str) -> None:
        if not self.rows:
            self.end()
        if _RULE.match(line) and len(self.rows) == 1:
            self.headed = True
            return
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        self.rows.append(cells)


def blocks(text: str) -> list[Block]:
    """`text` as blocks, in order."""
    reader = _Reader()
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        reader.line(raw)
    reader.end()
    return reader.blocks


def paragraphs(text: str) -> int:
    """How many paragraphs `text` has (numbered paragraphs count these)."""
    return sum(isinstance(b, Para) for b in blocks(text))
