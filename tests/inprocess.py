"""`tracker ARGS` inside the test process: the same result a real process gives, without the
second or so a new Python takes to start and import everything.

`run_cli` here takes and returns what `tests.conftest.run_cli` (a real process) does: a
CompletedProcess with returncode, stdout and stderr as text. What differs between the two is
handled so the results match:

- stdout and stderr are fresh UTF-8 streams that are not terminals (a pipe, as in a captured
  process), so Rich sizes tables from COLUMNS or 80 and adds no colour, exactly as there;
  their text is read back with universal newlines, as `subprocess.run(text=True)` does;
- `env` is laid over os.environ for the call only, and `cwd` is entered for the call only;
- SystemExit (argparse's usage errors, `--version`) becomes the exit status; an exception
  that escapes `main` prints its traceback on stderr and gives 1, as Python does;
- every engine the command opens is disposed afterwards (a process would close them on exit),
  so no SQLite file or PostgreSQL connection stays open behind the test.

The clock stays frozen (tests/conftest.py), which a real process cannot see: tests about the
process itself (its start, environment, signals) keep using `tests.conftest.run_cli`.
"""

import contextlib
import io
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import sqlalchemy
import tracker.db.engine

from tracker.cli import main


def run_cli(*args: str, input: str | None = None, env: dict | None = None,
            cwd: str | Path | None = None) -> subprocess.CompletedProcess:
    """`tracker ARGS` in this process, as `tests.conftest.run_cli` runs it in a new one."""
    stdout, stderr = _pipe("strict"), _pipe("backslashreplace")
    with _environment(env or {}), _directory(cwd), _disposing_engines(), _streams(input, stdout, stderr):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = _exit_status(exc)
        except Exception:  # noqa: BLE001  (a bug: what Python prints, and its status)
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess(["tracker", *args], code, _text(stdout), _text(stderr))


def _pipe(errors: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer.getvalue()
    return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="replace", newline=None).read()


def _exit_status(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


@contextlib.contextmanager
def _streams(input: str | None, stdout: io.TextIOWrapper, stderr: io.TextIOWrapper) -> Iterator[None]:
    saved = sys.stdin, sys.stdout, sys.stderr, sys.argv
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(input or ""), stdout, stderr
    sys.argv = [str(Path(tracker.__file__).with_name("__main__.py"))]  # as `python -m tracker` sets it
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr, sys.argv = saved


@contextlib.contextmanager
def _environment(overrides: dict) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update({name: str(value) for name, value in overrides.items()})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _directory(cwd: str | Path | None) -> Iterator[None]:
    if cwd is None:
        yield
        return
    with contextlib.chdir(cwd):
        yield


@contextlib.contextmanager
def _disposing_engines() -> Iterator[None]:
    engines = []

    def create_engine(*args, **kwargs):
        engine = sqlalchemy.create_engine(*args, **kwargs)
        engines.append(engine)
        return engine

    with mock.patch.object(tracker.db.engine, "create_engine", create_engine):
        try:
            yield
        finally:
            for engine in engines:
                engine.dispose()
