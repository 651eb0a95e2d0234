"""Undo: write the inverse of a person's last change as a new, recorded change.

History is never erased. The undo batch carries an `undo_of` event naming the batch it
reverses, so pressing undo again steps further back instead of redoing.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session

from .access import authorize, code_of
from .enums import ChangeKind, Entity, Rag
from .errors import InvalidInput
from .history import History, as_text, utc_now, writing
from .models import Action, ChangeEvent, Period, Risk, Workstream
from .rules import refuse_closed
from .schemas import ActionCreate, ActionUpdate, RiskCreate, RiskUpdate, WorkstreamCreate, WorkstreamUpdate, validated
from .ratings import rate, remove_rating, current_rating
from .writers import create_record, delete_record, id_of, read_record, update_record
from .views import period_by_label

UNDO_FIELD = "undo_of"
MAX_UNDO_EVENTS = 500
"""A larger change (an import) is not undone from here; restore a backup instead."""
INFORMATIONAL = {"carried_forward_from", "suggestion", "copied_from", UNDO_FIELD}

_MODELS = {Entity.WORKSTREAM: Workstream, Entity.ACTION: Action, Entity.RISK: Risk}
_UPDATES = {Entity.WORKSTREAM: WorkstreamUpdate, Entity.ACTION: ActionUpdate, Entity.RISK: RiskUpdate}
_CREATES = {Entity.WORKSTREAM: WorkstreamCreate, Entity.ACTION: ActionCreate, Entity.RISK: RiskCreate}


@dataclass(frozen=True, slots=True)
class UndoResult:
    batch: str
    """The batch that was undone."""
    summary: str
    """What was undone, e.g. "workstream 5.4.3: lead"."""


def last_undoable(session: Session, actor: str) -> list[ChangeEvent]:
    """The events of `actor`'s latest change that is not an undo and not undone yet."""
    undo_batches = select(ChangeEvent.batch).where(ChangeEvent.field == UNDO_FIELD)
    undone = select(ChangeEvent.new).where(ChangeEvent.field == UNDO_FIELD)
    batch = session.execute(
        select(ChangeEvent.batch)
        .where(ChangeEvent.actor == actor, ChangeEvent.batch.not_in(undo_batches), ChangeEvent.batch.not_in(undone))
        .order_by(ChangeEvent.id.desc())
        .limit(1)
    ).scalar()
    if batch is None:
        return []
    return list(session.execute(select(ChangeEvent).where(ChangeEvent.batch == batch).order_by(ChangeEvent.id)).scalars())


def undo_last(*, session: Session, actor: str) -> UndoResult:
    """Reverse `actor`'s last change, or say why it cannot be."""
    events = last_undoable(session, actor)
    if not events:
        raise InvalidInput("you have no change left to undo", where="undo")
    if len(events) > MAX_UNDO_EVENTS:
        raise InvalidInput(f"your last change touched {len(events)} fields (an import?); it is too large to undo here",
                           where="undo")
    for event in events:
        session.expunge(event)
    with writing(session, actor) as history:
        groups: dict[tuple[str, str, str | None, str], dict[str, ChangeEvent]] = defaultdict(dict)
        order: list[tuple[str, str, str | None, str]] = []
        for event in events:
            if event.field in INFORMATIONAL:
                continue
            key = (event.entity, event.ref, event.period, event.kind)
            if key not in groups:
                order.append(key)
            groups[key][event.field] = event
        for key in reversed(order):
            _invert(session, history, *key, groups[key])
        first = events[0]
        history.record(Entity(first.entity), first.ref, ChangeKind.UPDATE, UNDO_FIELD, None, first.batch, first.period)
    return UndoResult(first.batch, _summary(events))


def _summary(events: list[ChangeEvent]) -> str:
    first = events[0]
    fields = sorted({e.field for e in events if e.field not in INFORMATIONAL})
    where = f"{first.entity} {first.ref}" + (f" ({first.period})" if first.period else "")
    verb = {"create": "creation of", "delete": "deletion of"}.get(first.kind, "change to")
    return f"{verb} {where}" + (f": {', '.join(fields)}" if first.kind == "update" else "")


