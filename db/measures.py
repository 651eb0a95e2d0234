"""Performance measures and their values: writes (reads in db/measure_views.py, re-exported here).

A measure is named by its ref, or by its name where a person types one. A value has its own
period (start..end, with a label), a breakdown member ("" for the measure itself) and a series;
history names it by `measure_rules.value_ref` (measure, series, member) and its label.
"""

import datetime as dt
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from .access import authorize, code_of
from .enums import Entity, Unit
from .errors import InvalidInput
from .history import utc_now, writing
from .measure_rules import (
    check_measure_shape, check_member, check_no_overlap, check_range, check_sample_size, value_ref,
)
from .measure_views import (  # noqa: F401 -- the reads, for callers of db.measures
    MeasureRow, ValueInfo, YEAR_SLACK, breakdown, measure_period, measure_ref, measure_row, measure_unit, measures,
    period_dates, series, values_of, year_before,
)
from .models import Measure, MeasureValue, Period
from .rules import check_period_dates, refuse_closed_value
from .schemas import MeasureCreate, MeasureUpdate, MeasureValueInput
from .value_labels import label_for
from .views import period_by_label
from .writers import check_version, create_record, update_record

VALUE_FIELDS = ("start", "end", "value", "low", "high", "ci", "n", "footnote")
"""A value's fields as history records them (its label is history's period, its member and
series are in history's ref)."""


def _check_name_free(session: Session, name: str, ref: str, where: str) -> None:
    taken = session.execute(select(Measure.ref).where(Measure.name == name, Measure.ref != ref)).scalar()
    if taken is not None:
        raise InvalidInput(f"measure {taken} has that name already", where=f"{where}, name")


def create_measure(*, session: Session, data: MeasureCreate, actor: str) -> None:
    """Add a performance measure (admins decide what is measured)."""

    def rules(values: dict[str, Any], where: str) -> None:
        _check_name_free(session, data.name, data.ref, where)
        check_measure_shape(data.dimension, data.total, where)

    with writing(session, actor) as history:
        create_record(session, history, Measure, data, rules)


def update_measure(
    *, session: Session, ref: str, changes: MeasureUpdate, actor: str, expected: int | None = None
) -> list[str]:
    """Change a measure's fields (its name stays unique); returns what changed."""

    def rules(after: dict[str, Any], before: dict[str, Any], given: dict[str, Any], where: str):
        if "name" in given:
            _check_name_free(session, given["name"], ref, where)
        check_measure_shape(after.get("dimension"), after.get("total"), where)
        if before.get("dimension") and not after.get("dimension") and _has_members(session, ref):
            raise InvalidInput("it has values by member; a measure with a breakdown keeps its dimension",
                               where=f"{where}, dimension")
        return after

    with writing(session, actor) as history:
        check_version(session, Entity.MEASURE, ref, expected)
        return update_record(session, history, Measure, ref, changes.model_dump(exclude_unset=True), rules)


def _has_members(session: Session, ref: str) -> bool:
    return session.execute(
        select(MeasureValue.id).join(Measure, Measure.id == MeasureValue.measure_id)
        .where(Measure.ref == ref, MeasureValue.member != "").limit(1)
    ).first() is not None


def delete_measure(*, session: Session, ref: str, actor: str, expected: int | None = None) -> None:
    """Delete a measure and its values (admins only); history keeps them."""
    with writing(session, actor) as history:
        check_version(session, Entity.MEASURE, ref, expected)
        authorize(session, actor, "delete measures", admin_only=True)
        row, before = measure_row(session, ref)
        for value in session.execute(select(MeasureValue).where(MeasureValue.measure_id == row.id)).scalars():
            history.deleted(Entity.MEASURE, value_ref(ref, value.member, value.series), value_fields(value),
                            period=value.label)
        session.execute(delete(Measure).where(Measure.id == row.id))
        history.deleted(Entity.MEASURE, ref, before)


def value_fields(row: MeasureValue | None) -> dict[str, Any]:
    """A stored value's fields, as history names them."""
    if row is None:
        return {name: None for name in VALUE_FIELDS} | {"footnote": ""}
    return {"start": row.start_date, "end": row.end_date, "value": row.value, "low": row.low, "high": row.high,
            "ci": row.ci, "n": row.n, "footnote": row.footnote}


def check_value(unit: Unit | str, data: MeasureValueInput, where: str) -> None:
    """What a value must be for its unit (its range too); a missing value must say why."""
    unit = Unit(unit)
    if data.value is None and data.low is None and data.high is None and not data.footnote.strip():
        raise InvalidInput("a missing value (N/A) needs a footnote saying why", where=f"{where}, footnote")
    for name in ("value", "low", "high"):
        number = getattr(data, name)
        if number is None:
            continue
        if unit is Unit.PERCENTAGE and not 0 <= number <= 100:
            raise InvalidInput(f"{number:g} is not a percentage from 0 to 100", where=f"{where}, {name}")
        if unit in (Unit.COUNT, Unit.DAYS, Unit.SECONDS) and number < 0:
            raise InvalidInput(f"a {unit.value} cannot be negative ({number:g})", where=f"{where}, {name}")
    check_range(data.low, data.high, where)
    check_sample_size(data.n, where)


