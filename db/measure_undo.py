"""Undo of a measure's value (db/undo.py calls it): a new value removed, or the earlier fields
put back, by the rules a value's write obeys (its closed period, its unit, no overlap)."""

import datetime as dt
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session

from .access import authorize, code_of
from .enums import ChangeKind, Entity
from .errors import InvalidInput
from .history import History, as_text, utc_now
from .measure_rules import check_no_overlap, split_value_ref
from .measures import VALUE_FIELDS, check_value, closed_periods, value_fields
from .models import ChangeEvent, Measure, MeasureValue
from .rules import refuse_closed_value
from .schemas import MeasureValueInput


def _typed(name: str, text: str | None) -> Any:
    if text is None:
        return "" if name == "footnote" else None
    if name in ("start", "end"):
        return dt.date.fromisoformat(text)
    if name == "n":
        return int(text)
    return text if name == "footnote" else float(text)


def invert_value(session: Session, history: History, vref: str, label: str, kind: str,
                 fields: dict[str, ChangeEvent]) -> None:
    """Take back a change to a measure's value (`vref`: history's name for it, `label` its period)."""
    ref, member, series = split_value_ref(vref)
    measure = session.execute(select(Measure).where(Measure.ref == ref)).scalar_one_or_none()
    if measure is None:
        raise InvalidInput(f"measure {ref} is gone since, so this change is not undone", where="undo")
    authorize(session, history.actor, f"measure {ref}", owner=measure.lead,
              portfolio=code_of(session, measure.portfolio_id))
    where = f"measure {ref}" + (f", {member}" if member else "") + f", {label}"
    row = session.execute(
        select(MeasureValue).where(MeasureValue.measure_id == measure.id, MeasureValue.member == member,
                                   MeasureValue.series == series.value, MeasureValue.label == label)
    ).scalar_one_or_none()
    if row is None:
        raise InvalidInput("that value is gone since, so this change is not undone", where=where)
    closed = closed_periods(session)
    refuse_closed_value(closed, row.end_date, where)
    current = value_fields(row)
    for name, event in fields.items():
        if as_text(current.get(name)) != event.new:
            raise InvalidInput(f"{event.field} has changed again since, so this change is not undone", where=where)
    if kind == ChangeKind.CREATE:
        history.deleted(Entity.MEASURE, vref, current, period=label)
        session.execute(delete(MeasureValue).where(MeasureValue.id == row.id))
        return
    restored = current | {name: _typed(name, event.old) for name, event in fields.items()}
    check_value(measure.unit, MeasureValueInput(**{k: restored[k] for k in VALUE_FIELDS}), where)
    refuse_closed_value(closed, restored["end"], where)
    others = session.execute(
        select(MeasureValue.label, MeasureValue.start_date, MeasureValue.end_date).where(
            MeasureValue.measure_id == measure.id, MeasureValue.member == member,
            MeasureValue.series == series.value, MeasureValue.id != row.id)).all()
    check_no_overlap(others, restored["start"], restored["end"], where)
    history.updated(Entity.MEASURE, vref, current, restored, period=label)
    columns = {("start_date" if k == "start" else "end_date" if k == "end" else k): v for k, v in restored.items()}
    session.execute(update(MeasureValue).where(MeasureValue.id == row.id).values(
        **columns, entered_by=history.actor, entered_at=utc_now()))
