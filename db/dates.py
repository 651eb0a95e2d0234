"""Dates as people type and read them: the one parser of a typed date (ISO 2024-03-31, or
31/03/2024 as UK users write it) for the TUI's forms and the CLI's options, and the one way a
date is shown per the config's `date_format`. JSON, CSV and TOML keep ISO.

The format a person reads is one setting per process, like a locale: the CLI sets it from the
config before a command runs (tracker/cli.py) and the app when it starts (tracker/app.py), so
every table, list column and detail view shows dates alike without passing it down."""

import datetime as dt
import re

from .errors import InvalidInput

DATE_FORMATS = {"iso": "%Y-%m-%d", "dd/mm/yyyy": "%d/%m/%Y", "d mmm yyyy": "%d %b %Y"}
"""The config's `date_format` choices and how each shows 2024-03-09: 2024-03-09, 09/03/2024, 9 Mar 2024."""

_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
HINT = "dates as 31/03/2024 or 2024-03-31"
_shown_as = "iso"


def use_date_format(date_format: str) -> None:
    """Show dates in this process as `date_format` (one of DATE_FORMATS) from now on."""
    global _shown_as
    if date_format not in DATE_FORMATS:
        raise ValueError(f"unknown date format {date_format!r}")
    _shown_as = date_format


def date_format_in_use() -> str:
    return _shown_as


def parse_date(text: str, where: str | None = None) -> dt.date:
    """A typed date: 2024-03-31 or 31/03/2024 (day first; 1/4/2024 too). Anything else, or a
    day that does not exist (31/02/2024), is refused naming `where`."""
    raw = text.strip()
    try:
        if match := _DAY_FIRST.fullmatch(raw):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{raw!r} is not a date: there is no such day in the calendar", where=where) from None
    raise InvalidInput(f"{raw!r} is not a date; type it as 31/03/2024 or 2024-03-31", where=where)


def show_date(day: dt.date | None, date_format: str | None = None) -> str:
    """`day` as `date_format` shows it (None: the format in use, see `use_date_format`); empty for none."""
    if day is None:
        return ""
    date_format = date_format or _shown_as
    if date_format == "d mmm yyyy":
        return f"{day.day} {day.strftime('%b %Y')}"
    return day.strftime(DATE_FORMATS.get(date_format, DATE_FORMATS["iso"]))
