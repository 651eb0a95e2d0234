"""The board paper's tables: a paper per portfolio, period and kind, its ordered sections, and the
longer narrative a workstream (or a dashboard section) carries for a period.

Kept apart from db/models.py, which imports them, so that each file stays one room.
"""

import datetime as dt

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .enums import PaperStatus, SectionKind, sql_in

PAPER_TEXT_MAX = 100_000
"""A section's or a narrative's text, in characters: the longest section of the seed papers is
about 30,000; a megabyte is a pasted file, refused with this limit named."""
KIND_MAX = 40
SECTION_KEY_MAX = 32
NAME_MAX = 200
PERSON_MAX = 100
LABEL_MAX = 40


def _fk(target: str, *, nullable: bool, ondelete: str) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


def _text(limit: int = NAME_MAX) -> Column:
    return Column(String(limit), nullable=False)


class Paper(SQLModel, table=True):
    """A board paper: its front sheet, in the papers' own order. Every field but the title may be
    empty; an approved or presented paper is frozen (rules.refuse_frozen_paper)."""

    __table_args__ = (
        UniqueConstraint("portfolio_id", "period_id", "kind", name="one_paper_per_kind"),
        CheckConstraint(sql_in("status", PaperStatus), name="paper_status_valid"),
        CheckConstraint("length(title) > 0", name="paper_has_title"),
    )

    id: int | None = Field(default=None, primary_key=True)
    portfolio_id: int = Field(sa_column=_fk("portfolio.id", nullable=False, ondelete="RESTRICT"))
    period_id: int = Field(sa_column=_fk("period.id", nullable=False, ondelete="RESTRICT"))
    kind: str = Field(default="report", sa_column=_text(KIND_MAX))
    """Tells two papers of one portfolio and period apart: "six-month report", "annual report"."""
    template: str = Field(default="", sa_column=_text(KIND_MAX))
    """The outline it started from (db/templates.py), or "" when copied or imported."""
    title: str = Field(sa_column=_text())
    programme: str = Field(default="", sa_column=_text())
    """The heading above the front sheet: "Performance and Resources Scrutiny Programme 2023"."""
    report_to: str = Field(default="", sa_column=_text())
    marking: str = Field(default="", sa_column=_text(LABEL_MAX))
    """The protective marking ("Official"), printed in every page's header and footer."""
    agenda_item: str = Field(default="", sa_column=_text(LABEL_MAX))
    meeting: str = Field(default="", sa_column=_text())
    meeting_date: dt.date | None = None
    chief_officer: str = Field(default="", sa_column=_text(PERSON_MAX))
    written_on: dt.date | None = None
    version: str = Field(default="", sa_column=_text(LABEL_MAX))
    report_from: str = Field(default="", sa_column=_text())
    authors: str = Field(default="", sa_column=_text())
    approved_by: str = Field(default="", sa_column=_text(PERSON_MAX))
    approved_on: dt.date | None = None
    cog: str = Field(default="", sa_column=_text())
    """What the front sheet says of the Chief Officers' Group: "At COG on 1st November 2023"."""
    status: str = Field(default=PaperStatus.DRAFT.value, sa_column=Column(String(16), nullable=False))


class PaperSection(SQLModel, table=True):
    """One section of a paper, in order. Level 1 sections are numbered 1.0, 2.0...; level 2 ones
    6.1, 6.2 under the level 1 before them; an untitled one continues the section before it."""

    __tablename__ = "paper_section"
    __table_args__ = (
        UniqueConstraint("paper_id", "key", name="paper_section_key_unique"),
        CheckConstraint(sql_in("kind", SectionKind), name="paper_section_kind_valid"),
        CheckConstraint("level IN (1, 2)", name="paper_section_level_valid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    paper_id: int = Field(sa_column=_fk("paper.id", nullable=False, ondelete="CASCADE"))
    key: str = Field(sa_column=_text(SECTION_KEY_MAX))
    """Its name in commands and history ("purpose", "risks"); the number follows from its place."""
    position: int = Field(sa_column=Column(Integer, nullable=False))
    level: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    kind: str = Field(default=SectionKind.NARRATIVE.value, sa_column=Column(String(16), nullable=False))
    title: str = Field(default="", sa_column=_text())
    numbered: bool = False
    """Its paragraphs are numbered 5.1, 5.2... as a command's report numbers them."""
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    """Narrative, or a data section's lead-in: paragraphs, "- " bullets, "## " sub-headings, "|" tables."""
    nil_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    """What a data section says when nothing is in scope, in the lead's words (default: tracker's)."""
    caption: str = Field(default="", sa_column=_text())
    """A table's caption: "Collaboration dashboard" prints as "Table 1 – Collaboration dashboard"."""
    stale: bool = False
    """Copied from the last period's paper and not yet edited or confirmed for this one."""


class Narrative(SQLModel, table=True):
    """A workstream's (or a dashboard section's) longer text for a period: the paper's paragraphs
    under it, beside the rating's rationale."""

    __table_args__ = (
        UniqueConstraint("workstream_id", "period_id", name="one_narrative_per_workstream_and_period"),
        UniqueConstraint("section_id", "period_id", name="one_narrative_per_section_and_period"),
        CheckConstraint("(workstream_id IS NULL) <> (section_id IS NULL)", name="narrative_of_one_thing"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workstream_id: int | None = Field(default=None, sa_column=_fk("workstream.id", nullable=True, ondelete="CASCADE"))
    section_id: int | None = Field(default=None, sa_column=_fk("section.id", nullable=True, ondelete="CASCADE"))
    period_id: int = Field(sa_column=_fk("period.id", nullable=False, ondelete="RESTRICT"))
    text: str = Field(sa_column=Column(Text, nullable=False))
