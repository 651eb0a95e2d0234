"""The `tracker` command line: one function per group of subcommands, on top of the global
options (tracker/cli_start.py).

The subcommands are added in the order `tracker --help` lists them; each is wired to its
`cmd_NAME` handler in tracker/commands/.
"""

import argparse
from collections.abc import Callable

from tracker.cli_start import global_options, top_parser
from tracker.commands import admin, data, measures, papers, portfolios, records, risks, strands
from tracker.commands.common import iso_date
from tracker.commands.scoping import as_at_option, portfolio_option

Command = Callable[..., argparse.ArgumentParser]
"""command(name, handler, help, parent=the top-level subcommands) -> the new subcommand's parser."""

FORMATS = ["table", "csv", "json"]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    global_options(common, suppress=True)
    parser = top_parser()
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable, help: str, parent=commands) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help, description=help, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    for group in (_setup, _periods, portfolios.register, _records, strands.register, measures.register, risks.register,
                  papers.register, _history, _files, _users, _checks):
        group(commands, command)
    return parser


def _group(commands, name: str, help: str):
    """A command with subcommands of its own (`tracker period add`)."""
    return commands.add_parser(name, help=help).add_subparsers(title="commands", metavar="COMMAND", required=True)


def _setup(commands, command: Command) -> None:
    command("init", admin.cmd_init, "create the database (and its schema) if it does not exist")
    command("seed", data.cmd_seed, "load the bundled seed data taken from the source documents")
    command("upgrade", data.cmd_upgrade, "migrate the database to this version's schema")


