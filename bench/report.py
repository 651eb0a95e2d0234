"""Board report speed, from process start: today's generic report for 1,000 workstreams in each
format (the baseline), and the paper kept in tracker for the same portfolio, with a narrative of
a few paragraphs under every workstream and every dashboard section.

    .venv/bin/python bench/report.py [--workstreams 1000] [--repeat 3]
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from run import build_snapshot, timed_process  # bench/run.py
from sqlmodel import Session
from tracker.db import papers, views
from tracker.db.bulk import load_snapshot
from tracker.db.engine import database_url, open_database
from tracker.db.paper_schemas import FrontSheetUpdate, SectionUpdate
from tracker.db.papers import PaperKey
from tracker.reports.scope import holding_roots

AIMS = {("generic", "docx"): "", ("generic", "html"): "", ("generic", "md"): "",
        ("paper", "docx"): "<= 1.0 s", ("paper", "html"): "<= 0.5 s", ("paper", "md"): "<= 0.5 s"}
NARRATIVE = ("Delivery this period: {ref} moved its second phase into service on time and within budget, "
             "with the benefits profile reviewed by the programme board in September.\n\n"
             "- Training for 240 officers completed\n- Two further sites went live\n\n"
             "Next steps: the third phase begins in the new year; governance stays with the collaboration "
             "board, which reviews the risks quarterly.\n\n"
             "The lead reports that demand has risen by 4% against last year, and that the partner's "
             "funding for the next two years is confirmed.")


def add_paper(db: Path, period: str) -> str:
    """A scrutiny paper for the portfolio, its front sheet and narrative sections written, and a
    narrative for every workstream and dashboard section of `period`."""
    engine = open_database(database_url(db))
    with Session(engine) as session:
        [code] = holding_roots(session)
        key = PaperKey(code, period)
        papers.create_paper(session=session, actor="bench", key=key, template="scrutiny", front=FrontSheetUpdate(
            title="Collaboration Report", programme=f"Performance and Resources Scrutiny Programme {period}",
            report_to="the Office of the Police, Fire and Crime Commissioner", marking="Official",
            authors="Bench Author", version="1.0"))
        for section in ("purpose", "recommendations", "executive-summary", "background", "demand"):
            papers.edit_section(session=session, actor="bench", key=key, section=section,
                                changes=SectionUpdate(text=NARRATIVE.format(ref=section)))
        board = views.dashboard(session, period, portfolio=code)
        for row in board.rows:
            papers.set_narrative(session=session, actor="bench", period=period, workstream=row.ref,
                                 text=NARRATIVE.format(ref=row.ref))
        for section in sorted({row.section for row in board.rows}):
            papers.set_narrative(session=session, actor="bench", period=period, section=section,
                                 text=NARRATIVE.format(ref=section))
        session.commit()
    engine.dispose()
    return code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workstreams", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tracker-report-bench-"))
    generic, paper = folder / "generic.db", folder / "paper.db"
    snapshot = build_snapshot(options.workstreams, 8)
    engine = open_database(database_url(generic), create=True)
    with Session(engine) as session:
        load_snapshot(session=session, snapshot=snapshot, actor="bench")
    engine.dispose()
    period = snapshot.periods[-1].label
    shutil.copyfile(generic, paper)
    add_paper(paper, period)
    env = {**os.environ, "TRACKER_USER": "bench", "TRACKER_CONFIG": str(folder / "no-config.toml")}
    print(f"\nreport for {options.workstreams:,} workstreams, {len(snapshot.risks):,} risks, "
          f"{len(snapshot.actions):,} actions; median of {options.repeat} fresh processes\n")
    print("| report | format | time | aim |\n| --- | --- | --- | --- |")
    floor, floor_best = timed_process([sys.executable, "-c", "pass"], options.repeat, env)
    print(f"| floor | `python -c pass` | {floor:.3f} s (best {floor_best:.3f}) | |")
    for case, db in (("generic", generic), ("paper", paper)):
        for fmt in ("docx", "html", "md"):
            out = folder / f"{case}.{fmt}"
            args = [sys.executable, "-m", "tracker", "--db", str(db), "report", "--period", period, "-o", str(out)]
            median, best = timed_process(args, options.repeat, env)
            print(f"| {case} | {fmt} ({out.stat().st_size // 1024} KiB) | {median:.3f} s (best {best:.3f}) "
                  f"| {AIMS[case, fmt]} |")
    print(f"\nfiles in {folder}")


if __name__ == "__main__":
    main()
