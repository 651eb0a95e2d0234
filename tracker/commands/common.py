"""What every command shares: the Context it runs in, the exit statuses and small helpers."""

import argparse
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.config import Settings

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Context:
    """What every command needs: where the data is, who is acting, and the settings."""

    url: str
    user: str
    settings: "Settings"
    read_only: bool = False
    """--read-only: the database is opened so that it refuses writes, and is never created."""

    def engine(self, *, create: bool = False):
        from tracker.db.engine import open_database

        if self.read_only:
            return open_database(self.url, read_only=True)
        return open_database(self.url, create=create, group=self.settings.database_group)

    def session(self, *, create: bool = False):
        from sqlmodel import Session

        return Session(self.engine(create=create), expire_on_commit=False)


def emit(
    fmt: str, title: str, items: list[dict], columns: Sequence[str], table_columns: Sequence[str], rag_columns=()
) -> int:
    """Write `items` as json, csv (every column) or a table (the columns that fit)."""
    from tracker import output

    if fmt == "json":
        output.write_json(items)
    elif fmt == "csv":
        output.write_csv(items, columns)
    else:
        output.write_table(title, items, table_columns, rag_columns)
    return EXIT_OK


def latest_label(session, views) -> str:
    from tracker.db.errors import InvalidInput

    latest = views.latest_period(session)
    if latest is None:
        raise InvalidInput("there are no periods yet; add one with `tracker period add`", where="--period")
    return latest.label


def format_from(output: str | None) -> str:
    """A report's format from its -o file name's suffix."""
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    fmt = {"markdown": "md", "htm": "html"}.get(suffix, suffix)
    if fmt not in ("docx", "html", "md"):
        from tracker.db.errors import InvalidInput

        raise InvalidInput("give --format docx, html or md (or an -o file name ending in one)", where="--format")
    return fmt


def scale(ctx: Context):
    return ctx.settings.risk_scale.scale()


def cut(value: str | None, limit: int = 40) -> str:
    if value is None or value == "":
        return "—"
    return value if len(value) <= limit else value[: limit - 1] + "…"


def where(ctx: Context) -> str:
    from tracker.db.engine import display_name

    return display_name(ctx.url)


def counts(numbers: dict[str, int]) -> str:
    from tracker.db.words import counted

    return ", ".join(counted(n, kind) for kind, n in numbers.items() if n)


def iso_date(text: str) -> dt.date:
    """argparse type: a date as db/dates.parse_date reads it (2024-03-31 or 31/03/2024)."""
    from tracker.db.dates import parse_date
    from tracker.db.errors import InvalidInput

    try:
        return parse_date(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None
