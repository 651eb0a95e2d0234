"""A workstream's milestones: added, edited, marked done and removed through one writer
(`write_milestone`), which store, import and undo all call, so the rules hold on every path.

History names a milestone "WORKSTREAM/TITLE"; its fields are planned, revised, done, percent.
"""

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints
from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from . import clock
from .access import authorize, code_of
from .enums import Entity
from .errors import InvalidInput, NotFound
from .history import History, as_text, writing
from .models import Workstream
from .rules import check_milestone
from .schemas import _Input, _not_blank, validated
from .strand_models import MILESTONE_TITLE_MAX, Milestone

FIELDS = ("planned", "revised", "done", "percent")
Title = Annotated[str, StringConstraints(max_length=MILESTONE_TITLE_MAX), AfterValidator(_not_blank)]


class MilestoneInput(_Input):
    """A milestone as given: its title, planned and revised dates, the day it was done, % complete."""

    title: Title
    planned: dt.date | None = None
    revised: dt.date | None = None
    done: dt.date | None = None
    percent: Annotated[int, Field(ge=0, le=100)] = 0


def milestone_ref(workstream: str, title: str) -> str:
    return f"{workstream}/{title}"


def milestones_of(session: Session, workstream_id: int) -> list[tuple[str, dict[str, Any]]]:
    """A workstream's milestones, by planned date (then title): (title, fields)."""
    rows = session.execute(select(Milestone).where(Milestone.workstream_id == workstream_id)).scalars().all()
    rows = sorted(rows, key=lambda m: (m.revised or m.planned or dt.date.max, m.title))
    return [(m.title, {name: getattr(m, name) for name in FIELDS}) for m in rows]


def _workstream(session: Session, ref: str) -> tuple[int, str | None, str | None]:
    row = session.execute(select(Workstream.id, Workstream.lead, Workstream.portfolio_id)
                          .where(Workstream.ref == ref)).first()
    if row is None:
        raise NotFound(f"no workstream {ref!r}", where=f"workstream {ref}")
    return row.id, row.lead, code_of(session, row.portfolio_id)


def current(session: Session, workstream_id: int, title: str) -> dict[str, Any] | None:
    row = session.execute(select(Milestone).where(Milestone.workstream_id == workstream_id,
                                                  Milestone.title == title)).scalar_one_or_none()
    return None if row is None else {name: getattr(row, name) for name in FIELDS}


def write_milestone(session: Session, history: History, workstream: str, title: str,
                    after: dict[str, Any] | None, *, must_exist: bool | None = None) -> list[str]:
    """Set a milestone to `after` (None: remove it), with its workstream lead's rights, its rules
    and its history; returns the fields that changed. `must_exist`: True for an edit, False for an
    addition, None for either (undo)."""
    workstream_id, lead, home = _workstream(session, workstream)
    where = f"workstream {workstream}, milestone {title!r}"
    authorize(session, history.actor, f"workstream {workstream}", owner=lead, portfolio=home)
    before = current(session, workstream_id, title)
    if must_exist is True and before is None:
        raise NotFound(f"no milestone {title!r}", where=where)
    if must_exist is False and before is not None:
        raise InvalidInput(f"milestone {title!r} exists already", where=f"{where}, title")
    ref = milestone_ref(workstream, title)
    if after is None:
        if before is None:
            raise NotFound(f"no milestone {title!r}", where=where)
        session.execute(delete(Milestone).where(Milestone.workstream_id == workstream_id, Milestone.title == title))
        history.deleted(Entity.MILESTONE, ref, before)
        return list(FIELDS)
    check_milestone(after["percent"], after.get("done"), clock.today(), where)
    if before is None:
        session.execute(insert(Milestone).values(workstream_id=workstream_id, title=title, **after))
        history.created(Entity.MILESTONE, ref, after)
        return list(FIELDS)
    changed = history.updated(Entity.MILESTONE, ref, before, after)
    if changed:
        session.execute(update(Milestone).where(Milestone.workstream_id == workstream_id, Milestone.title == title)
                        .values(**{name: after[name] for name in changed}))
    return changed


def add_milestone(*, session: Session, workstream: str, data: MilestoneInput, actor: str) -> None:
    with writing(session, actor) as history:
        write_milestone(session, history, workstream, data.title, data.model_dump(exclude={"title"}),
                        must_exist=False)


def edit_milestone(*, session: Session, workstream: str, title: str, changes: dict[str, Any], actor: str) -> list[str]:
    """Change the fields given (planned, revised, done, percent); a done date sets 100% unless
    a percent is given."""
    data = validated(MilestoneInput, {"title": title, **changes}, where=f"workstream {workstream}, milestone")
    with writing(session, actor) as history:
        workstream_id, _, _ = _workstream(session, workstream)
        before = current(session, workstream_id, title) or {}
        after = before | data.model_dump(include=set(changes))
        if changes.get("done") is not None and "percent" not in changes:
            after["percent"] = 100
        return write_milestone(session, history, workstream, title, after, must_exist=True)


def remove_milestone(*, session: Session, workstream: str, title: str, actor: str) -> None:
    with writing(session, actor) as history:
        write_milestone(session, history, workstream, title, None, must_exist=True)


def invert(session: Session, history: History, ref: str, kind: str, fields: dict) -> None:
    """Undo a milestone's change (db/undo.py): each field must still hold what the change wrote;
    the values go back through `write_milestone`, so its rules and rights hold for undo too."""
    workstream, _, title = ref.partition("/")
    workstream_id, _, _ = _workstream(session, workstream)
    now = current(session, workstream_id, title)
    where = f"workstream {workstream}, milestone {title!r}"
    for name, event in fields.items():
        if as_text((now or {}).get(name)) != event.new:
            raise InvalidInput(f"{name} has changed again since, so this change is not undone", where=where)
    if kind == "create":
        write_milestone(session, history, workstream, title, None)
        return
    after = dict(now or {"planned": None, "revised": None, "done": None, "percent": 0})
    for name, event in fields.items():
        after[name] = _value(name, event.old)
    write_milestone(session, history, workstream, title, after)


def _value(name: str, text: str | None) -> Any:
    if name == "percent":
        return int(text) if text else 0
    return dt.date.fromisoformat(text) if text else None
