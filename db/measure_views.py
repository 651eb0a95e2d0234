"""Reads of measures: each measure's latest (or a chosen period's) value beside the value a year
before, found by dates (db/measure_values.py reads the values); a measure's breakdown by member;
its every value."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import Session

from .enums import Series, TotalKind, Unit
from .errors import InvalidInput, NotFound
from .models import Measure, MeasureValue, Period, Workstream
from .numbers import Comparison, compare, format_difference, format_value, printed_difference
from .measure_values import (  # noqa: F401 -- YEAR_SLACK, for callers of db.measures
    YEAR_SLACK, ValueInfo, derived_totals, pick, profile_targets, rank, reported_values, summed, target_for,
    values_by_measure, year_before_candidates, year_before_value,
)
from .value_labels import dates_of
from .views import PeriodInfo, in_scope, scope



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


def year_before(session: Session, period: PeriodInfo) -> PeriodInfo | None:
    """The stored period a year before `period`: as long, ending about a year earlier."""
    from .views import periods

    here = ValueInfo(period.label, period.start, period.end, "", Series.ACTUAL, None)
    stored = {p.label: p for p in periods(session) if p.id != period.id}
    found = year_before_value([ValueInfo(p.label, p.start, p.end, "", Series.ACTUAL, None) for p in stored.values()],
                              here)
    return None if found is None else stored[found.label]


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
    reported = reported_values(session, ids, chosen, as_of.end if as_of else None)
    candidates = year_before_candidates(session, ids, reported)
    targets = profile_targets(session, ids, reported)
    derived = derived_totals(session, [m.id for m in found if m.total == TotalKind.DERIVED.value])
    workstreams = dict(session.execute(select(Workstream.id, Workstream.ref)).all())
    rows = []
    for m in found:
        if m.id in derived:  # its total is the sum of its members
            this = pick(derived[m.id], chosen, as_of.end if as_of else None)
            last = None if this is None else year_before_value(derived[m.id], this)
        else:
            this = reported.get(m.id)
            last = None if this is None else year_before_value(candidates.get(m.id, []), this)
        rows.append(_row(m, workstreams.get(m.workstream_id), where.child_of(m.portfolio_id), last, this,
                         None if this is None else target_for(targets.get(m.id, []), this)))
    return rows


def breakdown(session: Session, ref: str, period: str | None = None, *,
              series: Series | str = Series.ACTUAL) -> list[MeasureRow]:
    """A measure's breakdown: one row per member (its `name` is the member's), with the chosen
    period's value (default: the latest period of the total or any member) beside the one a
    year before, in member order; the total last ("Total"): the stored one, or for a derived
    total the members' sum."""
    m, values = measure_row(session, ref)
    workstream = values["workstream"]
    by_key = values_by_measure(session, m.id)
    series = Series(series).value
    chosen = period_dates(session, period) if period else None
    if chosen is None:
        latest = [max(vs, key=rank) for (_, _, s), vs in by_key.items() if s == series and vs]
        if latest:
            top = max(latest, key=rank)
            chosen = (top.label, top.start, top.end)
    members = sorted({member for (_, member, s) in by_key if s == series and member})
    if m.total == TotalKind.DERIVED.value:  # the total row is the sum of the members
        by_key[(m.id, "", series)] = summed([v for member in members for v in by_key[(m.id, member, series)]])
    rows = []
    for member in [*members, ""]:
        own = by_key.get((m.id, member, series), [])
        this = pick(own, chosen, None)
        if member == "" and this is None:
            continue
        last = None if this is None else year_before_value(own, this)
        row = _row(m, workstream, None, last, this,
                   None if this is None else target_for(by_key.get((m.id, member, Series.TARGET.value), []), this))
        rows.append(_renamed(row, member or "Total"))
    return rows


def _renamed(row: MeasureRow, name: str) -> MeasureRow:
    from dataclasses import replace

    return replace(row, name=name)


def series(session: Session, ref: str) -> list[ValueInfo]:
    """Every value of a measure (every member and series; a derived total's sums), oldest first
    (by end date)."""
    m, _ = measure_row(session, ref)
    by_key = values_by_measure(session, m.id)
    found = [v for vs in by_key.values() for v in vs]
    if m.total == TotalKind.DERIVED.value:  # its total: the members' sum
        found += summed([v for (_, member, s), vs in by_key.items() if member and s == Series.ACTUAL.value for v in vs])
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
