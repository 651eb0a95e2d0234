"""Board report speed: a report for 1,000 workstreams in each format, from process start.

    .venv/bin/python bench/report.py [--workstreams 1000]
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from run import build_snapshot, timed_process  # bench/run.py
from sqlmodel import Session
from tracker.db.bulk import load_snapshot
from tracker.db.engine import database_url, open_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workstreams", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tracker-report-bench-"))
    db = folder / "bench.db"
    snapshot = build_snapshot(options.workstreams, 8)
    engine = open_database(database_url(db), create=True)
    with Session(engine) as session:
        load_snapshot(session=session, snapshot=snapshot, actor="bench")
    engine.dispose()
    env = {**os.environ, "TRACKER_USER": "bench", "TRACKER_CONFIG": str(folder / "no-config.toml")}
    period = snapshot.periods[-1].label
    print(f"\nreport for {options.workstreams:,} workstreams, {len(snapshot.risks):,} risks, "
          f"{len(snapshot.actions):,} actions; median of {options.repeat} fresh processes\n")
    print("| format | time | aim |\n| --- | --- | --- |")
    for fmt in ("docx", "html", "md"):
        out = folder / f"report.{fmt}"
        args = [sys.executable, "-m", "tracker", "--db", str(db), "report", "--period", period, "-o", str(out)]
        median, best = timed_process(args, options.repeat, env)
        print(f"| {fmt} ({out.stat().st_size // 1024} KiB) | {median:.3f} s (best {best:.3f}) | < 2 s |")


if __name__ == "__main__":
    main()
