"""Performance measures and their values by period, compared year on year: writes and reads.

A measure is named by its ref, or by its name where a person types one.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlmodel import Session

from .access import authorize
from .enums import Entity, Unit
from .errors import InvalidInput, NotFound
from .history import utc_now, writing
from .models import Measure, MeasureValue, Period, Workstream
from .numbers import Comparison, compare, format_value
from .rules import refuse_closed
from .schemas import MeasureCreate, MeasureUpdate, MeasureValueInput
from .views import PeriodInfo, in_scope, period_by_label, periods, scope
from .writers import check_version, create_record, update_record

YEAR_SLACK = dt.timedelta(days=45)
"""How far "the same period last year" may be from exactly a year before (quarters, months)."""


def measure_ref(session: Session, name_or_ref: str) -> str:
    """A measure's ref from its ref or its name (any case)."""
    found = session.execute(
        select(Measure.ref).where(or_(Measure.ref == name_or_ref, Measure.name == name_or_ref))
    ).scalar()
    if found is None:
        found = session.execute(
            select(Measure.ref).where(func.lower(Measure.name) == name_or_ref.lower())
        ).scalar()
    if found is None:
        raise NotFound(f"no measure {name_or_ref!r} (by ref or name)", where="measure")
    return found


def measure_unit(session: Session, ref: str) -> Unit:
    row, _ = _measure(session, ref)
    return Unit(row.unit)


