"""Measures at scale: the Measures screen and `tracker list measures`, each beside a baseline
timed in the same run.

    .venv/bin/python bench/measures.py                          # 1,000 measures x 60 months x 10 members
    .venv/bin/python bench/measures.py --measures 100 --moves 20  # a quick run

Builds, through the store's bulk loader (history of every value recorded), a database of
M measures, each by area with 10 members and a stored total, with a value per month for 60
months (and 1,000 risks for the baseline). Then, in process under Textual's pilot at 120x40:
the Measures screen's opening, from its key to the table shown and to the first measure's chart
drawn (the screen shows its first page at once), and to every measure read and shown, beside the Risks screen's opening from its key to its table shown; a cursor move to the
next measure's chart redrawn (p50/p95), beside a cursor move on the Risks screen to its
mitigations redrawn. And in fresh processes (median of 3): `tracker list measures` beside
`tracker list risks`. Prints a Markdown table.
"""

import argparse
import asyncio
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session
from tracker.db.bulk import Snapshot, load_snapshot
from tracker.db.engine import database_url, open_database
from tracker.db.schemas import MeasureCreate, MeasureValueRecord, RiskCreate

MEMBERS = [f"Area {n + 1}" for n in range(10)]


def _month(start: dt.date, k: int) -> tuple[dt.date, dt.date]:
    first = dt.date(start.year + (start.month - 1 + k) // 12, (start.month - 1 + k) % 12 + 1, 1)
    after = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


def build_snapshot(measures: int, months: int, members: int, risks: int = 1000) -> Snapshot:
    snap = Snapshot()
    stamp = "2024-01-01T00:00:00Z"
    for i in range(measures):
        ref = f"{i // 100 + 1}.{i % 100 + 1}"
        snap.measures.append(MeasureCreate(ref=ref, name=f"Measure {i} counted by area", area=f"Area group {i // 100 + 1}",
                                           unit="count", direction="lower_is_better", dimension="area", total="stored",
                                           target=float(900 + i % 50)))
        values = []
        for k in range(months):
            start, end = _month(dt.date(2019, 1, 1), k)
            for member in ["", *MEMBERS[:members]]:
                values.append(MeasureValueRecord(start=start, end=end, member=member or None,
                                                 value=float(1000 + (i * 7 + k * 3) % 400 + len(member)),
                                                 entered_by="bench", entered_at=stamp))
        snap.values[ref] = values
    for i in range(risks):
        snap.risks.append(RiskCreate(ref=f"R{i + 1}", title=f"Risk {i}", owner=f"Lead {i % 300}",
                                     likelihood=i % 5 + 1, impact=i % 5 + 1))
    return snap


class Clock:
    """When each screen first showed its rows and drew its chart after the key (the hooks below
    set them; a screen that shows a first page and then the rest shows twice), and when the
    Measures screen last showed its rows (every measure read)."""

    shown: dict[str, float] = {}
    drawn: float = 0.0
    mitigations: float = 0.0
    all_shown: float = 0.0


def hook() -> None:
    from tracker.screens.measures import MeasuresScreen
    from tracker.screens.risks import RisksScreen

    def timed(cls, name, key, when=lambda *a: True):
        original = getattr(cls, name)

        def wrapper(self, *args):
            result = original(self, *args)
            if when(*args):
                now = time.perf_counter()
                if key in ("drawn", "mitigations"):
                    setattr(Clock, key, getattr(Clock, key) or now)
                else:
                    Clock.shown.setdefault(key, now)
                    if key == "measures" and not self._rest_pending:  # not a first page
                        Clock.all_shown = now
            return result

        setattr(cls, name, wrapper)

    timed(MeasuresScreen, "show", "measures")
    timed(RisksScreen, "show", "risks")
    timed(MeasuresScreen, "_draw", "drawn", lambda row, values: bool(values))
    timed(RisksScreen, "_show_mitigations", "mitigations")


async def until(condition, limit: float = 300.0) -> None:
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen did not settle")
        await asyncio.sleep(0.0005)


async def open_time(engine, key: str, name: str, times: dict[str, list[float]]) -> None:
    """A fresh app (a screen once opened is kept and reloaded only when something changed): from
    the dashboard, `key` to the screen's table shown (and, for measures, its first chart drawn)."""
    from tracker.app import make_app

    app = make_app(engine=engine, user="bench")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        Clock.shown.pop(name, None)
        Clock.drawn = Clock.all_shown = 0.0
        start = time.perf_counter()
        await pilot.press(key)
        await until(lambda: name in Clock.shown and (name != "measures" or (Clock.drawn and Clock.all_shown)))
        times[f"{name} table"].append(Clock.shown[name] - start)
        if name == "measures":
            times["measures chart"].append(Clock.drawn - start)
            times["measures all"].append(Clock.all_shown - start)


async def move_times(engine, moves: int, times: dict[str, list[float]]) -> None:
    """Cursor moves: to the next measure's chart redrawn, to the next risk's mitigations."""
    from tracker.app import make_app

    app = make_app(engine=engine, user="bench")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("7")
        await until(lambda: Clock.drawn)
        await _moves(pilot, moves, "drawn", times["measures move"])
        await pilot.press("3")
        await until(lambda: "risks" in Clock.shown)
        await _moves(pilot, moves, "mitigations", times["risks move"])


async def _moves(pilot, moves: int, mark: str, into: list[float]) -> None:
    """`moves` presses of Down, each timed to the Clock's `mark` being set again."""
    for _ in range(moves):
        setattr(Clock, mark, 0.0)
        start = time.perf_counter()
        await pilot.press("down")
        await until(lambda: getattr(Clock, mark))
        into.append(getattr(Clock, mark) - start)


async def screen_times(engine, opens: int, moves: int) -> dict[str, list[float]]:
    hook()
    times: dict[str, list[float]] = {k: [] for k in ("measures table", "measures chart", "measures all", "risks table",
                                                     "measures move", "risks move")}
    for _ in range(opens):  # interleaved, so both see the same machine
        await open_time(engine, "7", "measures", times)
        await open_time(engine, "3", "risks", times)
    await move_times(engine, moves, times)
    return times


def process_time(args: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95 + 0.5) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--moves", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "measures.db"
        engine = open_database(database_url(path), create=True)
        started = time.perf_counter()
        snap = build_snapshot(args.measures, args.months, args.members)
        with Session(engine) as session:
            load_snapshot(session=session, snapshot=snap, actor="bench")
        built = time.perf_counter() - started
        values = sum(len(v) for v in snap.values.values())
        times = asyncio.run(screen_times(engine, args.opens, args.moves))
        engine.dispose()
        tracker = [str(Path(sys.executable).with_name("tracker")), "--db", str(path), "--user", "bench"]
        cli = {what: process_time([*tracker, "list", what], 3) for what in ("measures", "risks")}
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    print(f"{args.measures:,} measures x {args.months} months x ({args.members} members + total) = {values:,} values,"
          f" 1,000 risks; built in {built:.0f} s; Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print("| measurement | time | baseline in the same run | aim |\n| --- | --- | --- | --- |")
    med = statistics.median
    print(f"| Measures screen: key to table shown (median of {args.opens}) | {ms(med(times['measures table']))}"
          f" | Risks screen: key to table shown {ms(med(times['risks table']))} | |")
    print(f"| Measures screen: key to first chart drawn (median) | {ms(med(times['measures chart']))} | | <= 100 ms |")
    print(f"| Measures screen: key to every measure read and shown (median) | {ms(med(times['measures all']))} | | |")
    print(f"| cursor move to the chart redrawn, p50 / p95 of {args.moves} | {ms(med(times['measures move']))} /"
          f" {ms(p95(times['measures move']))} | Risks: move to mitigations redrawn {ms(med(times['risks move']))} /"
          f" {ms(p95(times['risks move']))} | p95 <= 30 ms |")
    print(f"| `tracker list measures` (median of 3 processes) | {cli['measures']:.2f} s"
          f" | `tracker list risks` {cli['risks']:.2f} s | <= 1 s |")


if __name__ == "__main__":
    main()
