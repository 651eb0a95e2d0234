"""The top of the `tracker` command line: the global options, and the parser of those alone that
opens the TUI when the command line names no command (`tracker --db FILE`).

Building every subcommand's parser (tracker/cli_parser.py, which imports every command module)
took 10-20 ms of the TUI's start-up; a command line of global options alone needs none of them.
"""

import argparse

from tracker import __version__
from tracker.commands import admin

GLOBAL_FLAGS = ("--read-only", "--demo")
GLOBAL_VALUED = ("--db", "--user")


def global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", default=default, metavar="PATH|URL",
                        help="database file or URL (env TRACKER_DB; default: in the user data folder)")
    parser.add_argument("--user", default=default, metavar="NAME",
                        help="name your changes are recorded under (env TRACKER_USER; default: your login)")
    parser.add_argument("--read-only", action="store_true", default=default,
                        help="write nothing: commands that would write are refused, the TUI hides its editing keys")


def top_parser() -> argparse.ArgumentParser:
    """`tracker` with its global options, running the TUI; build_parser adds the subcommands."""
    parser = argparse.ArgumentParser(
        prog="tracker",
        description="Workstreams, RAG ratings, actions, risks, plan commitments and performance measures, with full "
                    "history.",
    )
    parser.add_argument("--version", action="version", version=f"tracker {__version__}")
    global_options(parser, suppress=False)
    parser.add_argument("--demo", action="store_true", help="open the TUI on a fresh database loaded from the seeds")
    parser.set_defaults(handler=admin.cmd_tui)
    return parser


def names_no_command(argv: list[str]) -> bool:
    """True when `argv` is global options alone, each value a word of its own that does not begin
    with `-` (or given as `--db=VALUE`): the whole parser would read it exactly as top_parser does.
    Anything else (a command, --help, --version, a value beginning with `-`) takes the whole parser."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in GLOBAL_FLAGS or ("=" in word and word.split("=", 1)[0] in GLOBAL_VALUED):
            index += 1
        elif word in GLOBAL_VALUED and index + 1 < len(argv) and not argv[index + 1].startswith("-"):
            index += 2
        else:
            return False
    return True
