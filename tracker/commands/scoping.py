"""`--portfolio CODE` / `-P CODE` and `--as-at DATE`: the options, and what a list does with them.

A list without --portfolio shows every portfolio's records with a Portfolio column; with one, its
records and its children's, the column showing the child a record comes from. JSON and CSV
always carry each record's own portfolio code.
"""

import argparse
from collections.abc import Sequence
from typing import Any

from tracker.commands.common import iso_date


def portfolio_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("-P", "--portfolio", metavar="CODE",
                        help=f"only {what} of this portfolio and its children (e.g. collab, opc, opc.roads)")


def as_at_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--as-at", type=iso_date, metavar="YYYY-MM-DD",
                        help=f'judge "overdue" and "past review" as at this date (default: {default})')


def check_portfolio(session, code: str | None) -> None:
    """Refuse (NotFound, exit 2) a --portfolio that is not one, naming the ones there are."""
    if code is not None:
        from tracker.db import views
        from tracker.db.errors import NotFound

        try:
            views.scope(session, code)
        except NotFound as exc:
            raise NotFound(str(exc).split(": ", 1)[-1], where="--portfolio") from None


def mark_homes(items: list[dict[str, Any]], homes: Sequence[str | None], given: str | None) -> None:
    """Each item's `portfolio`: its own code (a view row's `.portfolio` is None for `given`'s own)."""
    for item, home in zip(items, homes):
        item["portfolio"] = home or given


def table_columns(columns: Sequence[str], items: list[dict[str, Any]], given: str | None) -> list[str]:
    """The table's columns, with Portfolio second when it tells records apart: for all
    portfolios, when they come from more than one; with --portfolio, when some come from a child
    (the portfolio's own shown blank). JSON and CSV always carry it."""
    homes = {item.get("portfolio") for item in items}
    if given is None and len(homes) <= 1 or given is not None and homes <= {given}:
        return list(columns)
    if given is not None:
        items[:] = [item | {"portfolio": None} if item.get("portfolio") == given else item for item in items]
    return [columns[0], "portfolio", *columns[1:]]


def in_title(title: str, items: list[dict[str, Any]], given: str | None) -> str:
    """The title names the portfolio: the one asked for, or the one every record comes from."""
    homes = {item.get("portfolio") for item in items}
    if given is not None:
        return f"{title}, portfolio {given} and its children"
    return f"{title}, portfolio {homes.pop()}" if len(homes) == 1 else f"{title}, all portfolios"
