"""The TUI, creating the database, reporting periods and users."""

import argparse

from tracker.commands.common import EXIT_OK, Context, emit, where
from tracker.output import say


def cmd_tui(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.app import run_tui

    return run_tui(ctx, demo=args.demo, read_only=args.read_only)


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.engine import schema_state, sqlite_path

    path = sqlite_path(ctx.url)
    if (path is None or path.exists()) and schema_state(ctx.url) == "current":
        say(f"{where(ctx)} is ready already")
        return EXIT_OK
    ctx.engine(create=True).dispose()
    say(f"created {where(ctx)}")
    return EXIT_OK


def cmd_period_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import store
    from tracker.db.schemas import PeriodCreate, validated

    data = validated(PeriodCreate, {"label": args.label, "start": args.start, "end": args.end}, where=f"period {args.label}")
    with ctx.session(create=True) as session:
        store.create_period(session=session, data=data, actor=ctx.user)
    say(f"added period {args.label} ({data.start} to {data.end})")
    return EXIT_OK


def cmd_period_close(args: argparse.Namespace, ctx: Context, *, closed: bool = True) -> int:
    from tracker.db import store

    with ctx.session() as session:
        changed = store.set_period_closed(session=session, label=args.label, closed=closed, actor=ctx.user)
    state = "closed" if closed else "open"
    say(f"period {args.label} is {state}" + ("" if changed else " already"))
    return EXIT_OK


def cmd_period_reopen(args: argparse.Namespace, ctx: Context) -> int:
    return cmd_period_close(args, ctx, closed=False)


def cmd_period_rename(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.periods import rename_period

    with ctx.session() as session:
        changed = rename_period(session=session, label=args.label, new_label=args.new_label, actor=ctx.user)
    say(f"period {args.label} is now {args.new_label}" if changed else f"period {args.label} is already so named")
    return EXIT_OK


def cmd_period_list(args: argparse.Namespace, ctx: Context) -> int:
    from tracker import output
    from tracker.db import views

    with ctx.session() as session:
        items = output.records(views.periods(session), ["label", "start", "end", "closed"])
    columns = ["label", "start", "end", "closed"]
    return emit(args.format, "Periods", items, columns, columns)


def cmd_user_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import store

    with ctx.session() as session:
        changed = store.add_user(session=session, name=args.name, role=args.role, actor=ctx.user,
                                 portfolios=args.portfolios)
    if args.portfolios:
        say(f"{args.name}'s rights are limited to portfolios {', '.join(sorted(set(args.portfolios)))}")
    for name in changed:
        say(f"{name} is {'an' if name == ctx.user and name != args.name else 'now'} "
              f"{args.role if name == args.name else 'admin'}")
    if not changed:
        say(f"{args.name} was {args.role} already")
    return EXIT_OK


def cmd_user_portfolios(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.commands.common import EXIT_USAGE
    from tracker.db.users import set_user_portfolios
    from tracker.output import error

    if args.all == bool(args.codes):
        error(f"user portfolios {args.name}: give the portfolio codes to limit them to, or --all to lift the limit"
              " (not both)")
        return EXIT_USAGE
    with ctx.session() as session:
        changed = set_user_portfolios(session=session, name=args.name, portfolios=args.codes, actor=ctx.user)
    limit = "every portfolio" if args.all else "portfolios " + ", ".join(sorted(set(args.codes)))
    say(f"{args.name} has rights in {limit}" + ("" if changed else " already"))
    return EXIT_OK


def cmd_user_remove(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.users import remove_user

    with ctx.session() as session:
        remove_user(session=session, name=args.name, actor=ctx.user)
    print(f"{args.name} is no longer a user")
    return EXIT_OK


def cmd_user_recover(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.users import recover_admin

    with ctx.session() as session:
        recover_admin(session=session, name=args.name, actor=ctx.user)
    print(f"{args.name} is now admin")
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.access import portfolio_limits, roles

    with ctx.session() as session:
        items = [{"name": name, "role": role.value, "portfolios": ", ".join(portfolio_limits(session, name)) or "all"}
                 for name, role in sorted(roles(session).items())]
    if args.format == "table" and not items:
        say(f"no users yet: {ctx.user}, the local user, is an admin; `tracker user add` adds the first")
        return EXIT_OK
    columns = ["name", "role", "portfolios"]
    return emit(args.format, "Users", items, columns, columns)
