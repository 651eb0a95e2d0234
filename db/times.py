"""Times as people read them: history stores UTC (`2023-10-23T09:30:00Z`); screens and tables
show local time, the config's `timezone` (an IANA name such as "Europe/London") or else the
system's, to the minute. JSON keeps UTC; `tracker history --utc` shows UTC. Pure."""

import datetime as dt
from functools import lru_cache


TIME_FIELDS = frozenset({"assessed_at", "written_at", "entered_at"})
"""History fields whose values are stamps, shown as times too."""


@lru_cache(maxsize=8)
def _zone(name: str | None) -> dt.tzinfo | None:
    if not name:
        return None  # the system's zone (astimezone() with no argument)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def valid_zone(name: str) -> bool:
    """Whether `name` is a time zone this system knows (for the config's check)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def shown_time(at: str | None, zone: str | None = None, *, utc: bool = False) -> str:
    """A stored UTC stamp as "2023-10-23 10:30" in `zone` (None: the system's), or in UTC with
    `utc` ("2023-10-23 09:30 UTC"); text that is not a stamp is shown as it is."""
    if not at:
        return ""
    try:
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    if utc:
        return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    zone_info = _zone(zone)
    local = moment.astimezone(zone_info) if zone_info is not None else moment.astimezone()
    return local.strftime("%Y-%m-%d %H:%M")
