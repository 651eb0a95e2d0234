"""The work strands' low-level reads, shared by the views, replay and the writers: which table
links each kind of record to plan priorities, the links as stored, and a parent action's
summary of its sub-actions' status."""

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from .enums import ActionStatus
from .models import Action, ActionPriority, Measure, MeasurePriority, Priority, Risk, RiskPriority, Workstream, WorkstreamPriority

PRIORITY_LINKS: dict[type[SQLModel], tuple[type[SQLModel], str]] = {
    Workstream: (WorkstreamPriority, "workstream_id"), Risk: (RiskPriority, "risk_id"),
    Action: (ActionPriority, "action_id"), Measure: (MeasurePriority, "measure_id"),
}
"""The records that link to plan priorities: the link table and its column naming the record."""
KIND = {Workstream: "workstream", Risk: "risk", Action: "action", Measure: "measure"}


def linked_priorities(session: Session, model: type[SQLModel]) -> dict[str, tuple[int, ...]]:
    """The priorities each record of `model` links to, by its ref, in number order."""
    table, column = PRIORITY_LINKS[model]
    found: dict[str, list[int]] = {}
    query = (select(model.ref, Priority.number).select_from(table)
             .join(model, model.id == getattr(table, column)).join(Priority, Priority.id == table.priority_id))
    for ref, number in session.execute(query):
        found.setdefault(ref, []).append(number)
    return {ref: tuple(sorted(numbers)) for ref, numbers in found.items()}


def children(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Each parent action's sub-actions (ref, status), unordered."""
    parent = Action.__table__.alias("parent")
    query = select(parent.c.ref.label("parent"), Action.ref, Action.status).join(parent, parent.c.id == Action.parent_id)
    found: dict[str, list[tuple[str, str]]] = {}
    for row in session.execute(query):
        found.setdefault(row.parent, []).append((row.ref, row.status))
    return found


def summary(statuses: list[str]) -> str:
    """A parent's status from its children's: "3 of 6 done" (cancelled ones are not counted)."""
    counted = [s for s in statuses if s != ActionStatus.CANCELLED]
    done = sum(1 for s in counted if s == ActionStatus.DONE)
    return f"{done} of {len(counted)} done"


def summaries(session: Session) -> dict[str, str]:
    """Each parent action's summary of its sub-actions, by its ref."""
    return {ref: summary([status for _, status in kids]) for ref, kids in children(session).items()}
