"""A period's cycle, from its dates alone (standard library only: the migration and the first
frame use it too). A portfolio reports on the periods of its cycle."""

import calendar
import datetime as dt

from .enums import Cycle

_BY_MONTHS = {6: Cycle.HALF, 3: Cycle.QUARTER, 1: Cycle.MONTH}


def whole_months(start: dt.date, end: dt.date) -> int | None:
    """How many calendar months `start`..`end` spans, if it runs from a 1st to a month's last day."""
    if start.day != 1 or end.day != calendar.monthrange(end.year, end.month)[1] or end < start:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def period_cycle(start: dt.date, end: dt.date) -> Cycle:
    """Jan-Dec is a year, Apr-Mar a financial year, other twelve months "twelve months" (to a
    date); six, three and one whole months are a half, a quarter and a month; anything else is
    "other"."""
    months = whole_months(start, end)
    if months == 12:
        return {1: Cycle.YEAR, 4: Cycle.FINANCIAL_YEAR}.get(start.month, Cycle.TWELVE_MONTHS)
    return _BY_MONTHS.get(months, Cycle.OTHER)


CYCLE_WORDS = {
    Cycle.YEAR: "by calendar year", Cycle.FINANCIAL_YEAR: "by financial year",
    Cycle.TWELVE_MONTHS: "by twelve months to a date", Cycle.HALF: "by half-year", Cycle.QUARTER: "by quarter",
    Cycle.MONTH: "by month", Cycle.OTHER: "by periods of other lengths",
}
"""How a cycle reads in a sentence ("reports by quarter")."""
