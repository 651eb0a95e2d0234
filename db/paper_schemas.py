"""Validated input for papers: the front sheet, a section, a narrative (db/papers.py writes them)."""

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from .enums import PaperStatus, SectionKind
from .paper_models import KIND_MAX, LABEL_MAX, NAME_MAX, PAPER_TEXT_MAX, PERSON_MAX, SECTION_KEY_MAX
from .schemas import Label, _Input, _no_nul, _not_blank


def _within_limit(value: str) -> str:
    """A clear limit, said in characters, for text that a pasted file could swell."""
    if len(value) > PAPER_TEXT_MAX:
        raise ValueError(f"is {len(value):,} characters long; a paper's text holds at most {PAPER_TEXT_MAX:,} "
                         "characters (split it into sections)")
    return _no_nul(value)


_KEY = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
KEY_SHAPE = "a section key is lower-case letters and digits, joined by '-', '_' or '.' (e.g. future-work)"


def _key_shape(value: str) -> str:
    if not _KEY.fullmatch(value):
        raise ValueError(f"{value!r} is not a section key: {KEY_SHAPE}")
    return value


def _kind_shape(value: str) -> str:
    value = _not_blank(value)
    if value != value.strip() or "/" in value:
        raise ValueError("a paper's kind is words without '/' and without spaces around it (e.g. six-month report)")
    return value


def _level(value: int) -> int:
    if value not in (1, 2):
        raise ValueError("a section's level is 1 (numbered 5.0) or 2 (numbered 5.1, under the one before)")
    return value


Text = Annotated[str, AfterValidator(_within_limit)]
Level = Annotated[int, AfterValidator(_level)]
Short = Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_no_nul)]
Person = Annotated[str, StringConstraints(max_length=PERSON_MAX), AfterValidator(_no_nul)]
ShortLabel = Annotated[str, StringConstraints(max_length=LABEL_MAX), AfterValidator(_no_nul)]
Title = Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_not_blank)]
Key = Annotated[str, StringConstraints(max_length=SECTION_KEY_MAX), AfterValidator(_key_shape)]
Kind = Annotated[str, StringConstraints(max_length=KIND_MAX), AfterValidator(_kind_shape)]

FRONT_FIELDS = ("programme", "report_to", "title", "marking", "agenda_item", "chief_officer", "written_on",
                "version", "report_from", "meeting", "meeting_date", "authors", "approved_on", "approved_by", "cog")
"""The front sheet's fields in the papers' order (db/paper_views.FRONT_LABELS names them)."""


class FrontSheetUpdate(_Input):
    """Front sheet fields to change; "" empties a text field, None a date."""

    title: Title | None = None
    programme: Short = ""
    report_to: Short = ""
    marking: ShortLabel = ""
    agenda_item: ShortLabel = ""
    meeting: Short = ""
    meeting_date: dt.date | None = None
    chief_officer: Person = ""
    written_on: dt.date | None = None
    version: ShortLabel = ""
    report_from: Short = ""
    authors: Short = ""
    approved_by: Person = ""
    approved_on: dt.date | None = None
    cog: Short = ""


class FrontSheet(FrontSheetUpdate):
    title: Title


class SectionUpdate(_Input):
    """Section fields to change (only those set)."""

    title: Short = ""
    kind: SectionKind = SectionKind.NARRATIVE
    level: Level = 1
    numbered: bool = False
    text: Text = ""
    nil_text: Text = ""
    caption: Short = ""
    stale: bool = False


class SectionInput(SectionUpdate):
    """A new section: its key and the fields of SectionUpdate."""

    key: Key


class PaperRecord(FrontSheet):
    """A paper as import reads it: where it belongs, its front sheet, status and sections."""

    portfolio: str | None = None
    period: Label
    kind: Kind = "report"
    template: ShortLabel = ""
    status: PaperStatus = PaperStatus.DRAFT
    section: list[SectionInput] = []


class NarrativeRecord(_Input):
    """A workstream's (or a dashboard section's) narrative for a period, as import reads it."""

    workstream: str | None = None
    section: str | None = None
    period: Label
    text: Text
