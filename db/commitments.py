"""The plan's "We will" commitments, with commentary by team and period: writes and reads.

Writes go through `writing` like every other store write: one transaction with its history.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session

from .access import authorize, code_of
from .enums import Entity
from .errors import InvalidInput, NotFound
from .history import utc_now, writing
from .models import Commentary, Commitment, Period, Priority
from .rules import check_commentary_team, refuse_closed
from .schemas import CommentaryInput, CommitmentCreate, CommitmentUpdate
from .views import PeriodInfo, in_scope, period_by_label, scope
from .writers import check_version, create_record, update_record


def _commitment(session: Session, ref: str) -> Commitment:
    row = session.execute(select(Commitment).where(Commitment.ref == ref)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no commitment {ref!r}", where=f"commitment {ref}")
    session.expunge(row)
    return row


def create_commitment(*, session: Session, data: CommitmentCreate, actor: str) -> None:
    """Add a "We will" commitment under a plan priority (admins shape the plan)."""

    def rules(values: dict[str, Any], where: str):
        check_parent(data.ref, values.get("parent"), _stored_parents(session), f"{where}, parent")
        _same_priority(values.get("parent"), values["priority"], _stored_priorities(session), f"{where}, parent")

    with writing(session, actor) as history:
        create_record(session, history, Commitment, data, rules)


def _stored_parents(session: Session) -> dict[str, str | None]:
    """Each stored commitment's parent ref (None: it stands alone)."""
    parent = Commitment.__table__.alias("parent")
    found = session.execute(select(Commitment.ref, parent.c.ref)
                            .outerjoin(parent, parent.c.id == Commitment.parent_id)).all()
    return dict(found)


def _stored_priorities(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Commitment.ref, Priority.number)
                                .join(Priority, Priority.id == Commitment.priority_id)).all())


def _same_priority(parent: str | None, priority: int, priorities: dict[str, int], where: str) -> None:
    """A sub-commitment sits under its parent's priority (the plan lists a priority's rows together)."""
    if parent is not None and priorities.get(parent, priority) != priority:
        raise InvalidInput(f"parent {parent!r} is under priority {priorities[parent]}, not {priority}", where=where)


def check_parent(ref: str, parent: str | None, parents: dict[str, str | None], where: str) -> None:
    """A parent exists (in `parents`, ref -> its parent), is not the commitment itself and is not
    one of its own sub-commitments (no cycle)."""
    if parent is None:
        return
    if parent == ref:
        raise InvalidInput(f"commitment {ref!r} cannot be its own parent", where=where)
    if parent not in parents:
        raise InvalidInput(f"no commitment {parent!r}", where=where)
    seen, up = set(), parent
    while up is not None and up not in seen:
        if up == ref:
            raise InvalidInput(f"parent {parent!r} is a sub-commitment of {ref!r}: that would make a cycle",
                               where=where)
        seen.add(up)
        up = parents.get(up)


def check_parents(session: Session, records: list[CommitmentCreate]) -> None:
    """An import's parents: each names a commitment stored or in the file, not itself, no cycle."""
    parents = _stored_parents(session) | {c.ref: c.parent for c in records}
    priorities = _stored_priorities(session) | {c.ref: c.priority for c in records}
    for c in records:
        check_parent(c.ref, c.parent, parents, f"commitment {c.ref}, parent")
        _same_priority(c.parent, c.priority, priorities, f"commitment {c.ref}, parent")


def update_commitment(
    *, session: Session, ref: str, changes: CommitmentUpdate, actor: str, expected: int | None = None
) -> list[str]:
    """Change a commitment's wording, priority, owning teams or lead; returns what changed."""

    def rules(after: dict[str, Any], before: dict[str, Any], given: dict[str, Any], where: str):
        if "owners" in given:
            _keep_commentary_owned(session, ref, after["owners"], where)
        if "parent" in given or "priority" in given:
            check_parent(ref, after["parent"], _stored_parents(session), f"{where}, parent")
            priorities = _stored_priorities(session)
            _same_priority(after["parent"], after["priority"], priorities, f"{where}, parent")
            if any(p == ref for p in _stored_parents(session).values()) and after["priority"] != before["priority"]:
                raise InvalidInput("its sub-commitments stay under its priority: move them first",
                                   where=f"{where}, priority")
        return after

    with writing(session, actor) as history:
        check_version(session, Entity.COMMITMENT, ref, expected)
        return update_record(session, history, Commitment, ref, changes.model_dump(exclude_unset=True), rules)


