"""Numbers as the papers print them, and two values compared: pure functions, no database.

Used by measures (db/measures.py), the RAG suggestion (db/suggest.py), the screens and reports.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .enums import DifferenceKind, Direction, Significance, Unit
from .errors import InvalidInput

Z_CRITICAL = 1.96
"""A two-sided test at the 5% level: |z| above this is a significant change."""


@dataclass(frozen=True, slots=True)
class Comparison:
    difference: float | None
    """The change, rounded as the measure prints it: % change, percentage points, or in the unit;
    None when either value is missing."""
    difference_unit: str
    """"%", "pp" or "" (absolute: in the measure's unit)."""
    assessment: str
    """"better", "worse", "same" or "n/a", taken from the measure's direction."""
    significant: bool | None
    """By the measure's significance rule, where it can say; None where it cannot (or says none)."""
    kind: str = ""
    """percent, points or absolute ("" in a comparison built by hand: from `difference_unit`)."""
    decimals: int | None = None
    """Decimals the difference prints with; None: as many as it has (up to its rounding)."""


def rounded(value: float | Decimal, decimals: int) -> Decimal:
    """`value` rounded half away from zero at `decimals`, on its shortest decimal text (31.25 -> 31.3,
    -31.25 -> -31.3), as the papers round; never the float's binary noise."""
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


_DEFAULT_DECIMALS = {DifferenceKind.PERCENT: 1, DifferenceKind.POINTS: 2}


def difference_of(kind: DifferenceKind, last: float, this: float, decimals: int | None) -> Decimal | None:
    """This year against last in Decimal arithmetic: % change (None from zero), points, or the
    plain difference; rounded at `decimals` (default: 1 for %, 2 for points, 6 for absolute)."""
    a, b = Decimal(repr(float(last))), Decimal(repr(float(this)))
    if kind is DifferenceKind.PERCENT:
        if a == 0:
            return None
        change = (b - a) / abs(a) * 100
    else:
        change = b - a
    places = decimals if decimals is not None else _DEFAULT_DECIMALS.get(kind, 6)
    return rounded(change, places)


def significant_change(rule: Significance | None, last: float, this: float, ci_last: float | None,
                       ci_this: float | None, n_last: int | None, n_this: int | None,
                       unit: Unit = Unit.PERCENTAGE) -> bool | None:
    """Whether a change is statistically significant by `rule`, or None where the rule cannot say:
    - overlap: significant only when the two confidence intervals do not overlap (the change is
      wider than ci_last + ci_this);
    - z_test: a two-proportion z-test from the sample sizes (percentages only), |z| > 1.96;
    - none: never said;
    - None (no rule set): a change wider than the intervals' combined width, sqrt(ci1² + ci2²)."""
    if rule is Significance.NONE:
        return None
    if rule is Significance.Z_TEST:
        if not (n_last and n_this) or unit is not Unit.PERCENTAGE:
            return None
        p1, p2 = last / 100, this / 100
        pooled = (p1 * n_last + p2 * n_this) / (n_last + n_this)
        spread = math.sqrt(pooled * (1 - pooled) * (1 / n_last + 1 / n_this))
        return None if spread == 0 else abs(p2 - p1) / spread > Z_CRITICAL
    if ci_last is None or ci_this is None:
        return None
    width = ci_last + ci_this if rule is Significance.OVERLAP else math.hypot(ci_last, ci_this)
    return abs(Decimal(repr(float(this))) - Decimal(repr(float(last)))) > Decimal(repr(float(width)))


def default_kind(unit: Unit | str) -> DifferenceKind:
    """As before kinds were set: points for percentages, % for everything else."""
    return DifferenceKind.POINTS if Unit(unit).is_rate else DifferenceKind.PERCENT


_UNITS = {DifferenceKind.PERCENT: "%", DifferenceKind.POINTS: "pp", DifferenceKind.ABSOLUTE: ""}


def compare(
    unit: Unit | str, direction: Direction | str, last: float | None, this: float | None,
    ci_last: float | None = None, ci_this: float | None = None, *, kind: DifferenceKind | str | None = None,
    decimals: int | None = None, rule: Significance | str | None = None, n_last: int | None = None,
    n_this: int | None = None,
) -> Comparison:
    """Last year's value against this year's, by the measure's difference `kind` (default: points
    for rates, % for the rest) at its `decimals`; better or worse by its direction; significant by
    its `rule`."""
    unit, direction = Unit(unit), Direction(direction)
    kind = DifferenceKind(kind) if kind else default_kind(unit)
    rule = Significance(rule) if rule else None
    difference = None if last is None or this is None else difference_of(kind, last, this, decimals)
    if difference is None:
        return Comparison(None, _UNITS[kind], "n/a", None, kind.value, decimals)
    if difference == 0:
        assessment = "same"
    else:
        assessment = "better" if (difference > 0) == (direction is Direction.HIGHER) else "worse"
    significant = significant_change(rule, last, this, ci_last, ci_this, n_last, n_this, unit)
    return Comparison(float(difference), _UNITS[kind], assessment, significant, kind.value, decimals)


def format_value(unit: Unit | str, value: float | None, decimals: int | None = None) -> str:
    """A value as the papers print it: 32,538; 29.3%; £14.266m; 11.97 days; 7 s; N/A. With
    `decimals`, exactly that many, rounded half away from zero (31.25 at 1 is 31.3)."""
    if value is None:
        return "N/A"
    unit = Unit(unit)
    number = _fixed(value, decimals)
    if unit is Unit.PERCENTAGE:
        return f"{number}%"
    if unit is Unit.MONEY:
        if abs(value) >= 1_000_000:
            return f"£{_fixed(value / 1_000_000, 3 if decimals is None else decimals, strip=decimals is None)}m"
        return f"£{number}"
    if unit is Unit.DAYS:
        return f"{number} days"
    if unit is Unit.SECONDS:
        return f"{number} s"
    return number


def _fixed(value: float, decimals: int | None, *, strip: bool = False) -> str:
    """`value` with thousands separated, at `decimals` (None: as many as it has); never "-0.0"."""
    if decimals is None:
        return _plain(value)
    number = rounded(value, decimals)
    text = f"{abs(number) if number == 0 else number:,.{decimals}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _kind_of(comparison: Comparison) -> DifferenceKind:
    if comparison.kind:
        return DifferenceKind(comparison.kind)
    return {"%": DifferenceKind.PERCENT, "pp": DifferenceKind.POINTS}.get(comparison.difference_unit,
                                                                          DifferenceKind.ABSOLUTE)


def format_difference(comparison: Comparison) -> str:
    """The difference as tracker shows it: signed, with its unit ("+15.7%", "-5.3 pp", "+2")."""
    if comparison.difference is None:
        return "N/A"
    sign = "+" if comparison.difference > 0 else ""
    suffix = {DifferenceKind.PERCENT: "%", DifferenceKind.POINTS: " pp"}.get(_kind_of(comparison), "")
    return f"{sign}{_fixed(comparison.difference, comparison.decimals)}{suffix}"


def printed_difference(comparison: Comparison) -> str:
    """The difference as the papers print it in their tables: the number alone, a minus sign
    only ("15.7", "-2.0", "2"); "" when there is none."""
    if comparison.difference is None:
        return ""
    return _fixed(comparison.difference, comparison.decimals).replace(",", "")


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