def _periods(commands, command: Command) -> None:
    period = _group(commands, "period", "add, close, reopen, rename or list reporting periods")
    add = command("add", admin.cmd_period_add, "add a reporting period", period)
    add.add_argument("label", help='e.g. "2024" or "Q3 2024/25"')
    add.add_argument("--start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    add.add_argument("--end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    command("close", admin.cmd_period_close, "close a period: its RAGs are frozen", period).add_argument("label")
    command("reopen", admin.cmd_period_reopen, "reopen a closed period (recorded)", period).add_argument("label")
    rename = command("rename", admin.cmd_period_rename, "rename a period (recorded; history keeps verifying)", period)
    rename.add_argument("label", metavar="OLD")
    rename.add_argument("new_label", metavar="NEW")
    listing = command("list", admin.cmd_period_list, "list periods, oldest first", period)
    listing.add_argument("--format", choices=FORMATS, default="table")


def _records(commands, command: Command) -> None:
    lister = command("list", records.cmd_list, "list workstreams, actions, risks, commitments or measures")
    lister.add_argument("what", choices=list(records.LIST_COLUMNS))
    lister.add_argument("--period", metavar="LABEL",
                        help="for workstreams, commitments and measures: the period (default: the latest with data)")
    lister.add_argument("--priority", type=int, metavar="N", help="commitments: only this plan priority")
    lister.add_argument("--area", metavar="AREA", help="measures: only this area")
    lister.add_argument("--format", choices=FORMATS, default="table")
    portfolio_option(lister, "records")
    as_at_option(lister, "today; actions and risks")

    rag = command("rag", records.cmd_rag, "set or change a workstream's RAG for a period")
    rag.add_argument("ref", help='workstream ref, e.g. "5.4.3"')
    rag.add_argument("rag", help="green, amber, red or not_graded (or G, A, R, NG); a past paper's "
                     "\"grade not known\" comes only by import")
    rag.add_argument("--period", metavar="LABEL", help="default: the latest period")
    rag.add_argument("--note", metavar="TEXT", help="the rationale; required when the RAG differs from last period's")
    rag.add_argument("--if-version", type=int, metavar="N",
                     help="save only if the assessment is still at this version (from list --format json)")

    upd = command("update", records.cmd_update, "add or revise a team's commentary on a plan commitment for a period")
    upd.add_argument("commitment", help='commitment ref, e.g. "9.4"')
    upd.add_argument("--period", required=True, metavar="LABEL", help='e.g. "Q2 2023/24"')
    upd.add_argument("--team", required=True, metavar="TEAM", help="one of the commitment's owning teams")
    upd.add_argument("--text", required=True, metavar="TEXT", help="the commentary")
    upd.add_argument("--if-version", type=int, metavar="N",
                     help="save only if the commentary is still at this version (from list commitments --format json)")


def _history(commands, command: Command) -> None:
    hist = command("history", records.cmd_history, "show changes, newest first")
    hist.add_argument("ref", nargs="?", help="only changes to this ref (a commitment's includes its commentary)")
    hist.add_argument("--by", metavar="NAME", help="only changes made by NAME")
    hist.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    hist.add_argument("--format", choices=["table", "json", "csv"], default="table")
    hist.add_argument("--utc", action="store_true", help="times in UTC (default: local time; json and csv are UTC)")
    portfolio_option(hist, "changes to the records")


def _files(commands, command: Command) -> None:
    export = command("export", data.cmd_export, "write the whole database as TOML")
    export.add_argument("--format", choices=["toml"], default="toml")
    export.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    export.add_argument("--no-clobber", action="store_true", help="refuse to replace an existing FILE (exit 2)")

    command("import", data.cmd_import, "load a TOML file, all or nothing").add_argument("file")

    report = command("report", data.cmd_report, "write the board report for a period as Word, HTML or Markdown")
    report.add_argument("--period", metavar="LABEL", help="default: the latest period")
    report.add_argument("--format", choices=["docx", "html", "md"], help="default: from the -o file name")
    report.add_argument("-o", "--output", metavar="FILE", help="default: report-PERIOD.FORMAT here")
    report.add_argument("--no-clobber", action="store_true", help="refuse to replace an existing FILE (exit 2)")
    report.add_argument("--section", action="append", default=[], metavar="CODE", help="only this section (repeatable)")
    report.add_argument("--ref", action="append", default=[], metavar="REF", help="only this workstream (repeatable)")
    report.add_argument("--title", default="Performance and scrutiny report", help="the generic report's title")
    report.add_argument("--kind", metavar="KIND", help="which of the period's papers, when it has several")
    portfolio_option(report, "the records")
    as_at_option(report, "the period's end once it is closed, today while it is open")

    command("backup", data.cmd_backup, "copy the database consistently while others keep writing").add_argument(
        "destination", help="a new file, or a folder to put a dated copy in")


def _users(commands, command: Command) -> None:
    user = _group(commands, "user", "add users with a role, or list them")
    add_user = command("add", admin.cmd_user_add, "add a user, or change their role (admins only)", user)
    add_user.add_argument("name")
    add_user.add_argument("--role", required=True, choices=["admin", "lead", "reviewer"])
    add_user.add_argument("--portfolio", "-P", action="append", metavar="CODE", dest="portfolios",
                          help="limit their rights to this portfolio and its children (repeat for more; sets the list)")
    limit = command("portfolios", admin.cmd_user_portfolios,
                    "limit a user's rights to portfolios (and their children), or lift the limit with --all", user)
    limit.add_argument("name")
    limit.add_argument("codes", nargs="*", metavar="CODE")
    limit.add_argument("--all", action="store_true", help="no limit: rights in every portfolio")
    command("remove", admin.cmd_user_remove, "remove a user (admins only; never the last admin)",
            user).add_argument("name")
    command("recover", admin.cmd_user_recover, "make NAME an admin of a database left with none (its owner only)",
            user).add_argument("name")
    users = command("list", admin.cmd_user_list, "list users and their roles", user)
    users.add_argument("--format", choices=FORMATS, default="table")


def _checks(commands, command: Command) -> None:
    verify = command("verify", data.cmd_verify, "check the database, the history's hash chain and that the tables "
                     "match it; exit 1 naming what is wrong")
    verify.add_argument("--head", action="append", default=[], metavar="COUNT:HASH",
                        help="a head printed earlier (by verify, a report or a backup): fail if history lost it")
    verify.add_argument("--heads", action="append", default=[], metavar="FILE",
                        help="every head in this file, e.g. the tracker-heads.log beside the backups")
    verify.add_argument("--format", choices=["table", "json"], default="table")

    check = command("check", data.cmd_check, "list what would embarrass a lead at the board; exit 1 if anything")
    check.add_argument("--period", metavar="LABEL", help="default: the latest period")
    check.add_argument("--format", choices=FORMATS, default="table")
    portfolio_option(check, "the records")
    as_at_option(check, "the period's end once it is closed, today while it is open")
