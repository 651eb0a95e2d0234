"""Benchmarks for the foundation: whole-process commands and in-process RAG saves.

    .venv/bin/python bench/run.py                     # 10,000 workstreams x 8 periods
    .venv/bin/python bench/run.py --workstreams 1000  # a quick run

Builds a database of N workstreams x P periods, 100 actions and 100 risks per 1,000
workstreams, through the store's bulk loader (which records the history of every record,
so the change log holds several hundred thousand events), then measures each command in a
fresh process, beside `python -c pass` as the floor. Prints a Markdown table.
"""

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session
from tracker.db import store
from tracker.db.bulk import Snapshot, load_snapshot
from tracker.db.engine import database_url, open_database
from tracker.db.models import ChangeEvent
from tracker.db.schemas import (
    ActionCreate,
    AssessmentInput,
    PeriodCreate,
    PortfolioCreate,
    RiskCreate,
    SectionCreate,
    WorkstreamCreate,
)

RAGS = ("green", "amber", "red", "green", "green", "amber")


def build_snapshot(workstreams: int, periods: int, portfolios: int = 0) -> Snapshot:
    """A synthetic portfolio shaped like the seeds, at scale; with `portfolios`, its sections
    (and so their workstreams, risks and actions) spread over that many yearly portfolios."""
    snap = Snapshot()
    homes = [f"p{n + 1:02d}" for n in range(portfolios)]
    snap.portfolios = [PortfolioCreate(code=code, name=f"Portfolio {code}", cycle="year") for code in homes]
    for year in range(periods):
        start = dt.date(2016 + year, 1, 1)
        snap.periods.append(PeriodCreate(label=str(2016 + year), start=start, end=dt.date(2016 + year, 12, 31),
                                         closed=year < periods - 1))
    sections = max(1, workstreams // 100)
    for s in range(sections):
        snap.sections.append(SectionCreate(code=f"{s + 1}", name=f"Section {s + 1}",
                                           portfolio=homes[s % len(homes)] if homes else None))
    for i in range(workstreams):
        section = i % sections + 1
        ref = f"{section}.{i // sections + 1}"
        snap.workstreams.append(WorkstreamCreate(
            ref=ref, name=f"Workstream {i} of the collaboration portfolio", section=str(section),
            lead=f"Lead {i % 300}", description="Synthetic benchmark workstream.",
            portfolio=homes[(section - 1) % len(homes)] if homes else None,
        ))
        snap.assessments[ref] = [
            AssessmentInput(period=p.label, rag=RAGS[(i + k) % len(RAGS)], rationale=f"Rationale {i}/{k}",
                            assessed_by=f"Lead {i % 300}", assessed_at=f"{p.label}-11-01T00:00:00Z")
            for k, p in enumerate(snap.periods)
        ]
    per_kind = max(1, workstreams // 10)
    for i in range(per_kind):
        ws = snap.workstreams[i * 10]
        snap.risks.append(RiskCreate(ref=f"R{i + 1}", title=f"Risk {i}", owner=f"Lead {i % 300}",
                                     workstream=ws.ref, likelihood=i % 6 + 1, impact=i % 10 + 1, portfolio=ws.portfolio))
        snap.actions.append(ActionCreate(ref=f"A{i + 1}", title=f"Action {i}", owner=f"Lead {i % 300}",
                                         due_date=dt.date(2023, 1, 1) + dt.timedelta(days=i % 900),
                                         workstream=ws.ref, risk=f"R{i + 1}", portfolio=ws.portfolio))
    return snap


def timed_process(args: list[str], repeat: int, env: dict[str, str]) -> tuple[float, float]:
    """(median, best) wall time in seconds of running `args` as a new process."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(args, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr.decode()}")
    return statistics.median(times), min(times)


def rating_saves(url: str, refs: list[str], period: str) -> list[float]:
    """Wall time of each of len(refs) RAG saves with their history, one session like the TUI."""
    engine = open_database(url)
    times = []
    with Session(engine) as session:
        for n, ref in enumerate(refs):
            start = time.perf_counter()
            store.set_rating(session=session, ref=ref, period=period, rag=("red", "amber")[n % 2],
                             rationale=f"benchmark save {n}", actor="bench")
            times.append(time.perf_counter() - start)
    engine.dispose()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workstreams", type=int, default=10_000)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5, help="runs per process measurement")
    parser.add_argument("--saves", type=int, default=1_000)
    parser.add_argument("--portfolios", type=int, default=0, help="spread the sections over this many portfolios")
    parser.add_argument("--dir", type=Path, help="keep the databases here (default: a temporary folder)")
    options = parser.parse_args()

    folder = options.dir or Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db, copy, toml = folder / "bench.db", folder / "copy.db", folder / "bench.toml"
    for path in (db, copy):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    tracker = [sys.executable, "-m", "tracker"]
    env = {**os.environ, "TRACKER_USER": "bench", "TRACKER_CONFIG": str(folder / "no-config.toml")}
    rows: list[tuple[str, str, str]] = []

    start = time.perf_counter()
    snapshot = build_snapshot(options.workstreams, options.periods, options.portfolios)
    engine = open_database(database_url(db), create=True)
    with Session(engine) as session:
        load_snapshot(session=session, snapshot=snapshot, actor="bench")
        events = session.execute(select(func.count()).select_from(ChangeEvent)).scalar()
    engine.dispose()
    build = time.perf_counter() - start
    counts = snapshot.counts()
    print(f"built {db}: {counts} and {events} change events in {build:.1f} s", file=sys.stderr)

    def measure(label: str, args: list[str], aim: str, repeat: int = options.repeat) -> None:
        median, best = timed_process(args, repeat, env)
        rows.append((label, f"{median:.3f} s (best {best:.3f})", aim))

    measure("`python -c pass` (floor)", [sys.executable, "-c", "pass"], "")
    measure("`tracker --version`", [*tracker, "--version"], "< 0.3 s")
    measure("`tracker list workstreams --format json`", [*tracker, "--db", str(db), "list", "workstreams", "--format", "json"], "< 1.5 s")
    latest = snapshot.periods[-1].label
    measure("one `tracker rag`", [*tracker, "--db", str(db), "rag", snapshot.workstreams[0].ref, "red", "--period", latest, "--note", "bench"], "< 1.5 s")
    measure("`tracker verify` (chain and replay)", [*tracker, "--db", str(db), "verify"], "< 10 s", repeat=3)
    measure("`tracker export` (whole database)", [*tracker, "--db", str(db), "export", "-o", str(toml)], "< 5 s", repeat=1)

    def import_copy() -> list[str]:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        return [*tracker, "--db", str(copy), "import", str(toml)]

    median, _ = timed_process(import_copy(), 1, env)
    rows.append(("`tracker import` of that export", f"{median:.3f} s", "< 20 s"))

    refs = [w.ref for w in snapshot.workstreams[1 : options.saves + 1]]
    saves = sorted(rating_saves(database_url(db), refs, latest))
    p50, p95 = saves[len(saves) // 2], saves[int(len(saves) * 0.95)]
    rows.append((f"{len(saves)} RAG saves in process, p50 / p95", f"{p50 * 1000:.2f} / {p95 * 1000:.2f} ms", "p95 < 3 ms"))

    print(f"\n{options.workstreams:,} workstreams x {options.periods} periods in {max(1, options.portfolios)} "
          f"portfolio(s), {counts['risks']:,} risks, "
          f"{counts['actions']:,} actions, {events:,} change events; {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print("| measurement | time | aim |\n| --- | --- | --- |")
    for label, value, aim in rows:
        print(f"| {label} | {value} | {aim} |")


if __name__ == "__main__":
    main()
