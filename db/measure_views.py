"""Reads of measures and their values: each measure's latest (or a chosen period's) value beside
the value a year before, found by dates; a measure's breakdown by member; its every value.

A value is compared with the value of the same measure, member and series whose period is as
long (within 45 days) and ends about a year earlier (within 45 days), whatever its label.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import Session

from .enums import Series, Unit
from .errors import InvalidInput, NotFound
from .models import Measure, MeasureValue, Period, Workstream
from .numbers import Comparison, compare, format_difference, format_value, printed_difference
from .value_labels import dates_of
from .views import PeriodInfo, in_scope, scope

YEAR_SLACK = dt.timedelta(days=45)
"""How far "the same period last year" may be from exactly a year before (quarters, months)."""


@dataclass(frozen=True, slots=True)
class ValueInfo:
    """One stored value of a measure, as the screens and reports read it."""

    label: str
    start: dt.date
    end: dt.date
    member: str
    series: str
    value: float | None
    low: float | None = None
    high: float | None = None
    ci: float | None = None
    n: int | None = None
    footnote: str = ""
    entered_by: str = ""
    entered_at: str = ""


_VALUE_COLUMNS = (MeasureValue.measure_id, MeasureValue.label, MeasureValue.start_date, MeasureValue.end_date,
                  MeasureValue.member, MeasureValue.series, MeasureValue.value, MeasureValue.low, MeasureValue.high,
                  MeasureValue.ci, MeasureValue.n, MeasureValue.footnote, MeasureValue.entered_by,
                  MeasureValue.entered_at)
"""What a ValueInfo holds, after the measure's id: read as plain rows (no ORM objects: a
breakdown's every value is hundreds of rows, every measure's latest a thousand)."""


def _read_values(session: Session, query) -> list[tuple[int, ValueInfo]]:
    """(measure id, value) for each row of `query`, a select of _VALUE_COLUMNS."""
    return [(row[0], ValueInfo(*row[1:])) for row in session.connection().execute(query)]


def _own_values():
    """A select of measures' own values (their totals, actual series)."""
    return select(*_VALUE_COLUMNS).where(MeasureValue.member == "", MeasureValue.series == Series.ACTUAL.value)


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


