"""A measure's values as the views read them: each measure's latest own value (or a chosen
period's), the candidates for the value a year before it, its targets, by the index on (measure,
member, series, end date); a measure's every value. Plain rows, not ORM objects: a breakdown's
every value is hundreds of rows, every measure's latest a thousand.

A value is compared with the value of the same measure, member and series whose period is as
long (within YEAR_SLACK) and ends about a year earlier (within YEAR_SLACK), whatever its label.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlmodel import Session

from .enums import Series
from .models import Measure, MeasureValue

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


VALUE_COLUMNS = (MeasureValue.measure_id, MeasureValue.label, MeasureValue.start_date, MeasureValue.end_date,
                  MeasureValue.member, MeasureValue.series, MeasureValue.value, MeasureValue.low, MeasureValue.high,
                  MeasureValue.ci, MeasureValue.n, MeasureValue.footnote, MeasureValue.entered_by,
                  MeasureValue.entered_at)
"""What a ValueInfo holds, after the measure's id: read as plain rows (no ORM objects: a
breakdown's every value is hundreds of rows, every measure's latest a thousand)."""


def read_values(session: Session, query) -> list[tuple[int, ValueInfo]]:
    """(measure id, value) for each row of `query`, a select of VALUE_COLUMNS."""
    return [(row[0], ValueInfo(*row[1:])) for row in session.connection().execute(query)]


def own_values():
    """A select of measures' own values (their totals, actual series)."""
    return select(*VALUE_COLUMNS).where(MeasureValue.member == "", MeasureValue.series == Series.ACTUAL.value)


def year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def year_before_value(candidates: list[ValueInfo], this: ValueInfo) -> ValueInfo | None:
    """Of `candidates` (the same measure, member and series), the one as long as `this` ending
    about a year before it, the nearest if several."""
    wanted_end = year_earlier(this.end)
    length = this.end - this.start
    best = None
    for v in candidates:
        if v is this or abs(v.end - wanted_end) > YEAR_SLACK or abs((v.end - v.start) - length) > YEAR_SLACK:
            continue
        if best is None or abs(v.end - wanted_end) < abs(best.end - wanted_end):
            best = v
    return best


def rank(v: ValueInfo) -> tuple[dt.date, int]:
    """Later values rank higher; of two ending together, the longer."""
    return v.end, -v.start.toordinal()


def values_by_measure(session: Session, measure_id: int) -> dict[tuple[int, str, str], list[ValueInfo]]:
    """A measure's every value, by (measure id, member, series), oldest first."""
    query = (select(*VALUE_COLUMNS).where(MeasureValue.measure_id == measure_id)
             .order_by(MeasureValue.end_date, MeasureValue.start_date.desc()))
    found: dict[tuple[int, str, str], list[ValueInfo]] = defaultdict(list)
    for mid, v in read_values(session, query):
        found[(mid, v.member, v.series)].append(v)
    return found


def reported_values(session: Session, measure_ids, chosen: tuple[str, dt.date, dt.date] | None,
              as_of: dt.date | None) -> dict[int, ValueInfo]:
    """Each measure's value to report: the chosen period's (by label, else by its dates), else its
    latest (ending by `as_of`), read by the index, one row per measure. `measure_ids`: a select of
    the measures' ids."""
    if chosen is not None:
        label, start, end = chosen
        query = own_values().where(MeasureValue.measure_id.in_(measure_ids), or_(
            MeasureValue.label == label, (MeasureValue.start_date == start) & (MeasureValue.end_date == end)))
        found: dict[int, ValueInfo] = {}
        for mid, v in read_values(session, query):
            if mid not in found or v.label == label:
                found[mid] = v
        return found
    latest = (select(MeasureValue.id).where(MeasureValue.measure_id == Measure.id, MeasureValue.member == "",
                                            MeasureValue.series == Series.ACTUAL.value)
              .order_by(MeasureValue.end_date.desc(), MeasureValue.start_date).limit(1))
    if as_of is not None:
        latest = latest.where(MeasureValue.end_date <= as_of)
    ids = select(latest.correlate(Measure).scalar_subquery()).where(Measure.id.in_(measure_ids))
    return dict(read_values(session, own_values().where(MeasureValue.id.in_(ids))))