def _invert(session: Session, history: History, entity: str, ref: str, period: str | None, kind: str,
            fields: dict[str, ChangeEvent]) -> None:
    from . import paper_undo

    entity = Entity(entity)
    if paper_undo.undoes(entity, fields):
        paper_undo.invert(session, history, entity, ref, period, kind, fields)
    elif entity == Entity.ASSESSMENT:
        _invert_assessment(session, history, ref, period, kind, fields)
    elif entity == Entity.PERIOD and kind == ChangeKind.UPDATE and set(fields) == {"closed"}:
        authorize(session, history.actor, "close or reopen periods", admin_only=True)
        _check_current(as_text(period_by_label(session, ref).closed), fields["closed"], f"period {ref}")
        closed = fields["closed"].old == "true"
        session.execute(update(Period).where(Period.label == ref).values(closed=closed))
        history.updated(Entity.PERIOD, ref, {"closed": not closed}, {"closed": closed})
    elif entity == Entity.PERIOD and kind == ChangeKind.UPDATE and set(fields) == {"label"}:
        from .periods import rename_in

        rename_in(session, history, fields["label"].new, fields["label"].old)
    elif entity == Entity.MILESTONE:
        from .milestones import invert

        invert(session, history, ref, kind, fields)
    elif entity in _MODELS:
        _invert_record(session, history, entity, ref, kind, _current_names(entity, fields))
    elif entity == Entity.RISK_CONTROL:
        from .risk_controls import invert as invert_control

        invert_control(session, history, ref, kind, fields)
    elif entity == Entity.COMMENTARY and kind in (ChangeKind.CREATE, ChangeKind.UPDATE):
        _invert_commentary(session, history, ref, period, kind, fields)
    elif entity == Entity.MEASURE and period is not None and kind in (ChangeKind.CREATE, ChangeKind.UPDATE):
        from .measure_undo import invert_value

        invert_value(session, history, ref, period, kind, fields)
    elif entity == Entity.MEASURE and kind == ChangeKind.UPDATE and set(fields) == {"workstream"}:
        _invert_measure_link(session, history, ref, fields["workstream"])
    else:
        raise InvalidInput(f"a change to a {entity.value} cannot be undone here", where="undo")


def _invert_record(session: Session, history: History, entity: Entity, ref: str, kind: str,
                   fields: dict[str, ChangeEvent]) -> None:
    model = _MODELS[entity]
    if kind == ChangeKind.CREATE:
        if entity == Entity.RISK:  # controls added since (by someone else) go with it, recorded
            from .risk_controls import record_controls_deleted

            record_controls_deleted(session, history, ref, read_record(session, model, ref)[0])
        delete_record(session, history, model, ref)
        return
    values = {name: _parse(entity, name, event.old) for name, event in fields.items()}
    if kind == ChangeKind.DELETE:
        data = validated(_CREATES[entity], {"ref": ref, **values}, where=f"{entity} {ref}")
        create_record(session, history, model, data)
        return
    _, current = read_record(session, model, ref)
    for name, event in fields.items():
        _check_current(as_text(current.get(name)), event, f"{entity} {ref}")
    update_record(session, history, model, ref, values)


def _current_names(entity: Entity, fields: dict[str, ChangeEvent]) -> dict[str, ChangeEvent]:
    """A risk's events recorded before 0012 name `on_register`: read as `register_kind` (db/replay)."""
    if entity != Entity.RISK or "on_register" not in fields:
        return fields
    from types import SimpleNamespace

    from .replay import legacy_value

    renamed: dict[str, Any] = {}
    for name, event in fields.items():
        field, old = legacy_value(entity.value, name, event.old)
        new = legacy_value(entity.value, name, event.new)[1]
        renamed[field] = event if field == name else SimpleNamespace(field=field, old=old, new=new)
    return renamed


