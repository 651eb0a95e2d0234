"""The one clock: every time a change records and every "today" (what is overdue, which period is
current) come from here, so that tests can freeze it in one place (tests/conftest.py)."""

import datetime as dt

_frozen: dt.datetime | None = None
"""When set (tests only), the instant `now` returns instead of the system clock: aware, in UTC."""


def now() -> dt.datetime:
    """Now, as an aware datetime in UTC."""
    return _frozen if _frozen is not None else dt.datetime.now(dt.UTC)


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 with microseconds and a Z; sorts as text."""
    return now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def today() -> dt.date:
    """Today's date in the local time zone, as `datetime.date.today()` gives it."""
    return now().astimezone().date()