def value_period(session: Session, data: MeasureValueInput, where: str) -> tuple[str, dt.date, dt.date]:
    """A value's label and dates: a stored period's (`period`), `start`..`end` (labelled by
    `label` or from the dates), or a `label` read as dates or naming a stored period."""
    if data.period is not None:
        if data.start is not None or data.end is not None:
            raise InvalidInput("give a period or dates (start and end), not both", where=f"{where}, period")
        period = period_by_label(session, data.period)
        return data.label or period.label, period.start, period.end
    if (data.start is None) != (data.end is None):
        missing = "end" if data.end is None else "start"
        raise InvalidInput(f"a value's period needs both a start and an end (no {missing} given)",
                           where=f"{where}, {missing}")
    if data.start is not None:
        check_period_dates(data.start, data.end, where)
        return data.label or label_for(data.start, data.end), data.start, data.end
    if data.label is not None:
        return period_dates(session, data.label, f"{where}, label")
    raise InvalidInput("say which period: a period, a start and an end, or a label such as \"Mar 2016\"",
                       where=f"{where}, period")


def closed_periods(session: Session) -> list[tuple[str, dt.date, dt.date]]:
    return [tuple(row) for row in session.execute(
        select(Period.label, Period.start_date, Period.end_date).where(Period.closed))]


def check_value_rules(session: Session, measure: Measure, data: MeasureValueInput, label: str, start: dt.date,
                      end: dt.date, where: str, *, keep_id: int | None = None) -> None:
    """Every rule a value obeys beside its unit's: a member only with a dimension, a period that
    overlaps no other value's of the same measure, member and series, and no closed period."""
    check_member(measure.dimension, data.member or "", where)
    others = session.execute(
        select(MeasureValue.label, MeasureValue.start_date, MeasureValue.end_date).where(
            MeasureValue.measure_id == measure.id, MeasureValue.member == (data.member or ""),
            MeasureValue.series == data.series.value, MeasureValue.id != (keep_id or -1))
    ).all()
    check_no_overlap(others, start, end, where)
    refuse_closed_value(closed_periods(session), end, where)


def set_measure_value(
    *, session: Session, ref: str, data: MeasureValueInput, actor: str, expected: int | None = None
) -> bool:
    """Set a measure's value for a period (or N/A with a footnote); returns whether it changed."""
    where = f"measure {ref}"
    with writing(session, actor) as history:
        label, start, end = value_period(session, data, where)
        member, series_name = data.member or "", data.series.value
        where = f"measure {ref}" + (f", {member}" if member else "") + f", {label}"
        vref = value_ref(ref, member, series_name)
        check_version(session, Entity.MEASURE, vref, expected, label)
        row, values = measure_row(session, ref)
        authorize(session, actor, f"measure {ref}", owner=values["lead"], portfolio=code_of(session, row.portfolio_id))
        existing = session.execute(
            select(MeasureValue).where(MeasureValue.measure_id == row.id, MeasureValue.member == member,
                                       MeasureValue.series == series_name, MeasureValue.label == label)
        ).scalar_one_or_none()
        if existing is not None and existing.end_date != end:
            refuse_closed_value(closed_periods(session), existing.end_date, where)
        given = data.model_dump(exclude_unset=True)
        # What is not given is kept as it was; the value is always given.
        after = value_fields(existing) | {"start": start, "end": end, "value": data.value} | {
            k: given[k] for k in ("low", "high", "ci", "n", "footnote") if k in given}
        check_value(row.unit, MeasureValueInput(start=start, end=end, **{k: after[k] for k in VALUE_FIELDS[2:]}),
                    where)
        check_value_rules(session, row, data, label, start, end, where,
                          keep_id=None if existing is None else existing.id)
        columns = _columns(after) | {"entered_by": actor, "entered_at": utc_now()}
        if existing is None:
            session.execute(insert(MeasureValue).values(measure_id=row.id, label=label, member=member,
                                                        series=series_name, **columns))
            history.created(Entity.MEASURE, vref, after, period=label)
            return True
        changed = history.updated(Entity.MEASURE, vref, value_fields(existing), after, period=label)
        if changed:
            session.execute(update(MeasureValue).where(MeasureValue.id == existing.id).values(**columns))
        return bool(changed)


def _columns(fields: dict[str, Any]) -> dict[str, Any]:
    """History's names of a value's fields as the table's columns."""
    renamed = {"start": "start_date", "end": "end_date"}
    return {renamed.get(k, k): v for k, v in fields.items()}
