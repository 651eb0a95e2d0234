"""Start-up: a command line of global options alone (the TUI) is read by the top-level parser,
without building every subcommand's parser or importing the command modules, and reads the same
as the whole parser reads it."""

import subprocess
import sys

import pytest
from tracker.argv import checked_argv
from tracker.cli import build_parser, main
from tracker.cli_start import names_no_command, top_parser

TUI_LINES = [
    [], ["--db", "x.db"], ["--db=x.db", "--user", "Ann Lead"], ["--read-only", "--db", "list"],
    ["--demo"], ["--user=-odd", "--read-only"], ["--db", ""], ["--user", "Bob", "--db", "x.db", "--demo"],
]
COMMAND_LINES = [
    ["list", "workstreams"], ["--db", "x.db", "list", "periods"], ["--db", "-x.db"], ["--user", "--db", "x"],
    ["--help"], ["--version"], ["--us", "Bob"], ["--db"], ["--read-only", "check"], ["--", "--db"],
]


def parsed(parser, argv: list[str]) -> dict:
    return vars(parser.parse_args(checked_argv(parser, argv)))


@pytest.mark.parametrize("argv", TUI_LINES)
def test_global_options_alone_read_the_same_with_the_top_parser(argv):
    assert names_no_command(argv)
    assert parsed(top_parser(), argv) == parsed(build_parser(), argv)
    assert parsed(top_parser(), argv)["handler"].__name__ == "cmd_tui"


@pytest.mark.parametrize("argv", COMMAND_LINES)
def test_anything_else_takes_the_whole_parser(argv):
    assert not names_no_command(argv)


def test_the_tui_command_line_loads_no_command_module(tmp_path):
    code = ("import sys, tracker.app; tracker.app.run_tui = lambda ctx, **options: 0\n"
            "from tracker.cli import main\n"
            f"status = main(['--db', {str(tmp_path / 'x.db')!r}])\n"
            "print(status, ' '.join(sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"TRACKER_USER": "tester", "TRACKER_CONFIG": str(tmp_path / "none.toml"),
                               "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    status, *loaded = done.stdout.split()
    assert status == "0"
    assert not {"tracker.cli_parser", "tracker.commands.records", "tracker.commands.data"} & set(loaded)


def test_a_value_that_is_not_utf8_is_named_on_the_short_path_too(capsys):
    assert main(["--db", "bad\udcffname.db"]) == 2
    assert "--db" in capsys.readouterr().err
