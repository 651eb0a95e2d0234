"""Rules a single change obeys, each in one function that every path calls: the store's own
writes, import (db/bulk.py, as if each record were entered in order) and undo.

Roles and ownership live in db/access.py; these are about the data.
"""

import datetime as dt

from .enums import Rag
from .errors import InvalidInput

MIN_PERIOD_YEAR = 1900
"""Periods are compared with the same period a year earlier, so a period in year 1 crashed every
list and report that compares (there is no year 0). A period before 1900 is a typo (0023 for 2023)."""


def check_period_dates(start: dt.date, end: dt.date, where: str) -> None:
    """A period starts on or before its end, within the years tracker can compare."""
    for field, day in (("start", start), ("end", end)):
        if day.year < MIN_PERIOD_YEAR:
            raise InvalidInput(f"{day.isoformat()} is before {MIN_PERIOD_YEAR}; a period's dates are from "
                               f"{MIN_PERIOD_YEAR}-01-01 on", where=f"{where}, {field}")
    if start > end:
        raise InvalidInput(f"start {start} is after end {end}", where=f"{where}, start")


_FROZEN = {
    "rag": "its RAGs are frozen; reopen it first if this change is intended",
    "commentary": "its commentary is frozen; reopen it first",
    "value": "its values are frozen; reopen it first",
    "narrative": "its narrative is frozen; reopen it first",
}


def refuse_closed(label: str, closed: bool, what: str, where: str) -> None:
    """A closed period's RAGs, commentary and measure values are frozen (`what`: rag, commentary, value, narrative)."""
    if closed:
        raise InvalidInput(f"period {label} is closed, so {_FROZEN[what]}", where=where)


def check_commentary_team(ref: str, owners: list[str], team: str, where: str | None = None) -> None:
    """Commentary on a commitment comes from one of its owning teams (any team when it names none)."""
    if owners and team not in owners:
        raise InvalidInput(f"{team!r} is not one of its owning teams ({'; '.join(owners)})",
                           where=where or f"commitment {ref}, team")


def needs_rationale(rag: Rag, previous: Rag | None, rationale: str | None) -> bool:
    """Whether a RAG lacks the rationale it needs: it differs from the previous period's (or
    there was none) and none is given. The readiness check asks this of stored ratings."""
    return not (rationale or "").strip() and rag != previous


def require_rationale(rag: Rag, previous: Rag | None, rationale: str | None, where: str) -> None:
    """A RAG that differs from the previous period's (or where there was none) needs a rationale."""
    if needs_rationale(rag, previous, rationale):
        was = "no RAG" if previous is None else previous.label
        raise InvalidInput(f"a rationale is required: {rag.label} differs from the previous period's ({was})",
                           where=f"{where}, rationale")


def require_new_rationale(rag: Rag, stored: Rag | None, old: str, rationale: str | None, *, kept: bool,
                          where: str) -> None:
    """A RAG changed from the one stored for the period does not take the stored rationale as it
    is (the reason for Green is not the reason for Amber): it is typed anew, or `kept` on purpose.
    The TUI's rating form shows the stored rationale, so it asks this; the CLI's `rag --note` is
    always typed, and without one a changed RAG drops the old rationale (see ratings.rate)."""
    if stored is not None and rag != stored and not kept and (old or "").strip() and rationale == old:
        raise InvalidInput(f"RAG changed from {stored.label} to {rag.label}: type a new rationale",
                           where=f"{where}, rationale")


def require_override_reason(suggested: Rag, reason: str, rag: Rag, rationale: str | None, where: str) -> None:
    """A RAG other than the one a measure suggests needs its reason (the rationale)."""
    if rag != suggested and not (rationale or "").strip():
        raise InvalidInput(f"{reason} suggests {suggested.label}; overriding it with {rag.label} needs a reason "
                           "(the rationale)", where=f"{where}, rationale")


def refuse_frozen_paper(status: str, version: str, where: str) -> None:
    """An approved or presented paper is frozen, like a closed period: a change needs a new
    version first (`tracker paper version`), which history records. Every write of a paper's
    front sheet and sections asks this."""
    if status != "draft":
        shown = f" (version {version})" if version else ""
        raise InvalidInput(f"the paper is {status}{shown}, so it is frozen; start a new version with "
                           "`tracker paper version NEW` to change it", where=where)


def closed_period_of_value(closed: list[tuple[str, dt.date, dt.date]], end: dt.date) -> str | None:
    """The closed period a measure's value falls in, if any: one whose dates hold the value's end
    date (a value is reported in the period it ends in). `closed`: (label, start, end) of each
    closed period. Every write of a value (store, import, undo) asks this."""
    for label, first, last in closed:
        if first <= end <= last:
            return label
    return None


def refuse_closed_value(closed: list[tuple[str, dt.date, dt.date]], end: dt.date, where: str) -> None:
    """A value ending inside a closed period is frozen with it."""
    label = closed_period_of_value(closed, end)
    if label is not None:
        refuse_closed(label, True, "value", where)


def refuse_parent_cycle(ref: str, parent: str | None, parent_of, where: str) -> None:
    """A sub-action's parent is neither itself nor one of its own sub-actions (at any depth).
    `parent_of(ref)` gives an action's parent as it will stand. Store, import and undo ask this."""
    if parent is None:
        return
    if parent == ref:
        raise InvalidInput("an action cannot be its own parent", where=f"{where}, parent")
    seen = {ref}
    current: str | None = parent
    while current is not None:
        if current in seen:
            raise InvalidInput(f"{parent} is one of its own sub-actions, so it cannot be its parent",
                               where=f"{where}, parent")
        seen.add(current)
        current = parent_of(current)


def check_milestone(percent: int, done: dt.date | None, today: dt.date, where: str) -> None:
    """A milestone is 0 to 100% complete, and is done on a day that has come (not tomorrow)."""
    if not 0 <= percent <= 100:
        raise InvalidInput(f"{percent}% is not from 0 to 100", where=f"{where}, percent")
    if done is not None and done > today:
        raise InvalidInput(f"{done.isoformat()} is still to come (today is {today.isoformat()}); a milestone is "
                           "marked done once it is", where=f"{where}, done")