def measure_row(session: Session, ref: str) -> tuple[Measure, dict[str, Any]]:
    """A measure's row (detached) and its fields as history names them."""
    row = session.execute(select(Measure).where(Measure.ref == ref)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no measure {ref!r}", where=f"measure {ref}")
    workstream = None if row.workstream_id is None else session.execute(
        select(Workstream.ref).where(Workstream.id == row.workstream_id)
    ).scalar()
    values = row.model_dump(exclude={"id", "ref", "sort_key", "workstream_id"}) | {"workstream": workstream}
    session.expunge(row)
    return row, values


def measure_unit(session: Session, ref: str) -> Unit:
    return Unit(measure_row(session, ref)[0].unit)


def period_dates(session: Session, label: str, where: str = "period") -> tuple[str, dt.date, dt.date]:
    """A label's dates: a stored period's, else those the label reads as ("Mar 2016")."""
    found = session.execute(select(Period.start_date, Period.end_date).where(Period.label == label)).first()
    if found is not None:
        return label, found[0], found[1]
    dates = dates_of(label)
    if dates is None:
        raise InvalidInput(f"no period {label!r}, and it does not read as dates (e.g. \"Mar 2016\", \"Q2 2023/24\", "
                           "\"2019/20\", \"12 months to Sep 2016\", \"30 Jun 2020\")", where=where)
    return label, *dates


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
    portfolio: str | None = None
    """The child portfolio it comes from, in a portfolio's view (every code, in all portfolios')."""
    last_value: ValueInfo | None = None
    this_value: ValueInfo | None = None
    decimals: int | None = None
    dimension: str | None = None
    source: str = ""
    question: str = ""
    significance: str | None = None
    """The measure's rule (overlap, z_test, none; None: the combined-width rule)."""
    profile_target: float | None = None
    """The target its profile (the `target` series) sets for this value's period, if any."""

    @property
    def period_target(self) -> float | None:
        """The target this value is held to: its period's in the profile, else the measure's one."""
        return self.target if self.profile_target is None else self.profile_target

    @property
    def this_label(self) -> str | None:
        return self.this_period

    @property
    def last_label(self) -> str | None:
        return self.last_period

    @property
    def difference_shown(self) -> str:
        """The difference as tracker shows it ("+15.7%", "-5.30 pp", "N/A")."""
        return format_difference(self.comparison)

    @property
    def difference_printed(self) -> str:
        """The difference as the papers print it ("15.7", "-2.0", "2"; "" when there is none)."""
        return printed_difference(self.comparison)

    def shown(self, value: float | None) -> str:
        return format_value(self.unit, value, self.decimals)


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def year_before_value(candidates: list[ValueInfo], this: ValueInfo) -> ValueInfo | None:
    """Of `candidates` (the same measure, member and series), the one as long as `this` ending
    about a year before it, the nearest if several."""
    wanted_end = _year_earlier(this.end)
    length = this.end - this.start
    best = None
    for v in candidates:
        if v is this or abs(v.end - wanted_end) > YEAR_SLACK or abs((v.end - v.start) - length) > YEAR_SLACK:
            continue
        if best is None or abs(v.end - wanted_end) < abs(best.end - wanted_end):
            best = v
    return best


def year_before(session: Session, period: PeriodInfo) -> PeriodInfo | None:
    """The stored period a year before `period`: as long, ending about a year earlier."""
    from .views import periods

    here = ValueInfo(period.label, period.start, period.end, "", Series.ACTUAL, None)
    stored = {p.label: p for p in periods(session) if p.id != period.id}
    found = year_before_value([ValueInfo(p.label, p.start, p.end, "", Series.ACTUAL, None) for p in stored.values()],
                              here)
    return None if found is None else stored[found.label]


def _rank(v: ValueInfo) -> tuple[dt.date, int]:
    """Later values rank higher; of two ending together, the longer."""
    return v.end, -v.start.toordinal()


def _values_by_measure(session: Session, measure_id: int) -> dict[tuple[int, str, str], list[ValueInfo]]:
    """A measure's every value, by (measure id, member, series), oldest first."""
    query = (select(*_VALUE_COLUMNS).where(MeasureValue.measure_id == measure_id)
             .order_by(MeasureValue.end_date, MeasureValue.start_date.desc()))
    found: dict[tuple[int, str, str], list[ValueInfo]] = defaultdict(list)
    for mid, v in _read_values(session, query):
        found[(mid, v.member, v.series)].append(v)
    return found


def _reported(session: Session, measure_ids, chosen: tuple[str, dt.date, dt.date] | None,
              as_of: dt.date | None) -> dict[int, ValueInfo]:
    """Each measure's value to report: the chosen period's (by label, else by its dates), else its
    latest (ending by `as_of`), read by the index, one row per measure. `measure_ids`: a select of
    the measures' ids."""
    if chosen is not None:
        label, start, end = chosen
        query = _own_values().where(MeasureValue.measure_id.in_(measure_ids), or_(
            MeasureValue.label == label, (MeasureValue.start_date == start) & (MeasureValue.end_date == end)))
        found: dict[int, ValueInfo] = {}
        for mid, v in _read_values(session, query):
            if mid not in found or v.label == label:
                found[mid] = v
        return found
    latest = (select(MeasureValue.id).where(MeasureValue.measure_id == Measure.id, MeasureValue.member == "",
                                            MeasureValue.series == Series.ACTUAL.value)
              .order_by(MeasureValue.end_date.desc(), MeasureValue.start_date).limit(1))
    if as_of is not None:
        latest = latest.where(MeasureValue.end_date <= as_of)
    ids = select(latest.correlate(Measure).scalar_subquery()).where(Measure.id.in_(measure_ids))
    return dict(_read_values(session, _own_values().where(MeasureValue.id.in_(ids))))


def _year_before_candidates(session: Session, measure_ids, reported: dict[int, ValueInfo]) -> dict[int, list[ValueInfo]]:
    """The measures' own values that could be those a year before `reported`'s: ending within
    the slack of a year before the earliest and the latest of them."""
    if not reported:
        return {}
    ends = [_year_earlier(v.end) for v in reported.values()]
    query = _own_values().where(MeasureValue.measure_id.in_(measure_ids),
                                MeasureValue.end_date.between(min(ends) - YEAR_SLACK, max(ends) + YEAR_SLACK))
    found: dict[int, list[ValueInfo]] = defaultdict(list)
    for mid, v in _read_values(session, query):
        found[mid].append(v)
    return found


def _profile_targets(session: Session, measure_ids, reported: dict[int, ValueInfo]) -> dict[int, list[ValueInfo]]:
    """The measures' own targets (the `target` series) whose periods reach the reported values'."""
    if not reported:
        return {}
    query = (select(*_VALUE_COLUMNS)
             .where(MeasureValue.member == "", MeasureValue.series == Series.TARGET.value,
                    MeasureValue.measure_id.in_(measure_ids), MeasureValue.value.is_not(None),
                    MeasureValue.start_date <= max(v.end for v in reported.values()),
                    MeasureValue.end_date >= min(v.end for v in reported.values())))
    found: dict[int, list[ValueInfo]] = defaultdict(list)
    for mid, v in _read_values(session, query):
        found[mid].append(v)
    return found


def _target_for(targets: list[ValueInfo], this: ValueInfo) -> float | None:
    """The target for `this` value's period: the one of the same dates, else the shortest whose
    period holds its end (a year's target for a month of it)."""
    same = next((t for t in targets if (t.start, t.end) == (this.start, this.end)), None)
    if same is not None:
        return same.value
    holding = [t for t in targets if t.start <= this.end <= t.end]
    return min(holding, key=lambda t: t.end - t.start).value if holding else None


def _pick(values: list[ValueInfo], chosen: tuple[str, dt.date, dt.date] | None,
          as_of: dt.date | None) -> ValueInfo | None:
    """The value to report: the chosen period's (by label, else by its dates), else the latest."""
    if chosen is not None:
        label, start, end = chosen
        return next((v for v in values if v.label == label), None) or next(
            (v for v in values if (v.start, v.end) == (start, end)), None)
    eligible = [v for v in values if as_of is None or v.end <= as_of]
    return max(eligible, key=_rank) if eligible else None


def compare_values(m: Measure, last: ValueInfo | None, this: ValueInfo | None) -> Comparison:
    """Two values of a measure compared by its own rules (difference kind, decimals, significance)."""
    field = lambda v, name: None if v is None else getattr(v, name)  # noqa: E731
    return compare(m.unit, m.direction, field(last, "value"), field(this, "value"), field(last, "ci"),
                   field(this, "ci"), kind=m.difference, decimals=m.difference_decimals, rule=m.significance,
                   n_last=field(last, "n"), n_this=field(this, "n"))


def _row(m: Measure, workstream: str | None, portfolio: str | None, last: ValueInfo | None,
         this: ValueInfo | None, profile_target: float | None = None) -> MeasureRow:
    footnotes = tuple(dict.fromkeys(v.footnote for v in (last, this) if v is not None and v.footnote))
    field = lambda v, name: None if v is None else getattr(v, name)  # noqa: E731
    return MeasureRow(
        m.ref, m.name, m.area, m.unit, m.direction, m.target, m.lead, workstream,
        field(last, "label"), field(this, "label"), field(last, "value"), field(this, "value"),
        field(last, "ci"), field(this, "ci"), footnotes, compare_values(m, last, this), portfolio,
        last, this, m.decimals, m.dimension, m.source, m.question, m.significance, profile_target,
    )


def measures(
    session: Session, period: str | None, *, area: str | None = None, as_of: PeriodInfo | None = None,
    portfolio: str | None = None, limit: int | None = None,
) -> list[MeasureRow]:
    """Every measure of `portfolio` and its children (None: all), its value (the total, actual)
    beside the one a year before.

    With a period (a stored period's label, or a label that reads as dates), that period's value
    for every measure (N/A where a measure has none); without one, each measure's own latest
    value (ending by `as_of`'s end, if given). `limit`: the first so many, in ref order (a screen's
    first page).
    """
    chosen = period_dates(session, period) if period else None
    where = scope(session, portfolio)
    query = in_scope(select(Measure).order_by(Measure.sort_key), Measure.portfolio_id, where)
    if area is not None:
        query = query.where(Measure.area == area)
    if limit is not None:
        query = query.limit(limit)
    found = list(session.execute(query).scalars())
    ids = query.with_only_columns(Measure.id) if limit is not None else query.with_only_columns(Measure.id).order_by(None)
    reported = _reported(session, ids, chosen, as_of.end if as_of else None)
    candidates = _year_before_candidates(session, ids, reported)
    targets = _profile_targets(session, ids, reported)
    workstreams = dict(session.execute(select(Workstream.id, Workstream.ref)).all())
    rows = []
    for m in found:
        this = reported.get(m.id)
        last = None if this is None else year_before_value(candidates.get(m.id, []), this)
        rows.append(_row(m, workstreams.get(m.workstream_id), where.child_of(m.portfolio_id), last, this,
                         None if this is None else _target_for(targets.get(m.id, []), this)))
    return rows


def breakdown(session: Session, ref: str, period: str | None = None, *,
              series: Series | str = Series.ACTUAL) -> list[MeasureRow]:
    """A measure's breakdown: one row per member (its `name` is the member's), with the chosen
    period's value (default: the latest period of the total or any member) beside the one a
    year before, in member order; the stored total last ("Total"), when there is one."""
    m, values = measure_row(session, ref)
    workstream = values["workstream"]
    by_key = _values_by_measure(session, m.id)
    series = Series(series).value
    chosen = period_dates(session, period) if period else None
    if chosen is None:
        latest = [max(vs, key=_rank) for (_, _, s), vs in by_key.items() if s == series and vs]
        if latest:
            top = max(latest, key=_rank)
            chosen = (top.label, top.start, top.end)
    members = sorted({member for (_, member, s) in by_key if s == series and member})
    rows = []
    for member in [*members, ""]:
        own = by_key.get((m.id, member, series), [])
        this = _pick(own, chosen, None)
        if member == "" and this is None:
            continue
        last = None if this is None else year_before_value(own, this)
        row = _row(m, workstream, None, last, this,
                   None if this is None else _target_for(by_key.get((m.id, member, Series.TARGET.value), []), this))
        rows.append(_renamed(row, member or "Total"))
    return rows


def _renamed(row: MeasureRow, name: str) -> MeasureRow:
    from dataclasses import replace

    return replace(row, name=name)


def series(session: Session, ref: str) -> list[ValueInfo]:
    """Every value of a measure (every member and series), oldest first (by end date)."""
    m, _ = measure_row(session, ref)
    found = [v for vs in _values_by_measure(session, m.id).values() for v in vs]
    return sorted(found, key=lambda v: (v.end, -v.start.toordinal(), v.series, v.member))


def values_of(session: Session, ref: str) -> dict[str, MeasureValue]:
    """A measure's own value rows (the total, actual series) by label."""
    m, _ = measure_row(session, ref)
    found = session.execute(
        select(MeasureValue).where(MeasureValue.measure_id == m.id, MeasureValue.member == "",
                                   MeasureValue.series == Series.ACTUAL.value)
    ).scalars().all()
    for value in found:
        session.expunge(value)
    return {v.label: v for v in found}


def measure_period(session: Session) -> PeriodInfo | None:
    """The stored period measures are reported on by default: the latest holding a value's end."""
    from .views import period_by_label

    latest = session.execute(select(func.max(MeasureValue.end_date))).scalar()
    if latest is None:
        return None
    found = session.execute(
        select(Period.label).where(Period.start_date <= latest, Period.end_date >= latest)
        .order_by(Period.end_date.desc(), Period.start_date.desc()).limit(1)
    ).scalar()
    return None if found is None else period_by_label(session, found)
