"""Measure values in an import (db/bulk.py): each value's period from its dates, its label or a
period of the file or the database; the rules of a single value (db/measures.py) applied to
each, as if entered in order; then inserted with their history."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlmodel import Session

from .enums import Entity
from .errors import InvalidInput
from .measure_rules import check_member, check_no_overlap, value_ref
from .measures import VALUE_FIELDS, check_value, closed_periods
from .models import MeasureValue, Period
from .rules import check_period_dates, refuse_closed_value
from .schemas import MeasureValueRecord
from .value_labels import dates_of, label_for


@dataclass(frozen=True, slots=True)
class Placed:
    """An imported value with its period resolved."""

    ref: str
    record: MeasureValueRecord
    label: str
    start: dt.date
    end: dt.date

    @property
    def fields(self) -> dict:
        """Its fields as history names them."""
        return {"start": self.start, "end": self.end} | self.record.model_dump(include=set(VALUE_FIELDS[2:]))


def _where(ref: str, record: MeasureValueRecord, label: str | None = None) -> str:
    member = f", {record.member}" if record.member else ""
    return f"measure {ref}{member}, value {label or record.period or record.label or record.start}"


def _placed(ref: str, v: MeasureValueRecord, periods: dict[str, tuple[dt.date, dt.date]]) -> Placed:
    where = _where(ref, v)
    if v.period is not None:
        if v.start is not None or v.end is not None:
            raise InvalidInput("give a period or dates (start and end), not both", where=f"{where}, period")
        if v.period not in periods:
            raise InvalidInput(f"no period {v.period!r}", where=f"{where}, period")
        return Placed(ref, v, v.label or v.period, *periods[v.period])
    if (v.start is None) != (v.end is None):
        missing = "end" if v.end is None else "start"
        raise InvalidInput(f"a value's period needs both a start and an end (no {missing} given)",
                           where=f"{where}, {missing}")
    if v.start is not None:
        check_period_dates(v.start, v.end, where)
        return Placed(ref, v, v.label or label_for(v.start, v.end), v.start, v.end)
    if v.label is not None:
        dates = periods.get(v.label) or dates_of(v.label)
        if dates is None:
            raise InvalidInput(f"{v.label!r} is no period and does not read as dates; give start and end",
                               where=f"{where}, label")
        return Placed(ref, v, v.label, *dates)
    raise InvalidInput("say which period: start and end, a label, or a period", where=f"{where}, period")


def check_values(session: Session, snapshot, measures: dict) -> list[Placed]:
    """Every value of the file placed and checked: its measure is in the file, its unit's rules,
    a member only with a dimension, no overlap with another of the same measure, member and
    series, and no closed period stored already."""
    periods = {label: (start, end) for label, start, end in session.execute(
        select(Period.label, Period.start_date, Period.end_date))}
    periods |= {p.label: (p.start, p.end) for p in snapshot.periods}
    closed = closed_periods(session)
    placed: list[Placed] = []
    seen: dict[tuple[str, str, str], list[tuple[str, dt.date, dt.date]]] = {}
    for ref, items in snapshot.values.items():
        if ref not in measures:
            raise InvalidInput(f"no measure {ref!r} in this file", where=f"measure {ref}, value")
        for v in items:
            p = _placed(ref, v, periods)
            where = _where(ref, v, p.label)
            check_value(measures[ref].unit, v, where)
            check_member(measures[ref].dimension, v.member or "", where)
            others = seen.setdefault((ref, v.member or "", v.series.value), [])
            if any(label == p.label for label, _, _ in others):
                raise InvalidInput(f"a second value labelled {p.label!r}", where=f"{where}, label")
            check_no_overlap(others, p.start, p.end, where)
            refuse_closed_value(closed, p.end, f"{where}, period")
            others.append((p.label, p.start, p.end))
            placed.append(p)
    return placed


def insert_values(session: Session, placed: list[Placed], measure_ids: dict[str, int]) -> None:
    rows = [
        {"measure_id": measure_ids[p.ref], "start_date": p.start, "end_date": p.end, "label": p.label,
         "member": p.record.member or "", "series": p.record.series.value,
         **p.record.model_dump(include={"value", "low", "high", "ci", "n", "footnote", "entered_by", "entered_at"})}
        for p in placed
    ]
    if rows:
        session.execute(insert(MeasureValue), rows)


def record_values(history, placed: list[Placed]) -> None:
    for p in placed:
        history.created(Entity.MEASURE, value_ref(p.ref, p.record.member or "", p.record.series), p.fields,
                        period=p.label)
