"""A value's period as the papers name it, from its dates, and back: "12 months to Sep 2016",
"Mar 2016", "Q2 2023/24", "2019/20" (a financial year), "2020" (a calendar year), "30 Jun
2020" (a single day, a snapshot). Standard library only; pure functions."""

import calendar
import datetime as dt
import re

from .cycles import whole_months

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month(day: dt.date) -> str:
    return MONTHS[day.month - 1]


def _financial_year(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _day(day: dt.date) -> str:
    return f"{day.day} {_month(day)} {day.year}"


def label_for(start: dt.date, end: dt.date) -> str:
    """How the period `start`..`end` reads: a month, a quarter of the financial year, a
    calendar or financial year, twelve months to a month, a run of months, a day, or two days."""
    if start == end:
        return _day(start)
    months = whole_months(start, end)
    if months == 1:
        return f"{_month(start)} {start.year}"
    if months == 3 and start.month in (1, 4, 7, 10):
        quarter = (start.month - 4) % 12 // 3 + 1
        return f"Q{quarter} {_financial_year(start.year if start.month >= 4 else start.year - 1)}"
    if months == 12:
        if start.month == 1:
            return str(start.year)
        if start.month == 4:
            return _financial_year(start.year)
        return f"12 months to {_month(end)} {end.year}"
    if months is not None:
        if start.year == end.year:
            return f"{_month(start)}-{_month(end)} {end.year}"
        return f"{_month(start)} {start.year}-{_month(end)} {end.year}"
    return f"{_day(start)} to {_day(end)}"


_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_PATTERNS = (
    ("day", re.compile(rf"(\d{{1,2}}) {_MONTH} (\d{{4}})")),
    ("month", re.compile(rf"{_MONTH} (\d{{4}})")),
    ("quarter", re.compile(r"q([1-4]) (\d{4})/(\d{2}|\d{4})")),
    ("financial", re.compile(r"(\d{4})/(\d{2}|\d{4})")),
    ("year", re.compile(r"(\d{4})")),
    ("twelve", re.compile(rf"(?:12 months|year) to {_MONTH} (\d{{4}})")),
    ("months", re.compile(rf"{_MONTH}(?: (\d{{4}}))?-{_MONTH} (\d{{4}})")),
    ("days", re.compile(rf"(\d{{1,2}}) {_MONTH} (\d{{4}}) to (\d{{1,2}}) {_MONTH} (\d{{4}})")),
)


def _month_number(name: str) -> int:
    return MONTHS.index(name[:3].title()) + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months_back(end: dt.date, count: int) -> dt.date:
    """The first day of the month `count - 1` months before `end`'s."""
    index = end.year * 12 + end.month - 1 - (count - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def _second_year(first: int, text: str) -> bool:
    """Whether "2023/24" (or "2023/2024") names the year after `first`."""
    return int(text) == (first + 1 if len(text) == 4 else (first + 1) % 100)


def dates_of(label: str) -> tuple[dt.date, dt.date] | None:
    """The dates a label such as `label_for` writes stands for (also "Year to Sep 2016" and full
    month names); None when it reads as none of them."""
    text = " ".join(label.strip().lower().split())
    for kind, pattern in _PATTERNS:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        try:
            return _dates(kind, found.groups())
        except ValueError:  # 31 Feb, year 0
            return None
    return None


def _dates(kind: str, parts: tuple) -> tuple[dt.date, dt.date] | None:
    if kind == "day":
        day = dt.date(int(parts[2]), _month_number(parts[1]), int(parts[0]))
        return day, day
    if kind == "month":
        end = _month_end(int(parts[1]), _month_number(parts[0]))
        return end.replace(day=1), end
    if kind in ("quarter", "financial"):
        first, second = (parts[1], parts[2]) if kind == "quarter" else parts
        if not _second_year(int(first), second):
            return None
        if kind == "financial":
            return dt.date(int(first), 4, 1), dt.date(int(first) + 1, 3, 31)
        month = (int(parts[0]) - 1) * 3 + 4
        year = int(first) + (month > 12)
        end = _month_end(year, (month - 1) % 12 + 3)
        return dt.date(year, (month - 1) % 12 + 1, 1), end
    if kind == "year":
        return dt.date(int(parts[0]), 1, 1), dt.date(int(parts[0]), 12, 31)
    if kind == "days":
        start = dt.date(int(parts[2]), _month_number(parts[1]), int(parts[0]))
        end = dt.date(int(parts[5]), _month_number(parts[4]), int(parts[3]))
        return (start, end) if start <= end else None
    if kind == "twelve":
        end = _month_end(int(parts[1]), _month_number(parts[0]))
        return _months_back(end, 12), end
    end = _month_end(int(parts[3]), _month_number(parts[2]))
    start_year = int(parts[1]) if parts[1] else end.year
    start = dt.date(start_year, _month_number(parts[0]), 1)
    return (start, end) if start <= end else None