def _measure(session: Session, ref: str) -> tuple[Measure, dict[str, Any]]:
    row = session.execute(select(Measure).where(Measure.ref == ref)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no measure {ref!r}", where=f"measure {ref}")
    workstream = None if row.workstream_id is None else session.execute(
        select(Workstream.ref).where(Workstream.id == row.workstream_id)
    ).scalar()
    values = row.model_dump(exclude={"id", "ref", "sort_key", "workstream_id"}) | {"workstream": workstream}
    session.expunge(row)
    return row, values


def _check_name_free(session: Session, name: str, ref: str, where: str) -> None:
    taken = session.execute(select(Measure.ref).where(Measure.name == name, Measure.ref != ref)).scalar()
    if taken is not None:
        raise InvalidInput(f"measure {taken} has that name already", where=f"{where}, name")


def create_measure(*, session: Session, data: MeasureCreate, actor: str) -> None:
    """Add a performance measure (admins decide what is measured)."""
    with writing(session, actor) as history:
        create_record(session, history, Measure, data,
                      lambda values, where: _check_name_free(session, data.name, data.ref, where))


def update_measure(
    *, session: Session, ref: str, changes: MeasureUpdate, actor: str, expected: int | None = None
) -> list[str]:
    """Change a measure's fields (its name stays unique); returns what changed."""

    def rules(after: dict[str, Any], before: dict[str, Any], given: dict[str, Any], where: str):
        if "name" in given:
            _check_name_free(session, given["name"], ref, where)
        return after

    with writing(session, actor) as history:
        check_version(session, Entity.MEASURE, ref, expected)
        return update_record(session, history, Measure, ref, changes.model_dump(exclude_unset=True), rules)


def delete_measure(*, session: Session, ref: str, actor: str, expected: int | None = None) -> None:
    """Delete a measure and its values (admins only); history keeps them."""
    with writing(session, actor) as history:
        check_version(session, Entity.MEASURE, ref, expected)
        authorize(session, actor, "delete measures", admin_only=True)
        row, before = _measure(session, ref)
        for label, value in session.execute(
            select(Period.label, MeasureValue).join(Period, Period.id == MeasureValue.period_id)
            .where(MeasureValue.measure_id == row.id)
        ):
            history.deleted(Entity.MEASURE, ref, _value_fields(value), period=label)
        session.execute(delete(Measure).where(Measure.id == row.id))
        history.deleted(Entity.MEASURE, ref, before)


def _value_fields(row: MeasureValue | None) -> dict[str, Any]:
    if row is None:
        return {"value": None, "ci": None, "footnote": ""}
    return {"value": row.value, "ci": row.ci, "footnote": row.footnote}


def check_value(unit: Unit | str, data: MeasureValueInput, where: str) -> None:
    """What a value must be for its unit; a missing value must say why."""
    unit = Unit(unit)
    if data.value is None and not data.footnote.strip():
        raise InvalidInput("a missing value (N/A) needs a footnote saying why", where=f"{where}, footnote")
    if data.value is not None:
        if unit is Unit.PERCENTAGE and not 0 <= data.value <= 100:
            raise InvalidInput(f"{data.value:g} is not a percentage from 0 to 100", where=f"{where}, value")
        if unit in (Unit.COUNT, Unit.DAYS, Unit.SECONDS) and data.value < 0:
            raise InvalidInput(f"a {unit.value} cannot be negative ({data.value:g})", where=f"{where}, value")


def set_measure_value(
    *, session: Session, ref: str, data: MeasureValueInput, actor: str, expected: int | None = None
) -> bool:
    """Set a measure's value for a period (or N/A with a footnote); returns whether it changed."""
    where = f"measure {ref}, {data.period}"
    with writing(session, actor) as history:
        check_version(session, Entity.MEASURE, ref, expected, data.period)
        row, values = _measure(session, ref)
        authorize(session, actor, f"measure {ref}", owner=values["lead"])
        period = period_by_label(session, data.period)
        refuse_closed(data.period, period.closed, "value", where)
        existing = session.execute(
            select(MeasureValue).where(MeasureValue.measure_id == row.id, MeasureValue.period_id == period.id)
        ).scalar_one_or_none()
        given = data.model_dump(exclude_unset=True)
        # A confidence interval or footnote that is not given is kept as it was; the value is always given.
        after = _value_fields(existing) | {"value": data.value} | {k: given[k] for k in ("ci", "footnote") if k in given}
        check_value(row.unit, MeasureValueInput(period=data.period, **after), where)
        stamp = {"entered_by": actor, "entered_at": utc_now()}
        if existing is None:
            session.execute(insert(MeasureValue).values(measure_id=row.id, period_id=period.id, **after, **stamp))
            history.created(Entity.MEASURE, ref, after, period=data.period)
            return True
        changed = history.updated(Entity.MEASURE, ref, _value_fields(existing), after, period=data.period)
        if changed:
            session.execute(update(MeasureValue).where(MeasureValue.id == existing.id).values(**after, **stamp))
        return bool(changed)


# ---------------------------------------------------------------------------------------------
# Reads


@dataclass(frozen=True, slots=True)
class MeasureRow:
    ref: str
    name: str
    area: str
    unit: str
    direction: str
    target: float | None
    lead: str | None
    workstream: str | None
    last_period: str | None
    this_period: str | None
    last: float | None
    this: float | None
    ci_last: float | None
    ci_this: float | None
    footnotes: tuple[str, ...]
    comparison: Comparison

    def shown(self, value: float | None) -> str:
        return format_value(self.unit, value)


def measure_period(session: Session) -> PeriodInfo | None:
    """The period measures are reported on by default: the latest with any value."""
    found = session.execute(
        select(Period.label).join(MeasureValue, MeasureValue.period_id == Period.id)
        .order_by(Period.end_date.desc(), Period.start_date.desc()).limit(1)
    ).scalar()
    return None if found is None else period_by_label(session, found)


def year_before(session: Session, period: PeriodInfo) -> PeriodInfo | None:
    """The same period a year earlier: as long, ending about a year before (within 45 days)."""
    wanted_end = _year_earlier(period.end)
    length = period.end - period.start
    best = None
    for p in periods(session):
        if p.id == period.id or abs(p.end - wanted_end) > YEAR_SLACK or abs((p.end - p.start) - length) > YEAR_SLACK:
            continue
        if best is None or abs(p.end - wanted_end) < abs(best.end - wanted_end):
            best = p
    return best


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def measures(
    session: Session, period: str | None, *, area: str | None = None, as_of: PeriodInfo | None = None,
    portfolio: str | None = None,
) -> list[MeasureRow]:
    """Every measure (of `portfolio` and its children; None: all) with a period's value beside
    the same period a year before's.

    With a period, that period for every measure (N/A where a measure has no value in it);
    without one, each measure's own latest period with a value (ending by `as_of`, if given).
    """
    chosen = period_by_label(session, period) if period else None
    all_periods = {p.id: p for p in periods(session)}
    values: dict[tuple[int, int], MeasureValue] = {}
    latest: dict[int, PeriodInfo] = {}
    for v in session.execute(select(MeasureValue)).scalars():
        values[(v.measure_id, v.period_id)] = v
        p = all_periods[v.period_id]
        if as_of is not None and p.end > as_of.end:
            continue
        if v.measure_id not in latest or _rank(p) > _rank(latest[v.measure_id]):
            latest[v.measure_id] = p
    before: dict[int, PeriodInfo | None] = {}
    workstreams = dict(session.execute(select(Workstream.id, Workstream.ref)).all())
    query = in_scope(select(Measure).order_by(Measure.sort_key), Measure.portfolio_id, scope(session, portfolio))
    if area is not None:
        query = query.where(Measure.area == area)
    rows = []
    for m in session.execute(query).scalars():
        this_period = chosen or latest.get(m.id)
        if this_period is not None and this_period.id not in before:
            before[this_period.id] = year_before(session, this_period)
        last_period = before.get(this_period.id) if this_period else None
        this = values.get((m.id, this_period.id)) if this_period else None
        last = values.get((m.id, last_period.id)) if last_period else None
        footnotes = tuple(dict.fromkeys(v.footnote for v in (last, this) if v is not None and v.footnote))
        numbers = (_field(last, "value"), _field(this, "value"), _field(last, "ci"), _field(this, "ci"))
        rows.append(MeasureRow(
            m.ref, m.name, m.area, m.unit, m.direction, m.target, m.lead, workstreams.get(m.workstream_id),
            last_period.label if last_period else None, this_period.label if this_period else None,
            *numbers, footnotes, compare(m.unit, m.direction, *numbers),
        ))
    return rows


def _rank(period: PeriodInfo) -> tuple[dt.date, int]:
    """Later periods rank higher; of two ending together, the longer (as the views order them)."""
    return period.end, -period.start.toordinal()


def _field(value: MeasureValue | None, name: str) -> float | None:
    return None if value is None else getattr(value, name)


def values_of(session: Session, ref: str) -> dict[str, MeasureValue]:
    """A measure's value rows by period label."""
    row, _ = _measure(session, ref)
    found = session.execute(
        select(Period.label, MeasureValue).join(Period, Period.id == MeasureValue.period_id)
        .where(MeasureValue.measure_id == row.id)
    ).all()
    for _label, value in found:
        session.expunge(value)
    return dict(found)


def series(session: Session, ref: str) -> list[tuple[str, float | None]]:
    """A measure's values over periods, oldest first (None where it was N/A)."""
    row, _ = _measure(session, ref)
    return [
        (label, value) for label, value in session.execute(
            select(Period.label, MeasureValue.value).join(Period, Period.id == MeasureValue.period_id)
            .where(MeasureValue.measure_id == row.id).order_by(Period.end_date, Period.start_date)
        )
    ]
