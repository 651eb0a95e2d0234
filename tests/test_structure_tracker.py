"""House shape of tracker/ (issue 11, Structure): no module over 400 lines, no function over 60,
and the command line split so that tracker/cli.py only runs what cli_parser.py and commands/ define."""

import argparse
import ast
import subprocess
import sys
from pathlib import Path

from tracker.cli import build_parser

TRACKER = Path(__file__).resolve().parent.parent / "tracker"


def _modules() -> list[Path]:
    return sorted(TRACKER.rglob("*.py"))


def test_no_module_in_tracker_is_over_400_lines():
    long = {str(f.relative_to(TRACKER)): n for f in _modules() if (n := len(f.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_no_function_in_tracker_is_over_60_lines():
    long = {}
    for f in _modules():
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60:
                long[f"{f.relative_to(TRACKER)}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert long == {}


def _handlers(parser, path=()):
    """(command words, handler) for every command the parser can run."""
    found = [(path, parser.get_default("handler"))] if parser.get_default("handler") else []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _handlers(sub, (*path, name))
    return found


def test_every_command_runs_a_handler_from_tracker_commands_named_for_it():
    handlers = _handlers(build_parser())
    assert len(handlers) == 64  # the TUI and 63 subcommands (period add, period rename, portfolio add, measure edit, paper section edit, milestone add, risk control add, ..., check)
    for words, handler in handlers:
        assert handler.__module__.startswith("tracker.commands."), (words, handler.__module__)
        assert handler.__name__ == "cmd_" + ("_".join(words) or "tui")  # read-only mode names commands by it


def test_importing_the_parser_loads_no_heavy_module():
    code = "import sys, tracker.cli_parser; print(' '.join(sys.modules))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert "tracker.commands.records" in loaded
    assert not {"textual", "sqlalchemy", "sqlmodel", "rich", "alembic", "tracker.db.store"} & loaded
