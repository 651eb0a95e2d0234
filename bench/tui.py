"""TUI speed in a real pseudo-terminal, from process start, as a user sees it.

    .venv/bin/python bench/tui.py --workstreams 10000
    .venv/bin/python bench/tui.py --workstreams 100000 --periods 2
    .venv/bin/python bench/tui.py --portfolios 50 --baseline ../old   # beside an older checkout

Measures: process start to the dashboard showing data, beside two baselines started in the same
runs, interleaved with it: `python -c "import textual.app"` (to exit) and a bare Textual app
painting a line (to that line on screen), and the ratios; a filter keystroke to the screen
settling; opening History (over every change event) and paging through it. With `--baseline
DIR` (a checkout of an older tracker with its own .venv), that version's start to its dashboard
on its own database of the same shape is timed in the same runs, interleaved. Time start-up
without PYTHONDONTWRITEBYTECODE (`env -u PYTHONDONTWRITEBYTECODE`), or an editable install
compiles its modules again on every start.
A keystroke's time runs from writing the key to the first byte of the redraw it causes (the
updated table) and to the last (output then stays quiet for QUIET seconds, not counted).
"""

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from run import build_snapshot  # bench/run.py
from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlmodel import Session
from tracker.db.bulk import load_snapshot
from tracker.db.engine import database_url, open_database, schema_state
from tracker.db.models import ChangeEvent

QUIET = 0.15

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare app painted")