def _keep_commentary_owned(session: Session, ref: str, owners: list[str], where: str) -> None:
    """The owning teams may change, but not so as to leave a team's commentary owned by nobody:
    every commentary comes from an owning team, in the database as at input (an export then
    imports again under the same rule)."""
    teams = session.scalars(select(Commentary.team).join(Commitment, Commitment.id == Commentary.commitment_id)
                            .where(Commitment.ref == ref).distinct())
    for team in sorted(teams):
        try:
            check_commentary_team(ref, owners, team)
        except InvalidInput:
            raise InvalidInput(f"{team!r} has written commentary on it, so it stays one of the owning teams",
                               where=f"{where}, owners") from None


def commentary_ref(commitment: str, team: str) -> str:
    """How history names one team's commentary on a commitment."""
    return f"{commitment}/{team}"


def write_commentary(
    *, session: Session, ref: str, data: CommentaryInput, actor: str, expected: int | None = None
) -> bool:
    """Add or revise one team's commentary on a commitment for a period; returns whether it changed.

    Each period keeps its own rows, so adding this quarter's update never touches the last one.
    A closed period's commentary is frozen, as its RAGs are.
    """
    where = f"commitment {ref}, {data.period}, {data.team}"
    history_ref = commentary_ref(ref, data.team)
    with writing(session, actor) as history:
        check_version(session, Entity.COMMENTARY, history_ref, expected, data.period)
        row = _commitment(session, ref)
        authorize(session, actor, f"commitment {ref}", owner=row.lead, portfolio=code_of(session, row.portfolio_id))
        check_commentary_team(ref, row.owners, data.team)
        period = period_by_label(session, data.period)
        refuse_closed(data.period, period.closed, "commentary", where)
        existing = session.execute(
            select(Commentary.id, Commentary.text).where(
                Commentary.commitment_id == row.id, Commentary.period_id == period.id, Commentary.team == data.team
            )
        ).first()
        stamp = {"written_by": actor, "written_at": utc_now()}
        if existing is None:
            session.execute(insert(Commentary).values(
                commitment_id=row.id, period_id=period.id, team=data.team, text=data.text, **stamp
            ))
            history.created(Entity.COMMENTARY, history_ref, {"text": data.text}, period=data.period)
            return True
        if not history.updated(Entity.COMMENTARY, history_ref, {"text": existing.text}, {"text": data.text},
                               period=data.period):
            return False
        session.execute(update(Commentary).where(Commentary.id == existing.id).values(text=data.text, **stamp))
        return True


# ---------------------------------------------------------------------------------------------
# Reads


@dataclass(frozen=True, slots=True)
class CommentaryRow:
    team: str
    text: str
    written_by: str
    written_at: str


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    ref: str
    priority: int
    priority_title: str
    text: str
    owners: tuple[str, ...]
    lead: str | None
    period: str | None
    commentary: tuple[CommentaryRow, ...]
    """The chosen period's commentary, one per team; empty when there is no update yet."""
    portfolio: str | None = None
    """The child portfolio it comes from, in a portfolio's view (every code, in all portfolios')."""
    parent: str | None = None
    """The ref of the commitment it is a sub-commitment of."""
    depth: int = 0
    """How many parents it has above it (0: it stands alone or heads sub-commitments)."""
    children: int = 0

    @property
    def updated(self) -> bool:
        return bool(self.commentary)

    @property
    def lacks_update(self) -> bool:
        """No commentary of its own, and no sub-commitments that carry the update instead."""
        return not self.commentary and not self.children


@dataclass(frozen=True, slots=True)
class PlanPriority:
    number: int
    title: str
    objective: str
    commitments: int
    without_update: int


def commentary_period(session: Session, up_to: PeriodInfo | None = None) -> PeriodInfo | None:
    """The period the plan is reported on by default: the latest with any commentary (ending
    by the end of `up_to`, when given)."""
    query = select(Period.label).join(Commentary, Commentary.period_id == Period.id)
    if up_to is not None:
        query = query.where(Period.end_date <= up_to.end)
    found = session.execute(query.order_by(Period.end_date.desc(), Period.start_date.desc()).limit(1)).scalar()
    return None if found is None else period_by_label(session, found)


