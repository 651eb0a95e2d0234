"""Reads of the work strands: a workstream's milestones in words, an action's sub-actions and the
summary of their status, and the plan priorities records link to ("links to the plan")."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import literal, select, union_all
from sqlmodel import Session

from . import strand_reads
from .models import Priority, Workstream
from .strand_reads import linked_priorities, summaries, summary  # noqa: F401 -- read from here too
from .strand_models import Milestone
from .views import natural_key


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    workstream: str
    title: str
    planned: dt.date | None
    revised: dt.date | None
    done: dt.date | None
    percent: int

    def state(self, today: dt.date) -> str:
        """Where it stands, in words (never colour alone)."""
        if self.done is not None:
            return f"done {self.done.isoformat()}"
        due = self.revised or self.planned
        if due is not None and due < today:
            return f"overdue, {self.percent}% complete"
        return f"{self.percent}% complete"


def milestones(session: Session, workstream: str | None = None) -> list[MilestoneRow]:
    """Milestones, by workstream and then the date they are due (revised, else planned)."""
    query = (select(Workstream.ref, Workstream.sort_key, Milestone.title, Milestone.planned, Milestone.revised,
                    Milestone.done, Milestone.percent).join(Workstream, Workstream.id == Milestone.workstream_id))
    if workstream is not None:
        query = query.where(Workstream.ref == workstream)
    rows = session.execute(query).all()
    rows = sorted(rows, key=lambda r: (r.sort_key, r.revised or r.planned or dt.date.max, r.title))
    return [MilestoneRow(r.ref, r.title, r.planned, r.revised, r.done, r.percent) for r in rows]


def children(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Each parent action's sub-actions (ref, status), in natural order of their refs."""
    return {ref: sorted(kids, key=lambda kid: natural_key(kid[0])) for ref, kids in strand_reads.children(session).items()}


def plan_links(session: Session) -> dict[tuple[int, str], list[tuple[str, str, str]]]:
    """By priority (number, title), the (kind, ref, name) of every record linked to it:
    workstreams, risks, actions, measures, in that order and each in natural order of ref. One
    statement (a UNION ALL of the four link tables): a paper read over a network pays per read."""
    queries = []
    for model, (table, column) in strand_reads.PRIORITY_LINKS.items():
        name = model.title if hasattr(model, "title") else model.name
        queries.append(select(literal(strand_reads.KIND[model]).label("kind"), Priority.number, Priority.title,
                              model.ref, name.label("shown")).select_from(table)
                       .join(model, model.id == getattr(table, column)).join(Priority, Priority.id == table.priority_id))
    order = {kind: i for i, kind in enumerate(strand_reads.KIND.values())}
    found: dict[tuple[int, str], list[tuple[str, str, str]]] = {}
    rows = sorted(session.execute(union_all(*queries)), key=lambda r: (r[1], order[r[0]], natural_key(r[3])))
    for kind, number, title, ref, shown in rows:
        found.setdefault((number, title), []).append((kind, ref, shown))
    return dict(sorted(found.items()))


def nested(rows: list) -> list[tuple]:
    """Action rows (anything with `ref` and `parent`) with each sub-action under its parent, at its
    depth: [(row, 0), (child, 1), ...]. A row whose parent is not among `rows` stands at the top,
    in the order given."""
    refs = {row.ref for row in rows}
    under: dict[str | None, list] = {}
    for row in rows:
        under.setdefault(row.parent if row.parent in refs else None, []).append(row)
    out: list[tuple] = []

    def walk(parent: str | None, depth: int) -> None:
        for row in under.get(parent, []):
            out.append((row, depth))
            if row.ref != parent:
                walk(row.ref, depth + 1)

    walk(None, 0)
    return out


def measure_priorities(session: Session) -> dict[str, tuple[int, ...]]:
    """The plan priorities each measure links to, by its ref."""
    from .models import Measure

    return linked_priorities(session, Measure)
