"""The `tracker` command. Heavy modules are imported inside the commands, so `--version` is instant.

Exit status: 0 success, 2 bad usage or invalid input (message on stderr), 1 anything else.
"""

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import __version__
from tracker.output import say

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


# ---------------------------------------------------------------------------------------------
# Commands


def cmd_tui(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.app import run_tui

    return run_tui(ctx, demo=args.demo, read_only=args.read_only)


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.engine import schema_state, sqlite_path

    path = sqlite_path(ctx.url)
    if (path is None or path.exists()) and schema_state(ctx.url) == "current":
        say(f"{_where(ctx)} is ready already")
        return EXIT_OK
    ctx.engine(create=True).dispose()
    say(f"created {_where(ctx)}")
    return EXIT_OK


def cmd_seed(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.interchange import import_snapshot, seed_snapshot

    snapshot = seed_snapshot()
    with ctx.session(create=True) as session:
        import_snapshot(session=session, snapshot=snapshot, source="seeds", actor=ctx.user, scale=_scale(ctx))
    say(f"loaded the seeds into {_where(ctx)}: {_counts(snapshot.counts())}")
    return EXIT_OK


def cmd_upgrade(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.engine import schema_state
    from tracker.db.errors import DatabaseProblem

    state = schema_state(ctx.url)
    if state == "current":
        say(f"{_where(ctx)} is up to date")
        return EXIT_OK
    if state in ("newer", "foreign"):
        ctx.engine()  # raises the same message as any other command
        raise DatabaseProblem(f"{_where(ctx)} cannot be upgraded")
    from tracker.db.backup import upgrade_keeping_a_copy

    copy = upgrade_keeping_a_copy(ctx.url)
    if copy is not None:
        say(f"backed up {_where(ctx)} to {copy}")
    say(f"upgraded {_where(ctx)}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.backup import backup

    ctx.engine().dispose()  # refuses, untouched, anything that is not a current tracker database
    copy = backup(ctx.url, Path(args.destination))
    from tracker.anchor import log_backup_head

    log = log_backup_head(copy)
    say(f"backed up {_where(ctx)} to {copy}; its history's head is in {log}")
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


def cmd_period_list(args: argparse.Namespace, ctx: Context) -> int:
    from tracker import output
    from tracker.db import views

    with ctx.session() as session:
        items = output.records(views.periods(session), ["label", "start", "end", "closed"])
    columns = ["label", "start", "end", "closed"]
    return _emit(args.format, "Periods", items, columns, columns)


LIST_COLUMNS = {
    "workstreams": ["ref", "name", "section", "lead", "status", "rag", "previous_rag", "change", "version"],
    "actions": ["ref", "title", "owner", "due_date", "status", "overdue", "workstream", "risk"],
    "risks": ["ref", "title", "owner", "likelihood", "impact", "score", "target_score", "status",
              "review_date", "on_register", "actions"],
    "commitments": ["ref", "priority", "priority_title", "text", "owners", "lead", "period", "updated",
                    "commentary"],
    "measures": ["ref", "name", "area", "unit", "direction", "target", "last_period", "this_period", "last",
                 "this", "ci_last", "ci_this", "difference", "difference_unit", "assessment", "significant",
                 "footnotes", "workstream", "lead"],
}


TABLE_COLUMNS = {
    "workstreams": ["ref", "name", "lead", "rag", "previous_rag", "change"],
    "actions": ["ref", "title", "owner", "due_date", "status", "overdue"],
    "risks": ["ref", "title", "owner", "score", "target_score", "status", "actions"],
    "commitments": ["ref", "text", "owners", "updated"],
    "measures": ["ref", "name", "last", "this", "difference", "assessment"],
    "history": ["at", "actor", "item", "field", "change"],
}
"""What fits an 80-column terminal; csv and json carry every column."""


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from tracker import output
    from tracker.db import views

    if args.what in ("commitments", "measures"):
        return _list_plan(args, ctx)
    columns = LIST_COLUMNS[args.what]
    with ctx.session() as session:
        if args.what == "workstreams":
            board = views.dashboard(session, args.period)
            title = f"Workstreams, {board.period.label}" if board.period else "Workstreams (no periods yet)"
            items = output.records(board.rows, columns[:-1])
            seen = views.versions(session, "assessment", board.period.label) if board.period else {}
            for item in items:
                item["version"] = seen.get(item["ref"], 0)  # for `tracker rag --if-version`
        elif args.what == "actions":
            title, items = "Actions for improvement", output.records(views.actions(session), columns)
        else:
            title, items = "Risks", output.records(views.risks(session), columns)
    return _emit(args.format, title, items, columns, TABLE_COLUMNS[args.what], rag_columns=("rag", "previous_rag"))


def _list_plan(args: argparse.Namespace, ctx: Context) -> int:
    """Commitments with the period's commentary, or measures with last year against this year."""
    from tracker import plan_output

    columns = LIST_COLUMNS[args.what]
    with ctx.session() as session:
        if args.what == "commitments":
            title, items = plan_output.commitment_items(session, args.period, args.priority)
        else:
            title, items = plan_output.measure_items(session, args.period, args.area)
    if args.format == "json":
        return _emit("json", title, items, columns, columns)
    if args.format == "csv":
        return _emit("csv", title, [plan_output.flat(item) for item in items], columns, columns)
    table = [plan_output.for_table(args.what, item) for item in items]
    return _emit("table", title, table, columns, TABLE_COLUMNS[args.what])


def cmd_update(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import plan
    from tracker.db.errors import Conflict
    from tracker.db.schemas import CommentaryInput, validated

    data = validated(CommentaryInput, {"period": args.period, "team": args.team, "text": args.text},
                     where=f"commitment {args.commitment}")
    with ctx.session() as session:
        try:
            changed = plan.write_commentary(session=session, ref=args.commitment, data=data, actor=ctx.user,
                                            expected=args.if_version)
        except Conflict:
            say(f"not saved: tracker update {args.commitment} --period {args.period!r} --team {args.team!r} "
                  f"--text {args.text!r}", file=sys.stderr)
            raise
    say(f"commitment {args.commitment}: {args.team}'s update for {args.period} "
          + ("saved" if changed else "was the same already; nothing changed"))
    return EXIT_OK


def cmd_measure_set(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import plan
    from tracker.db.errors import Conflict
    from tracker.db.schemas import MeasureValueInput, validated

    value = plan.parse_number(args.value, where="--value")
    ci = None if args.ci is None else plan.parse_number(args.ci, where="--ci")
    with ctx.session() as session:
        ref = plan.measure_ref(session, args.measure)
        given = {"period": args.period, "value": value, "ci": ci, "footnote": args.footnote}
        if args.ci is None:
            given.pop("ci")  # kept as it was
        if args.footnote is None:
            given.pop("footnote")
        data = validated(MeasureValueInput, given, where=f"measure {ref}")
        try:
            changed = plan.set_measure_value(session=session, ref=ref, data=data, actor=ctx.user,
                                             expected=args.if_version)
        except Conflict:
            say(f"not saved: tracker measure set {args.measure!r} --period {args.period!r} --value {args.value!r}",
                  file=sys.stderr)
            raise
        unit = plan.measure_unit(session, ref)
    shown = plan.format_value(unit, value)
    say(f"measure {ref} is {shown} for {args.period}" if changed else
          f"measure {ref} was {shown} for {args.period} already; nothing changed")
    return EXIT_OK


def cmd_measure_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import plan
    from tracker.db.schemas import MeasureCreate, validated

    target = None if args.target is None else plan.parse_number(args.target, where="--target")
    fields = {"ref": args.ref, "name": args.name, "area": args.area, "unit": args.unit, "direction": args.direction,
              "target": target, "lead": args.lead, "workstream": args.workstream, "description": args.description}
    data = validated(MeasureCreate, {k: v for k, v in fields.items() if v is not None}, where=f"measure {args.ref}")
    with ctx.session() as session:
        plan.create_measure(session=session, data=data, actor=ctx.user)
    say(f"added measure {args.ref}: {args.name}")
    return EXIT_OK


def cmd_rag(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import store, views
    from tracker.db.errors import Conflict

    with ctx.session() as session:
        period = args.period or _latest_label(session, views)
        try:
            result = store.set_rating(session=session, ref=args.ref, period=period, rag=args.rag,
                                      rationale=args.note, actor=ctx.user, expected=args.if_version)
        except Conflict:
            note = "" if args.note is None else f" --note {args.note!r}"
            say(f"not saved: tracker rag {args.ref} {args.rag} --period {period}{note}", file=sys.stderr)
            raise
    if result.changed:
        say(f"{result.ref} is {result.rag.label} for {result.period} ({result.change})")
    else:
        say(f"{result.ref} was {result.rag.label} for {result.period} already; nothing changed")
    return EXIT_OK


def cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    from tracker import output
    from tracker.db import views

    columns = ["at", "actor", "entity", "ref", "period", "kind", "field", "old", "new"]
    with ctx.session() as session:
        changes = views.history(session, ref=args.ref, actor=args.by, limit=args.limit)
    items = output.records(changes, columns)
    title = f"History of {args.ref}" if args.ref else "History"
    for item in items:  # refs are unique per kind only (measure 1.1, commitment 1.1): the table names the kind
        item["item"] = f"{item['entity']} {item['ref']}" + (f" ({item['period']})" if item["period"] else "")
        item["change"] = f"{_cut(item['old'])} → {_cut(item['new'])}"
    return _emit(args.format, title, items, columns, TABLE_COLUMNS["history"])


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
        import_snapshot(session=session, snapshot=snapshot, source=str(path), actor=ctx.user, scale=_scale(ctx))
    say(f"imported {path} into {_where(ctx)}: {_counts(snapshot.counts())}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.reports import build_report, write_report

    fmt = args.format or _format_from(args.output)
    with ctx.session() as session:
        report = build_report(session, period=args.period, author=ctx.user, title=args.title,
                              sections=args.section, refs=args.ref)
    path = Path(args.output or f"report-{report.period.label}.{fmt}".replace("/", "-").replace(" ", "-"))
    write_report(report, fmt, path, overwrite=not args.no_clobber)
    say(f"wrote {path} ({len(report.workstreams)} workstreams, {report.period.label})")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    from tracker import output
    from tracker.db import views

    with ctx.session() as session:
        findings = views.readiness(session, args.period)
        label = args.period or _latest_label(session, views)
    if args.format == "table" and not findings:
        say(f"{label} is ready for the board: nothing to fix")
        return EXIT_OK
    columns = ["kind", "ref", "message"]
    _emit(args.format, f"Before {label} goes to the board", output.records(findings, columns), columns, columns)
    return EXIT_FAILURE if findings else EXIT_OK


def cmd_user_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import store

    with ctx.session() as session:
        changed = store.add_user(session=session, name=args.name, role=args.role, actor=ctx.user)
    for name in changed:
        say(f"{name} is {'an' if name == ctx.user and name != args.name else 'now'} "
              f"{args.role if name == args.name else 'admin'}")
    if not changed:
        say(f"{args.name} was {args.role} already")
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
    from tracker.db.access import roles

    with ctx.session() as session:
        items = [{"name": name, "role": role.value} for name, role in sorted(roles(session).items())]
    if args.format == "table" and not items:
        say(f"no users yet: {ctx.user}, the local user, is an admin; `tracker user add` adds the first")
        return EXIT_OK
    return _emit(args.format, "Users", items, ["name", "role"], ["name", "role"])


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.anchor import run_verify

    return run_verify(args, ctx)


# ---------------------------------------------------------------------------------------------
# Helpers


def _format_from(output: str | None) -> str:
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    fmt = {"markdown": "md", "htm": "html"}.get(suffix, suffix)
    if fmt not in ("docx", "html", "md"):
        from tracker.db.errors import InvalidInput

        raise InvalidInput("give --format docx, html or md (or an -o file name ending in one)", where="--format")
    return fmt



def _emit(
    fmt: str, title: str, items: list[dict], columns: Sequence[str], table_columns: Sequence[str], rag_columns=()
) -> int:
    from tracker import output

    if fmt == "json":
        output.write_json(items)
    elif fmt == "csv":
        output.write_csv(items, columns)
    else:
        output.write_table(title, items, table_columns, rag_columns)
    return EXIT_OK


def _latest_label(session, views) -> str:
    from tracker.db.errors import InvalidInput

    latest = views.latest_period(session)
    if latest is None:
        raise InvalidInput("there are no periods yet; add one with `tracker period add`", where="--period")
    return latest.label


def _scale(ctx: Context):
    return ctx.settings.risk_scale.scale()


def _cut(value: str | None, limit: int = 40) -> str:
    if value is None or value == "":
        return "—"
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _where(ctx: Context) -> str:
    from tracker.db.engine import display_name

    return display_name(ctx.url)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-03-31") from None


# ---------------------------------------------------------------------------------------------
# The parser


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", default=default, metavar="PATH|URL",
                        help="database file or URL (env TRACKER_DB; default: in the user data folder)")
    parser.add_argument("--user", default=default, metavar="NAME",
                        help="name your changes are recorded under (env TRACKER_USER; default: your login)")
    parser.add_argument("--read-only", action="store_true", default=default,
                        help="write nothing: commands that would write are refused, the TUI hides its editing keys")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, suppress=True)
    parser = argparse.ArgumentParser(
        prog="tracker",
        description="Workstreams, RAG ratings, actions, risks, plan commitments and performance measures, with full "
                    "history.",
    )
    parser.add_argument("--version", action="version", version=f"tracker {__version__}")
    _global_options(parser, suppress=False)
    parser.add_argument("--demo", action="store_true", help="open the TUI on a fresh database loaded from the seeds")
    parser.set_defaults(handler=cmd_tui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable, help: str, parent=commands) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help, description=help, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    command("init", cmd_init, "create the database (and its schema) if it does not exist")
    command("seed", cmd_seed, "load the bundled seed data taken from the source documents")
    command("upgrade", cmd_upgrade, "migrate the database to this version's schema")

    period = commands.add_parser("period", help="add, close, reopen or list reporting periods")
    period_commands = period.add_subparsers(title="commands", metavar="COMMAND", required=True)
    add = command("add", cmd_period_add, "add a reporting period", period_commands)
    add.add_argument("label", help='e.g. "2024" or "Q3 2024/25"')
    add.add_argument("--start", type=_date, required=True, metavar="YYYY-MM-DD")
    add.add_argument("--end", type=_date, required=True, metavar="YYYY-MM-DD")
    command("close", cmd_period_close, "close a period: its RAGs are frozen", period_commands).add_argument("label")
    command("reopen", cmd_period_reopen, "reopen a closed period (recorded)", period_commands).add_argument("label")
    listing = command("list", cmd_period_list, "list periods, oldest first", period_commands)
    listing.add_argument("--format", choices=["table", "csv", "json"], default="table")

    lister = command("list", cmd_list, "list workstreams, actions, risks, commitments or measures")
    lister.add_argument("what", choices=list(LIST_COLUMNS))
    lister.add_argument("--period", metavar="LABEL",
                        help="for workstreams, commitments and measures: the period (default: the latest with data)")
    lister.add_argument("--priority", type=int, metavar="N", help="commitments: only this plan priority")
    lister.add_argument("--area", metavar="AREA", help="measures: only this area")
    lister.add_argument("--format", choices=["table", "csv", "json"], default="table")

    rag = command("rag", cmd_rag, "set or change a workstream's RAG for a period")
    rag.add_argument("ref", help='workstream ref, e.g. "5.4.3"')
    rag.add_argument("rag", help="green, amber, red or not_graded (or G, A, R, NG)")
    rag.add_argument("--period", metavar="LABEL", help="default: the latest period")
    rag.add_argument("--note", metavar="TEXT", help="the rationale; required when the RAG differs from last period's")
    rag.add_argument("--if-version", type=int, metavar="N",
                     help="save only if the assessment is still at this version (from list --format json)")

    upd = command("update", cmd_update, "add or revise a team's commentary on a plan commitment for a period")
    upd.add_argument("commitment", help='commitment ref, e.g. "9.4"')
    upd.add_argument("--period", required=True, metavar="LABEL", help='e.g. "Q2 2023/24"')
    upd.add_argument("--team", required=True, metavar="TEAM", help="one of the commitment's owning teams")
    upd.add_argument("--text", required=True, metavar="TEXT", help="the commentary")
    upd.add_argument("--if-version", type=int, metavar="N",
                     help="save only if the commentary is still at this version (from list commitments --format json)")

    measure = commands.add_parser("measure", help="set a performance measure's value, or add a measure")
    measure_commands = measure.add_subparsers(title="commands", metavar="COMMAND", required=True)
    mset = command("set", cmd_measure_set, "set a measure's value for a period", measure_commands)
    mset.add_argument("measure", help="the measure's name or ref")
    mset.add_argument("--period", required=True, metavar="LABEL")
    mset.add_argument("--value", required=True, metavar="V", help='a number (29.3, 32,538, 29.3%%), or "n/a" with --footnote')
    mset.add_argument("--ci", metavar="X", help="confidence interval, +/- in the measure's unit (kept if not given)")
    mset.add_argument("--footnote", metavar="TEXT",
                      help='why a value is missing or not comparable (kept if not given; "" clears it)')
    mset.add_argument("--if-version", type=int, metavar="N", help="save only if the value is still at this version")
    madd = command("add", cmd_measure_add, "add a performance measure (admins)", measure_commands)
    madd.add_argument("ref")
    madd.add_argument("--name", required=True)
    madd.add_argument("--area", required=True)
    madd.add_argument("--unit", required=True, choices=["count", "percentage", "money", "days", "seconds"])
    madd.add_argument("--direction", required=True, choices=["higher_is_better", "lower_is_better"])
    madd.add_argument("--target", metavar="V")
    madd.add_argument("--lead", metavar="NAME", help="who keeps its values up to date")
    madd.add_argument("--workstream", metavar="REF", help="the workstream it measures (its target can suggest a RAG)")
    madd.add_argument("--description", metavar="TEXT")

    hist = command("history", cmd_history, "show changes, newest first")
    hist.add_argument("ref", nargs="?", help="only changes to this ref (a commitment's includes its commentary)")
    hist.add_argument("--by", metavar="NAME", help="only changes made by NAME")
    hist.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    hist.add_argument("--format", choices=["table", "json", "csv"], default="table")

    export = command("export", cmd_export, "write the whole database as TOML")
    export.add_argument("--format", choices=["toml"], default="toml")
    export.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    export.add_argument("--no-clobber", action="store_true", help="refuse to replace an existing FILE (exit 2)")

    command("import", cmd_import, "load a TOML file, all or nothing").add_argument("file")

    report = command("report", cmd_report, "write the board report for a period as Word, HTML or Markdown")
    report.add_argument("--period", metavar="LABEL", help="default: the latest period")
    report.add_argument("--format", choices=["docx", "html", "md"], help="default: from the -o file name")
    report.add_argument("-o", "--output", metavar="FILE", help="default: report-PERIOD.FORMAT here")
    report.add_argument("--no-clobber", action="store_true", help="refuse to replace an existing FILE (exit 2)")
    report.add_argument("--section", action="append", default=[], metavar="CODE", help="only this section (repeatable)")
    report.add_argument("--ref", action="append", default=[], metavar="REF", help="only this workstream (repeatable)")
    report.add_argument("--title", default="Performance and scrutiny report", help="the report's title")

    command("backup", cmd_backup, "copy the database consistently while others keep writing").add_argument(
        "destination", help="a new file, or a folder to put a dated copy in")
    user = commands.add_parser("user", help="add users with a role, or list them")
    user_commands = user.add_subparsers(title="commands", metavar="COMMAND", required=True)
    add_user = command("add", cmd_user_add, "add a user, or change their role (admins only)", user_commands)
    add_user.add_argument("name")
    add_user.add_argument("--role", required=True, choices=["admin", "lead", "reviewer"])
    command("remove", cmd_user_remove, "remove a user (admins only; never the last admin)",
            user_commands).add_argument("name")
    command("recover", cmd_user_recover, "make NAME an admin of a database left with none (its owner only)",
            user_commands).add_argument("name")
    users = command("list", cmd_user_list, "list users and their roles", user_commands)
    users.add_argument("--format", choices=["table", "csv", "json"], default="table")
    verify = command("verify", cmd_verify, "check the database, the history's hash chain and that the tables match it; "
                     "exit 1 naming what is wrong")
    verify.add_argument("--head", action="append", default=[], metavar="COUNT:HASH",
                        help="a head printed earlier (by verify, a report or a backup): fail if history lost it")
    verify.add_argument("--heads", action="append", default=[], metavar="FILE",
                        help="every head in this file, e.g. the tracker-heads.log beside the backups")
    verify.add_argument("--format", choices=["table", "json"], default="table")

    check = command("check", cmd_check, "list what would embarrass a lead at the board; exit 1 if anything")
    check.add_argument("--period", metavar="LABEL", help="default: the latest period")
    check.add_argument("--format", choices=["table", "csv", "json"], default="table")
    return parser


def _context(args: argparse.Namespace) -> Context:
    from tracker.config import config_path, default_database, load_settings, load_system_settings
    from tracker.db.location import database_url
    from tracker.identity import Claim, acting_user

    system = load_system_settings()
    settings = load_settings(defaults=system)
    db = args.db or os.environ.get("TRACKER_DB") or settings.database or default_database()
    url = database_url(db)
    claims = [Claim(args.user, "--user"), Claim(os.environ.get("TRACKER_USER", ""), "TRACKER_USER"),
              Claim(settings.user or "", f"config {config_path()}, user")]
    return Context(url=url, user=acting_user(system, claims, url), settings=settings, read_only=bool(args.read_only))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns (and, as a script, exits with) its status."""
    from tracker.argv import checked_argv
    from tracker.db.errors import TrackerError
    from tracker.readonly import forced_command, refuse_writes

    parser = build_parser()
    try:
        args = parser.parse_args(checked_argv(parser, sys.argv[1:] if argv is None else argv))
    except TrackerError as exc:
        print(f"tracker: error: {exc}", file=sys.stderr)
        return exc.exit_code
    from tracker import output

    ctx = None
    try:
        args = forced_command(args, build_parser().parse_args)
        refuse_writes(args)
        ctx = _context(args)
        return args.handler(args, ctx)
    except TrackerError as exc:
        output.error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug or an environment problem, not a user mistake
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, (SQLAlchemyError, OSError)):
            from tracker.db.filecheck import describe_error

            output.error(describe_error(exc, _where(ctx) if ctx else "the database"))
            return EXIT_FAILURE
        raise