def commitments(
    session: Session, period: str | None, *, priority: int | None = None, portfolio: str | None = None
) -> list[CommitmentRow]:
    """Commitments of `portfolio` and its children (None: all) in plan order with the period's
    commentary by team."""
    target = period_by_label(session, period) if period else None
    where = scope(session, portfolio)
    query = (
        select(Commitment, Priority.number, Priority.title)
        .join(Priority, Priority.id == Commitment.priority_id)
        .order_by(Priority.number, Commitment.sort_key)
    )
    if priority is not None:
        query = query.where(Priority.number == priority)
    rows = session.execute(in_scope(query, Commitment.portfolio_id, where)).all()
    notes: dict[int, list[CommentaryRow]] = defaultdict(list)
    if target is not None:
        found = session.execute(
            select(Commentary).where(Commentary.period_id == target.id).order_by(Commentary.id)
        ).scalars()
        for c in found:
            notes[c.commitment_id].append(CommentaryRow(c.team, c.text, c.written_by, c.written_at))
    refs = dict(session.execute(select(Commitment.id, Commitment.ref)).all())
    parents = {c.id: c.parent_id for c, _, _ in rows}
    children: dict[int, int] = defaultdict(int)
    for parent in parents.values():
        children[parent] += 1
    return [
        CommitmentRow(c.ref, number, title, c.text, tuple(c.owners), c.lead, target.label if target else None,
                      tuple(_in_owner_order(notes[c.id], c.owners)), where.child_of(c.portfolio_id),
                      refs.get(c.parent_id), _depth(c.id, parents), children[c.id])
        for c, number, title in _under_parents(rows)
    ]


def _depth(commitment_id: int, parents: dict[int, int | None]) -> int:
    depth, up, seen = 0, parents.get(commitment_id), set()
    while up is not None and up in parents and up not in seen:
        depth, seen, up = depth + 1, seen | {up}, parents.get(up)
    return depth


def _under_parents(rows: list) -> list:
    """Plan order, each sub-commitment straight after its parent (and its parent's earlier children)."""
    ids = {c.id for c, _, _ in rows}
    kids: dict[int | None, list] = defaultdict(list)
    for row in rows:
        kids[row[0].parent_id if row[0].parent_id in ids else None].append(row)
    ordered: list = []

    def add(parent: int | None) -> None:
        for row in kids.get(parent, []):
            ordered.append(row)
            if row[0].id != parent:
                add(row[0].id)

    add(None)
    return ordered


def _in_owner_order(rows: list[CommentaryRow], owners: list[str]) -> list[CommentaryRow]:
    rank = {team: i for i, team in enumerate(owners)}
    return sorted(rows, key=lambda r: rank.get(r.team, len(rank)))


def plan_priorities(session: Session, rows: list[CommitmentRow], *, portfolio: str | None = None) -> list[PlanPriority]:
    """Each priority (of `portfolio` and its children, or holding one of `rows`) with how many of
    `rows` (from `commitments`) it has and how many lack an update."""
    total: dict[int, int] = defaultdict(int)
    missing: dict[int, int] = defaultdict(int)
    for row in rows:
        total[row.priority] += 1
        missing[row.priority] += row.lacks_update
    where = scope(session, portfolio)
    return [
        PlanPriority(p.number, p.title, p.objective, total[p.number], missing[p.number])
        for p in session.execute(select(Priority).order_by(Priority.number)).scalars()
        if where.ids is None or p.portfolio_id in where.ids or p.number in total
    ]


def commentary_over_time(session: Session, ref: str) -> list[tuple[str, CommentaryRow]]:
    """Every period's commentary on one commitment, newest period first: earlier quarters stay readable."""
    row = _commitment(session, ref)
    found = session.execute(
        select(Period.label, Commentary)
        .join(Period, Period.id == Commentary.period_id)
        .where(Commentary.commitment_id == row.id)
        .order_by(Period.end_date.desc(), Commentary.id)
    ).all()
    return [(label, CommentaryRow(c.team, c.text, c.written_by, c.written_at)) for label, c in found]
