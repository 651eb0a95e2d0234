"""Import of the work strands (db/bulk.py calls these): a workstream's milestones, a sub-action's
parent, and the priorities risks, actions and measures link to. Each record passes the rule a
single change of it passes (rules.check_milestone, rules.refuse_parent_cycle), and its history
is recorded with it."""

from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session

from . import clock
from .enums import Entity
from .errors import InvalidInput
from .models import Action, Measure, Priority, Risk, Workstream
from .rules import check_milestone, refuse_parent_cycle
from .strand_models import Milestone
from .strand_reads import PRIORITY_LINKS


def check_strands(session: Session, snapshot, keys: dict) -> None:
    """Before anything is inserted: each priority named exists, each parent is an action, no
    parent chain loops, each milestone's workstream is in the file, and each milestone obeys its rules."""
    for kind, records in (("risk", snapshot.risks), ("action", snapshot.actions), ("measure", snapshot.measures)):
        for record in records:
            for number in record.priorities:
                keys["priority"].require(number, f"{kind} {record.ref}, priorities")
    parents = {a.ref: a.parent for a in snapshot.actions}
    stored = _stored_parents(session)
    for a in snapshot.actions:
        keys["action"].require(a.parent, f"action {a.ref}, parent")
        refuse_parent_cycle(a.ref, a.parent, lambda ref: parents[ref] if ref in parents else stored.get(ref),
                            f"action {a.ref}")
    today = clock.today()
    for ref, items in snapshot.milestones.items():
        if ref not in keys["workstream"].new:
            raise InvalidInput(f"no workstream {ref!r} in this file", where=f"workstream {ref}, milestone")
        seen: set[str] = set()
        for m in items:
            where = f"workstream {ref}, milestone {m.title!r}"
            if m.title in seen:
                raise InvalidInput("a second milestone of the same title", where=f"{where}, title")
            seen.add(m.title)
            check_milestone(m.percent, m.done, today, where)


def _stored_parents(session: Session) -> dict[str, str]:
    parent = Action.__table__.alias("parent")
    return dict(session.execute(select(Action.ref, parent.c.ref).join(parent, parent.c.id == Action.parent_id)).all())


def insert_strands(session: Session, snapshot, keys: dict) -> None:
    """After the records are in: parents, priority links, milestones."""
    actions = dict(session.execute(select(Action.ref, Action.id)).all())
    for a in snapshot.actions:
        if a.parent is not None:
            session.execute(update(Action).where(Action.id == actions[a.ref]).values(parent_id=actions[a.parent]))
    numbers = dict(session.execute(select(Priority.number, Priority.id)).all())
    for model, records in ((Risk, snapshot.risks), (Action, snapshot.actions), (Measure, snapshot.measures)):
        table, column = PRIORITY_LINKS[model]
        ids = dict(session.execute(select(model.ref, model.id)).all())
        rows = [{column: ids[r.ref], "priority_id": numbers[n]} for r in records for n in sorted(set(r.priorities))]
        if rows:
            session.execute(insert(table), rows)
    workstreams = dict(session.execute(select(Workstream.ref, Workstream.id)).all())
    rows = [{"workstream_id": workstreams[ref], **m.model_dump()} for ref, items in snapshot.milestones.items()
            for m in items]
    if rows:
        session.execute(insert(Milestone), rows)


def record_milestones(history, snapshot) -> None:
    for ref, items in snapshot.milestones.items():
        for m in items:
            history.created(Entity.MILESTONE, f"{ref}/{m.title}", m.model_dump(exclude={"title"}))


STRAND_FIELDS = ("parent", "priorities")
"""Fields of an imported action, risk or measure that are not its table's columns."""


def columns_of(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in STRAND_FIELDS}
