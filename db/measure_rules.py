"""The rules a measure's value obeys, each in one function that the store, import and undo call;
and how history names a value (its measure, series and member). Pure: no database."""

import datetime as dt
from collections.abc import Iterable

from .enums import Series
from .errors import InvalidInput


def value_ref(ref: str, member: str = "", series: Series | str = Series.ACTUAL) -> str:
    """How history names a value: the measure's ref, then its series when not actual, then "by"
    its member ("1.1", "ECFRS.1 target", "3.2 by Uttlesford"). A ref has no spaces, so the
    measure's ref is everything before the first one."""
    series = Series(series)
    return ref + ("" if series is Series.ACTUAL else f" {series.value}") + (f" by {member}" if member else "")


def split_value_ref(text: str) -> tuple[str, str, Series]:
    """`value_ref` read back: (measure ref, member, series)."""
    ref, _, rest = text.partition(" ")
    series = Series.ACTUAL
    word, _, after = rest.partition(" ")
    if word in {s.value for s in Series} and word != Series.ACTUAL:
        series, rest = Series(word), after
    member = rest[3:] if rest.startswith("by ") else rest
    return ref, member, series


def check_member(dimension: str | None, member: str, where: str) -> None:
    """A breakdown member only on a measure that says what its members are (its dimension)."""
    if member and not dimension:
        raise InvalidInput(f"measure has no breakdown (no dimension), so it takes no member {member!r}; "
                           "give the measure a dimension first", where=f"{where}, member")


def check_sample_size(n: int | None, where: str) -> None:
    if n is not None and n <= 0:
        raise InvalidInput(f"a sample size must be more than 0 (got {n})", where=f"{where}, n")


def check_range(low: float | None, high: float | None, where: str) -> None:
    if low is not None and high is not None and low > high:
        raise InvalidInput(f"the range's low ({low:g}) is above its high ({high:g})", where=f"{where}, low")


def check_no_overlap(others: Iterable[tuple[str, dt.date, dt.date]], start: dt.date, end: dt.date,
                     where: str) -> None:
    """A value's period may not overlap another value's of the same measure, member and series
    (`others`: their label, start and end)."""
    for label, first, last in others:
        if first <= end and start <= last:
            raise InvalidInput(f"{start.isoformat()} to {end.isoformat()} overlaps the value for {label} "
                               f"({first.isoformat()} to {last.isoformat()})", where=f"{where}, start")


def check_measure_shape(dimension: str | None, total: str | None, where: str) -> None:
    """A total (stored or derived) is of a breakdown: it needs a dimension."""
    if total and not dimension:
        raise InvalidInput("a total (stored or derived) needs a dimension (what the members are)",
                           where=f"{where}, total")
