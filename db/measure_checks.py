"""The readiness check's look at measures: a broken-down measure whose stored total disagrees
with the sum of its members (a paper whose own table does not add up, as 004's firearms
figures do not)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from .enums import TotalKind, Unit
from .models import Measure, MeasureValue
from .numbers import format_value
from .views import in_scope, scope

ADDITIVE = (Unit.COUNT, Unit.MONEY, Unit.DAYS, Unit.SECONDS)
"""Units whose members add up to a total; percentages do not."""


@dataclass(frozen=True, slots=True)
class TotalMismatch:
    ref: str
    name: str
    label: str
    series: str
    total: float
    members_sum: float
    members: int
    unit: str

    def message(self) -> str:
        series = "" if self.series == "actual" else f" ({self.series})"
        return (f"{self.name}: the stored total for {self.label}{series} is {format_value(self.unit, self.total)}, "
                f"but its {self.members} members add up to {format_value(self.unit, self.members_sum)}")


def _exact(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def total_mismatches(session: Session, portfolio: str | None = None) -> list[TotalMismatch]:
    """Each period (and series) where a measure with a stored total has a total and members for
    the same dates whose values, summed exactly, differ from it. Where a member's value is
    missing (N/A) the sum is not known, so nothing is said."""
    where = scope(session, portfolio)
    query = in_scope(select(Measure).where(Measure.dimension.is_not(None), Measure.total == TotalKind.STORED.value)
                     .order_by(Measure.sort_key), Measure.portfolio_id, where)
    found = []
    for m in session.execute(query).scalars():
        if Unit(m.unit) not in ADDITIVE:
            continue
        totals: dict[tuple, MeasureValue] = {}
        parts: dict[tuple, list[float | None]] = defaultdict(list)
        for v in session.execute(select(MeasureValue).where(MeasureValue.measure_id == m.id)).scalars():
            key = (v.series, v.start_date, v.end_date)
            if v.member:
                parts[key].append(v.value)
            elif v.value is not None:
                totals[key] = v
        for key, total in sorted(totals.items(), key=lambda item: (item[0][2], item[0][0])):
            members = parts.get(key)
            if not members or None in members:
                continue
            if sum(map(_exact, members)) != _exact(total.value):
                found.append(TotalMismatch(m.ref, m.name, total.label, total.series, total.value,
                                           float(sum(map(_exact, members))), len(members), m.unit))
    return found
