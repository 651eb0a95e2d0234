"""Numbers as the papers print them, and two values compared: pure functions, no database.

Used by measures (db/measures.py), the RAG suggestion (db/suggest.py), the screens and reports.
"""

import math
from dataclasses import dataclass

from .enums import Direction, Unit
from .errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Comparison:
    difference: float | None
    """% change for quantities, percentage points for rates; None when either value is missing."""
    difference_unit: str
    """"%" or "pp"."""
    assessment: str
    """"better", "worse", "same" or "n/a", taken from the measure's direction."""
    significant: bool | None
    """With confidence intervals for both values: whether the change exceeds their combined width."""


def compare(
    unit: Unit | str, direction: Direction | str, last: float | None, this: float | None,
    ci_last: float | None = None, ci_this: float | None = None,
) -> Comparison:
    """Last year's value against this year's: for counts the % difference, for rates the
    percentage-point difference; better or worse by the measure's direction."""
    unit, direction = Unit(unit), Direction(direction)
    difference_unit = "pp" if unit.is_rate else "%"
    if last is None or this is None or (not unit.is_rate and last == 0):
        return Comparison(None, difference_unit, "n/a", None)
    difference = round(this - last, 2) if unit.is_rate else round((this - last) / abs(last) * 100, 1)
    if difference == 0:
        assessment = "same"
    else:
        assessment = "better" if (difference > 0) == (direction is Direction.HIGHER) else "worse"
    significant = None
    if ci_last is not None and ci_this is not None:
        significant = abs(this - last) > math.hypot(ci_last, ci_this)
    return Comparison(difference, difference_unit, assessment, significant)


def format_value(unit: Unit | str, value: float | None) -> str:
    """A value as the papers print it: 32,538; 29.3%; £14.266m; 11.97 days; 7 s; N/A."""
    if value is None:
        return "N/A"
    unit = Unit(unit)
    number = _plain(value)
    if unit is Unit.PERCENTAGE:
        return f"{number}%"
    if unit is Unit.MONEY:
        if abs(value) >= 1_000_000:
            return f"£{_plain(round(value / 1_000_000, 3))}m"
        return f"£{number}"
    if unit is Unit.DAYS:
        return f"{number} days"
    if unit is Unit.SECONDS:
        return f"{number} s"
    return number


def format_difference(comparison: Comparison) -> str:
    if comparison.difference is None:
        return "N/A"
    sign = "+" if comparison.difference > 0 else ""
    suffix = "%" if comparison.difference_unit == "%" else " pp"
    return f"{sign}{_plain(comparison.difference)}{suffix}"


def _plain(value: float) -> str:
    """Thousands separated, no trailing zeros, no float noise: 32538.0 -> 32,538; 23.16 -> 23.16."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def parse_number(text: str, *, where: str) -> float | None:
    """A number as people type it: 32538, 32,538, 29.3%, £14.266m, 1.5k; "n/a" or "" for none."""
    cleaned = text.strip().lower().replace(",", "").replace("£", "").replace("%", "").strip()
    if cleaned in ("", "n/a", "na", "none", "-"):
        return None
    scale = {"m": 1_000_000, "k": 1_000}.get(cleaned[-1:], 1)
    if scale != 1:
        cleaned = cleaned[:-1]
    try:
        value = float(cleaned) * scale
    except ValueError:
        raise InvalidInput(f"{text!r} is not a number (or n/a)", where=where) from None
    if not math.isfinite(value):
        raise InvalidInput(f"{text!r} is not a finite number", where=where)
    return value
