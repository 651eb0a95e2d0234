"""The `tracker` command: reads the command line, works out who is acting on which database, and
runs the command's handler. The parser is in tracker/cli_parser.py and the handlers are in
tracker/commands/; heavy modules are imported inside the commands, so `--version` is instant.

Exit status: 0 success, 2 bad usage or invalid input (message on stderr), 1 anything else.
"""

import argparse
import os
import sys
from collections.abc import Sequence

from tracker.commands.common import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, Context, where

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "Context", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """Every command's parser (tracker/cli_parser.py), imported when a command line needs it."""
    from tracker.cli_parser import build_parser as build

    return build()


def _context(args: argparse.Namespace) -> Context:
    from tracker.config import config_path, default_database, load_settings, load_system_settings
    from tracker.db.location import database_url
    from tracker.identity import Claim, acting_user

    system = load_system_settings()
    settings = load_settings(defaults=system)
    from tracker.db.dates import use_date_format

    use_date_format(settings.date_format)
    db = args.db or os.environ.get("TRACKER_DB") or settings.database or default_database()
    url = database_url(db)
    claims = [Claim(args.user, "--user"), Claim(os.environ.get("TRACKER_USER", ""), "TRACKER_USER"),
              Claim(settings.user or "", f"config {config_path()}, user")]
    return Context(url=url, user=acting_user(system, claims, url), settings=settings, read_only=bool(args.read_only))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns (and, as a script, exits with) its status."""
    from tracker.cli_start import names_no_command, top_parser

    words = list(sys.argv[1:] if argv is None else argv)
    from tracker.collector import paused_gc, resume_gc

    tui = names_no_command(words)
    if tui and argv is None:
        paused_gc()
    try:
        return _run(top_parser() if tui else build_parser(), words)  # the TUI needs no subcommand
    finally:
        resume_gc()


def _run(parser: argparse.ArgumentParser, words: list[str]) -> int:
    from tracker.argv import checked_argv
    from tracker.db.errors import TrackerError
    from tracker.readonly import forced_command, refuse_writes

    try:
        args = parser.parse_args(checked_argv(parser, words))
    except TrackerError as exc:
        print(f"tracker: error: {exc}", file=sys.stderr)
        return exc.exit_code
    from tracker import output

    ctx = None
    try:
        args = forced_command(args, lambda words: build_parser().parse_args(words))
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

            output.error(describe_error(exc, where(ctx) if ctx else "the database"))
            return EXIT_FAILURE
        raise
