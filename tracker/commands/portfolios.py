"""`tracker portfolio add|list|rename|move|set|close|reopen`: the tree of the parts of the force
that report. The store decides who may (admins) and what is valid; errors name the field."""

import argparse

from tracker.commands.common import EXIT_OK, Context, emit
from tracker.output import say

CYCLES = ["year", "financial-year", "twelve-months", "half", "quarter", "month", "other"]


def register(commands, command) -> None:
    """The `tracker portfolio` commands, in the order --help lists them."""
    group = commands.add_parser("portfolio", help="add, list, rename, move, set, close or reopen portfolios").add_subparsers(
        title="commands", metavar="COMMAND", required=True)
    add = command("add", cmd_portfolio_add, "add a portfolio (admins only)", group)
    add.add_argument("code", help="lower-case letters and digits joined by '.' or '-', e.g. opc.roads")
    add.add_argument("name")
    _owner_and_cycle(add)
    add.add_argument("--parent", metavar="CODE", help="the portfolio it is part of")
    listing = command("list", cmd_portfolio_list, "list portfolios as a tree, with what each holds", group)
    listing.add_argument("--format", choices=["table", "csv", "json"], default="table")
    rename = command("rename", cmd_portfolio_rename, "give a portfolio a new name (its code stays)", group)
    rename.add_argument("code")
    rename.add_argument("name")
    move = command("move", cmd_portfolio_move, "put a portfolio under another, or at the top", group)
    move.add_argument("code")
    where = move.add_mutually_exclusive_group(required=True)
    where.add_argument("--parent", metavar="CODE", help="its new parent")
    where.add_argument("--top", action="store_true", help="no parent")
    set_ = command("set", cmd_portfolio_set, "set a portfolio's owner or cycle", group)
    set_.add_argument("code")
    _owner_and_cycle(set_, clearing=True)
    command("close", cmd_portfolio_close, "close a portfolio: it takes no new records", group).add_argument("code")
    command("reopen", cmd_portfolio_reopen, "reopen a closed portfolio", group).add_argument("code")


def _owner_and_cycle(parser: argparse.ArgumentParser, *, clearing: bool = False) -> None:
    blank = ' ("" clears it)' if clearing else ""
    parser.add_argument("--owner", metavar="NAME", help=f"the accountable chief officer or lead{blank}")
    parser.add_argument("--cycle", metavar="CYCLE",
                        help=f"the periods it reports on: {', '.join(CYCLES)} (default: its parent's){blank}")


def cmd_portfolio_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import store
    from tracker.db.schemas import PortfolioCreate, validated

    given = {"code": args.code, "name": args.name, "parent": args.parent, "owner": args.owner, "cycle": args.cycle}
    data = validated(PortfolioCreate, {k: v for k, v in given.items() if v is not None}, where=f"portfolio {args.code}")
    with ctx.session(create=True) as session:
        store.create_portfolio(session=session, data=data, actor=ctx.user)
    say(f"added portfolio {args.code}: {args.name}" + (f", under {args.parent}" if args.parent else ""))
    return EXIT_OK


def _update(args: argparse.Namespace, ctx: Context, given: dict, done: str) -> int:
    from tracker.db import store
    from tracker.db.schemas import PortfolioUpdate, validated

    changes = validated(PortfolioUpdate, given, where=f"portfolio {args.code}")
    with ctx.session() as session:
        changed = store.update_portfolio(session=session, code=args.code, changes=changes, actor=ctx.user)
    say(f"portfolio {args.code}: {done}" if changed else f"portfolio {args.code}: {done} already; nothing changed")
    return EXIT_OK


def cmd_portfolio_rename(args: argparse.Namespace, ctx: Context) -> int:
    return _update(args, ctx, {"name": args.name}, f"named {args.name!r}")


def cmd_portfolio_move(args: argparse.Namespace, ctx: Context) -> int:
    parent = None if args.top else args.parent
    return _update(args, ctx, {"parent": parent}, f"under {parent}" if parent else "at the top")


def cmd_portfolio_set(args: argparse.Namespace, ctx: Context) -> int:
    given = {k: (v or None) for k, v in (("owner", args.owner), ("cycle", args.cycle)) if v is not None}
    if not given:
        from tracker.db.errors import InvalidInput

        raise InvalidInput("say what to set: --owner NAME and/or --cycle CYCLE", where=f"portfolio {args.code}")
    shown = ", ".join(f"{k} {v if v else '(none)'}" for k, v in given.items())
    return _update(args, ctx, given, shown)


def cmd_portfolio_close(args: argparse.Namespace, ctx: Context) -> int:
    return _update(args, ctx, {"status": "closed"}, "closed")


def cmd_portfolio_reopen(args: argparse.Namespace, ctx: Context) -> int:
    return _update(args, ctx, {"status": "active"}, "active")


def cmd_portfolio_list(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import views
    from tracker.db.portfolio_views import HOMED, record_counts
    from tracker.db.scopes import cycle_of
    from tracker.db.words import counted

    with ctx.session() as session:
        tree = views.portfolios(session)
        counts = record_counts(session)
    items = []
    for p in tree:
        held = counts.get(p.id, {})
        inherited = cycle_of(tree, p.code)
        cycle = p.cycle.value if p.cycle else (f"{inherited.value} (from parent)" if inherited else "any")
        items.append({"code": p.code, "name": p.name, "parent": p.parent, "owner": p.owner, "status": p.status,
                      "cycle": cycle, "depth": p.depth, **{kind: held.get(kind, 0) for kind in HOMED},
                      "records": ", ".join(counted(n, kind) for kind, n in held.items() if n) or "none"})
    columns = ["code", "name", "parent", "owner", "status", "cycle", "depth", *HOMED]
    if args.format != "table":
        return emit(args.format, "Portfolios", items, columns, columns)
    for item in items:
        branch = "└" + "─" * (2 * item["depth"] - 1) + " " if item["depth"] else ""  # leading spaces would not show
        item["tree"] = branch + item["code"] + (" (closed)" if item["status"] == "closed" else "")
    return emit("table", "Portfolios", items, columns, ["tree", "name", "owner", "cycle", "records"])
