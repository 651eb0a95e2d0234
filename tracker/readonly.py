"""Read-only mode (`--read-only`) and the SSH forced command built on it (docs/ssh.md).

Read-only mode writes nothing, whatever the user's role: commands that change the database or
write files are refused before they start (exit 2), and the database itself is opened so that
it refuses writes (SQLite `query_only`, PostgreSQL read-only transactions) in case one slipped by.

Behind an SSH forced command `tracker --read-only`, the command the reviewer typed arrives in
SSH_ORIGINAL_COMMAND. It is split like a shell would (but never run by one), must be a tracker
command, and runs read-only with the forced command's own `--db` and `--user`: the reviewer
can neither pick another database nor claim another name.
"""

import argparse
import os
import shlex
from collections.abc import Callable

from tracker.db.errors import InvalidInput

READING = frozenset({
    "cmd_tui", "cmd_list", "cmd_history", "cmd_check", "cmd_verify", "cmd_period_list", "cmd_user_list", "cmd_export",
    "cmd_portfolio_list", "cmd_paper_list", "cmd_paper_show", "cmd_narrative_show",
})
"""The commands that only read (export only to standard output). Any other is refused in read-only mode."""

FIXED_BY_FORCED_COMMAND = {"db": "--db", "user": "--user", "demo": "--demo"}


def command_name(args: argparse.Namespace) -> str:
    """`tracker period add` for cmd_period_add, and so on."""
    return "tracker " + args.handler.__name__.removeprefix("cmd_").replace("_", " ")


def refuse_writes(args: argparse.Namespace) -> None:
    """In read-only mode, refuse (InvalidInput, exit 2) any command that would write."""
    if not getattr(args, "read_only", False):
        return
    name = command_name(args)
    if args.handler.__name__ not in READING:
        raise InvalidInput(f"{name} would write, and --read-only writes nothing whatever your role; "
                           "nothing was written", where="read-only")
    if getattr(args, "output", None) not in (None, "-"):
        raise InvalidInput(f"{name} -o {args.output} would write a file, and read-only mode writes none: "
                           "leave out -o to get it on standard output", where="read-only")


def forced_command(args: argparse.Namespace, parse: Callable[[list[str]], argparse.Namespace]) -> argparse.Namespace:
    """The command to run: `args`, or under `tracker --read-only` with SSH_ORIGINAL_COMMAND set,
    that command (parsed by `parse`), read-only, with `args`' --db and --user."""
    original = os.environ.get("SSH_ORIGINAL_COMMAND")
    if original is None or not getattr(args, "read_only", False) or args.handler.__name__ != "cmd_tui":
        return args
    try:
        words = shlex.split(original)
    except ValueError as exc:
        raise InvalidInput(f"cannot be split into words: {exc}", where="SSH command") from None
    if words and os.path.basename(words[0]) == "tracker":
        words = words[1:]
    if not words:
        return args
    asked = parse(words)
    for key, option in FIXED_BY_FORCED_COMMAND.items():
        if getattr(asked, key, None):
            raise InvalidInput(f"{option} is not yours to choose over SSH: the key's forced command sets it",
                               where="SSH command")
    asked.db, asked.user, asked.demo, asked.read_only = args.db, args.user, False, True
    return asked