def _invert_assessment(session: Session, history: History, ref: str, period: str | None, kind: str,
                       fields: dict[str, ChangeEvent]) -> None:
    """Put a rating back through the ratings' one writer, so undo obeys every rule a rating does."""
    where = f"workstream {ref}, {period}"
    current = current_rating(session, ref, period)
    if kind == ChangeKind.CREATE:
        if current is None:
            return
        for name, event in fields.items():
            _check_current(as_text(current[name]), event, where)
        remove_rating(session, history, ref, period)
        return
    if kind == ChangeKind.UPDATE:
        for name, event in fields.items():
            _check_current(as_text((current or {}).get(name)), event, where)
    restored = ({"rationale": ""} if kind == ChangeKind.DELETE else dict(current or {})) | {
        name: event.old or "" for name, event in fields.items()}
    rate(session, history, ref, period, Rag(restored["rag"]), restored["rationale"], exact=True)


def _check_current(current: str | None, event: ChangeEvent, where: str) -> None:
    """Refuse to undo over someone else's later change."""
    if current != event.new:
        raise InvalidInput(f"{event.field} has changed again since, so this change is not undone", where=where)


def _parse(entity: Entity, field: str, text: str | None) -> Any:
    """A history value back into the field's type."""
    if text is None:
        return None
    if field == "priorities":
        return [int(n) for n in text.split(",") if n]
    return getattr(validated(_UPDATES[entity], {field: text}, where=f"{entity} history"), field)


def _invert_commentary(session: Session, history: History, ref: str, period: str | None, kind: str,
                       fields: dict[str, ChangeEvent]) -> None:
    """Take back a team's commentary: remove a new one, or put the earlier text back."""
    from .models import Commentary, Commitment

    commitment, team = ref.split("/", 1)
    owner, home = session.execute(select(Commitment.lead, Commitment.portfolio_id)
                                  .where(Commitment.ref == commitment)).first() or (None, None)
    authorize(session, history.actor, f"commitment {commitment}", owner=owner, portfolio=code_of(session, home))
    target = _open_period(session, period, "commentary", f"commitment {commitment}, {period}, {team}")
    row = session.execute(
        select(Commentary).join(Commitment, Commitment.id == Commentary.commitment_id)
        .where(Commitment.ref == commitment, Commentary.period_id == target.id, Commentary.team == team)
    ).scalar_one_or_none()
    where = f"commitment {commitment}, {period}, {team}"
    if row is None:
        raise InvalidInput("that commentary is gone since, so this change is not undone", where=where)
    _check_current(row.text, fields["text"], where)
    if kind == ChangeKind.CREATE:
        history.deleted(Entity.COMMENTARY, ref, {"text": row.text}, period=period)
        session.execute(delete(Commentary).where(Commentary.id == row.id))
        return
    history.updated(Entity.COMMENTARY, ref, {"text": row.text}, {"text": fields["text"].old}, period=period)
    session.execute(update(Commentary).where(Commentary.id == row.id).values(
        text=fields["text"].old, written_by=history.actor, written_at=utc_now()))


def _invert_measure_link(session: Session, history: History, ref: str, event: ChangeEvent) -> None:
    """Tie a measure back to the workstream it measured (its deletion, undone, detached it)."""
    from .models import Measure

    row = session.execute(select(Measure).where(Measure.ref == ref)).scalar_one_or_none()
    if row is None:
        raise InvalidInput(f"measure {ref} is gone since, so this change is not undone", where="undo")
    authorize(session, history.actor, f"measure {ref}", owner=row.lead, portfolio=code_of(session, row.portfolio_id))
    current = session.execute(select(Workstream.ref).where(Workstream.id == row.workstream_id)).scalar()
    _check_current(current, event, f"measure {ref}")
    target = None if event.old is None else id_of(session, Workstream, "ref", event.old, where=f"measure {ref}")
    session.execute(update(Measure).where(Measure.id == row.id).values(workstream_id=target))
    history.updated(Entity.MEASURE, ref, {"workstream": current}, {"workstream": event.old})


def _open_period(session: Session, label: str, what: str, where: str):
    """The period a change being undone was made in; refused as its writer refuses a closed one."""
    target = period_by_label(session, label)
    refuse_closed(label, target.closed, what, where)
    return target