def year_before_candidates(session: Session, measure_ids, reported: dict[int, ValueInfo]) -> dict[int, list[ValueInfo]]:
    """The measures' own values that could be those a year before `reported`'s: ending within
    the slack of a year before the earliest and the latest of them."""
    if not reported:
        return {}
    ends = [year_earlier(v.end) for v in reported.values()]
    query = own_values().where(MeasureValue.measure_id.in_(measure_ids),
                                MeasureValue.end_date.between(min(ends) - YEAR_SLACK, max(ends) + YEAR_SLACK))
    found: dict[int, list[ValueInfo]] = defaultdict(list)
    for mid, v in read_values(session, query):
        found[mid].append(v)
    return found


def profile_targets(session: Session, measure_ids, reported: dict[int, ValueInfo]) -> dict[int, list[ValueInfo]]:
    """The measures' own targets (the `target` series) whose periods reach the reported values'."""
    if not reported:
        return {}
    query = (select(*VALUE_COLUMNS)
             .where(MeasureValue.member == "", MeasureValue.series == Series.TARGET.value,
                    MeasureValue.measure_id.in_(measure_ids), MeasureValue.value.is_not(None),
                    MeasureValue.start_date <= max(v.end for v in reported.values()),
                    MeasureValue.end_date >= min(v.end for v in reported.values())))
    found: dict[int, list[ValueInfo]] = defaultdict(list)
    for mid, v in read_values(session, query):
        found[mid].append(v)
    return found


def target_for(targets: list[ValueInfo], this: ValueInfo) -> float | None:
    """The target for `this` value's period: the one of the same dates, else the shortest whose
    period holds its end (a year's target for a month of it)."""
    same = next((t for t in targets if (t.start, t.end) == (this.start, this.end)), None)
    if same is not None:
        return same.value
    holding = [t for t in targets if t.start <= this.end <= t.end]
    return min(holding, key=lambda t: t.end - t.start).value if holding else None


def pick(values: list[ValueInfo], chosen: tuple[str, dt.date, dt.date] | None,
          as_of: dt.date | None) -> ValueInfo | None:
    """The value to report: the chosen period's (by label, else by its dates), else the latest."""
    if chosen is not None:
        label, start, end = chosen
        return next((v for v in values if v.label == label), None) or next(
            (v for v in values if (v.start, v.end) == (start, end)), None)
    eligible = [v for v in values if as_of is None or v.end <= as_of]
    return max(eligible, key=rank) if eligible else None


DERIVED_MISSING = "A member's figure is missing for this period, so the total is not known."


def summed(values: list[ValueInfo]) -> list[ValueInfo]:
    """A derived total: for each period (label and dates) that members have values for, their sum
    (None, with a footnote, when one of them has none), oldest first."""
    by_period: dict[tuple[str, dt.date, dt.date], list[ValueInfo]] = defaultdict(list)
    for v in values:
        if v.member:
            by_period[(v.label, v.start, v.end)].append(v)
    totals = []
    for (label, start, end), members in by_period.items():
        known = [v.value for v in members]
        if any(x is None for x in known):
            totals.append(ValueInfo(label, start, end, "", members[0].series, None, footnote=DERIVED_MISSING))
        else:
            totals.append(ValueInfo(label, start, end, "", members[0].series, float(sum(known))))
    return sorted(totals, key=lambda v: (v.end, -v.start.toordinal()))


def derived_totals(session: Session, measure_ids: list[int]) -> dict[int, list[ValueInfo]]:
    """The derived totals of the actual series of the measures `measure_ids` (those whose total
    is derived: the sum of their members), by measure."""
    if not measure_ids:
        return {}
    query = select(*VALUE_COLUMNS).where(MeasureValue.measure_id.in_(measure_ids), MeasureValue.member != "",
                                         MeasureValue.series == Series.ACTUAL.value)
    found: dict[int, list[ValueInfo]] = defaultdict(list)
    for mid, v in read_values(session, query):
        found[mid].append(v)
    return {mid: summed(values) for mid, values in found.items()}
