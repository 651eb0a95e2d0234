"""The database as a whole: seed, upgrade, backup, export, import, report, check and verify."""

import argparse
import sys
from pathlib import Path

from tracker.commands.common import EXIT_FAILURE, EXIT_OK, Context, counts, emit, format_from, latest_label, scale, where
from tracker.output import say


def cmd_seed(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.interchange import import_snapshot, seed_snapshot

    snapshot = seed_snapshot()
    with ctx.session(create=True) as session:
        import_snapshot(session=session, snapshot=snapshot, source="seeds", actor=ctx.user, scale=scale(ctx))
    say(f"loaded the seeds into {where(ctx)}: {counts(snapshot.counts())}")
    return EXIT_OK


def cmd_upgrade(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.engine import schema_state
    from tracker.db.errors import DatabaseProblem

    state = schema_state(ctx.url)
    if state == "current":
        say(f"{where(ctx)} is up to date")
        return EXIT_OK
    if state in ("newer", "foreign"):
        ctx.engine()  # raises the same message as any other command
        raise DatabaseProblem(f"{where(ctx)} cannot be upgraded")
    from tracker.db.backup import upgrade_keeping_a_copy

    copy = upgrade_keeping_a_copy(ctx.url)
    if copy is not None:
        say(f"backed up {where(ctx)} to {copy}")
    say(f"upgraded {where(ctx)}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.backup import backup

    ctx.engine().dispose()  # refuses, untouched, anything that is not a current tracker database
    copy = backup(ctx.url, Path(args.destination))
    from tracker.anchor import log_backup_head

    log = log_backup_head(copy)
    say(f"backed up {where(ctx)} to {copy}; its history's head is in {log}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.interchange import export_toml

    with ctx.session() as session:
        text = export_toml(session)
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        from tracker.db.files import write_atomic

        write_atomic(args.output, text, overwrite=not args.no_clobber)
        say(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.interchange import import_snapshot, read_snapshot

    path = Path(args.file)
    snapshot = read_snapshot(path)
    with ctx.session(create=True) as session:
        import_snapshot(session=session, snapshot=snapshot, source=str(path), actor=ctx.user, scale=scale(ctx))
    say(f"imported {path} into {where(ctx)}: {counts(snapshot.counts())}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.words import plural
    from tracker.reports import build_document, write_report

    fmt = args.format or format_from(args.output)
    with ctx.session() as session:
        document, report = build_document(session, period=args.period, author=ctx.user, title=args.title,
                                          sections=args.section, refs=args.ref, portfolio=args.portfolio,
                                          as_at=args.as_at, kind=args.kind)
    from tracker.db.files import report_file_name

    path = Path(args.output or report_file_name(report.portfolio_code, report.period.label, fmt))
    write_report(document, fmt, path, overwrite=not args.no_clobber)
    if document.generic:
        from tracker.reports.paper import no_paper_notice

        say(f"note: {no_paper_notice(report)}", file=sys.stderr)
    say(f"wrote {path} ({report.portfolio or 'all portfolios'}: {plural(len(report.workstreams), 'workstream')}, "
        f"{report.period.label}, overdue as at {report.as_at})")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    from tracker import output
    from tracker.commands.scoping import check_portfolio
    from tracker.db import progress, views

    with ctx.session() as session:
        check_portfolio(session, args.portfolio)
        from tracker.reports.scope import check_period

        check_period(session, views.scope(session, args.portfolio), args.period)
        findings = progress.readiness(session, args.period, portfolio=args.portfolio, as_at=args.as_at)
        period = views.dashboard(session, args.period, portfolio=args.portfolio, limit=0).period
        label = period.label if period else latest_label(session, views)
        at = progress.judged_at(period, args.as_at)
    of = f" ({args.portfolio})" if args.portfolio else ""
    if args.format == "table" and not findings:
        say(f"{label}{of} is ready for the board: nothing to fix (overdue judged as at {at})")
        return EXIT_OK
    columns = ["kind", "ref", "message"]
    emit(args.format, f"Before {label}{of} goes to the board (as at {at})", output.records(findings, columns),
         columns, columns)
    return EXIT_FAILURE if findings else EXIT_OK


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.anchor import run_verify

    return run_verify(args, ctx)