Bare().run()
"""
"""The floor for any Textual app: import Textual, start, paint one line."""


class Terminal:
    """tracker running in a pseudo-terminal of a given size."""

    def __init__(self, args: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(args[0], args, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.output = b""

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:
            return b""
        self.output += chunk
        return chunk

    def wait_for(self, marker: bytes, limit: float = 60) -> float:
        """Seconds since process start until `marker` has been written to the screen."""
        deadline = time.perf_counter() + limit
        while marker not in self.output:
            if time.perf_counter() > deadline:
                raise SystemExit(f"gave up waiting for {marker!r}")
            self.read(0.05)
        return time.perf_counter() - self.started

    def settle(self) -> None:
        while self.read(QUIET):
            pass

    def key(self, data: bytes) -> tuple[float, float]:
        """Seconds from writing `data` to the first and to the last byte of the redraw it causes."""
        self.settle()
        start = time.perf_counter()
        os.write(self.fd, data)
        first = last = None
        while True:
            chunk = self.read(QUIET)
            if not chunk:
                return (first or 0.0) - start if first else 0.0, (last or start) - start
            last = time.perf_counter()
            first = first or last

    def close(self) -> None:
        try:
            os.write(self.fd, b"q")
            time.sleep(0.3)
            os.kill(self.pid, signal.SIGTERM)
        except OSError:
            pass
        os.waitpid(self.pid, 0)


def build(folder: Path, workstreams: int, periods: int, portfolios: int = 0) -> tuple[Path, int]:
    db = folder / (f"tui-{workstreams}.db" if not portfolios else f"tui-{workstreams}-{portfolios}p.db")
    if db.exists() and schema_state(database_url(db)) != "current":
        db.unlink()  # built by an older tracker: build it again on this schema
    if not db.exists():
        engine = open_database(database_url(db), create=True)
        snapshot = build_snapshot(workstreams, periods, portfolios) if portfolios else build_snapshot(workstreams, periods)
        with Session(engine) as session:
            load_snapshot(session=session, snapshot=snapshot, actor="bench")
        engine.dispose()
    engine = open_database(database_url(db))
    with Session(engine) as session:
        events = session.execute(sql_select(func.count()).select_from(ChangeEvent)).scalar()
    engine.dispose()
    return db, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workstreams", type=int, default=10_000)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3, help="process starts to time")
    parser.add_argument("--start-only", action="store_true", help="time process starts only, no keystrokes")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "tracker-tui-bench")
    parser.add_argument("--portfolios", type=int, default=0,
                        help="spread the sections over this many portfolios, and time switching between them")
    parser.add_argument("--baseline", type=Path, help="an older checkout with its own .venv, to time beside this one")
    options = parser.parse_args()
    options.dir.mkdir(parents=True, exist_ok=True)
    db, events = build(options.dir, options.workstreams, options.periods, options.portfolios)
    baseline = _baseline(options) if options.baseline else None
    env = {**os.environ, "TERM": "xterm-256color", "TRACKER_USER": "bench",
           "TRACKER_CONFIG": str(options.dir / "no-config.toml"), "XDG_STATE_HOME": str(options.dir / "state")}
    args = [sys.executable, "-m", "tracker", "--db", str(db)]
    marker = f"{options.workstreams} reported".encode()

    starts, filters, pages, history_open, imports, bare, before, switches = [], [], [], [], [], [], [], []
    loads = [os.getloadavg()[0]]
    for _ in range(options.runs):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import textual.app"], env=env, check=True)
        imports.append(time.perf_counter() - began)
        term = Terminal([sys.executable, "-c", BARE_APP], env, (80, 24))
        bare.append(term.wait_for(b"bare app painted"))
        term.close()
        if baseline is not None:
            term = Terminal(baseline, env, (80, 24))
            before.append(term.wait_for(marker))
            term.close()
        (options.dir / "state" / "tracker" / "portfolios.json").unlink(missing_ok=True)  # open on all, each run
        term = Terminal(args, env, (80, 24))
        starts.append(term.wait_for(marker))
        if options.start_only:
            term.close()
            continue
        term.key(b"/")
        filters += [term.key(ch.encode()) for ch in "Workstream 12"]
        term.key(b"\x1b")  # clear the filter
        for _ in range(min(options.portfolios, 10)):  # to the next portfolio down the picker
            term.key(b"P")
            term.key(b"\x1b[B")
            switches.append(term.key(b"\r"))
        if options.portfolios:
            term.key(b"/")
            filters += [term.key(ch.encode()) for ch in "Workstream 12"]
            term.key(b"\x1b")
        history_open.append(term.key(b"4"))
        pages += [term.key(b"\x1b[6~") for _ in range(20)]  # page down
        term.close()
    loads.append(os.getloadavg()[0])

    def stats(values: list[float], unit: float = 1000) -> str:
        values = sorted(values)
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        return f"median {statistics.median(values) * unit:.0f} ms, p95 {p95 * unit:.0f} ms, worst {values[-1] * unit:.0f} ms"

    print(f"\n{options.workstreams:,} workstreams x {options.periods} periods, {events:,} change events; "
          f"80x24 pseudo-terminal, {options.runs} process starts each; "
          f"load average {loads[0]:.1f} before, {loads[-1]:.1f} after; "
          f"PYTHONDONTWRITEBYTECODE {'set' if os.environ.get('PYTHONDONTWRITEBYTECODE') else 'unset'}\n")
    print("| measurement | result |\n| --- | --- |")
    floor, start = statistics.median(imports), statistics.median(starts)
    print(f"| `python -c \"import textual.app\"` (baseline) | {stats(imports)} |")
    print(f"| bare Textual app, start to its first line painted | {stats(bare)} ({statistics.median(bare) / floor:.2f}x) |")
    print(f"| start to dashboard with data | {stats(starts)} ({start / floor:.2f}x the baseline) |")
    if before:
        print(f"| the same, {options.baseline} (older version, same shape, one pool) | {stats(before)} "
              f"({statistics.median(before) / floor:.2f}x; this version {start / statistics.median(before):.2f}x it) |")
    if options.start_only:
        return
    print(f"| filter keystroke to the updated table ({len(filters)} keys) | {stats([f for f, _ in filters])} |")
    if switches:
        print(f"| switch portfolio (Enter in the picker) to the new table ({len(switches)} switches) | "
              f"{stats([f for f, _ in switches])}; settled {stats([s for _, s in switches])} |")
    print(f"| filter keystroke to a settled screen (scrollbar redrawn) | {stats([s for _, s in filters])} |")
    print(f"| open History, to its first frame / settled | {stats([f for f, _ in history_open])} / "
          f"{stats([s for _, s in history_open])} |")
    print(f"| History page down ({len(pages)} keys), to the new page | {stats([f for f, _ in pages])} |")


def _baseline(options) -> list[str]:
    """The older checkout's tracker on a database its own bench builds (its own schema)."""
    python = str(options.baseline / ".venv" / "bin" / "python")
    folder = options.dir / "baseline"
    folder.mkdir(exist_ok=True)
    script = (f"import sys; from pathlib import Path; sys.path.insert(0, {str(options.baseline / 'bench')!r}); "
              f"from tui import build; print(build(Path({str(folder)!r}), {options.workstreams}, {options.periods})[0])")
    db = subprocess.run([python, "-c", script], check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return [str(options.baseline / ".venv" / "bin" / "tracker"), "--db", db]  # not -m: the cwd may hold another tracker


if __name__ == "__main__":
    main()
