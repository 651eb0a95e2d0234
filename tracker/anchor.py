"""The history's head kept outside the database: `tracker verify` with `--head`/`--heads`, and
the log of heads `tracker backup` appends to beside the backups."""

import argparse
import os
from pathlib import Path

HEADS_LOG = "tracker-heads.log"
"""Beside the backups: one line per backup, `COUNT:HASH  WHEN  FILE`."""
SHOWN_PROBLEMS = 50


def run_verify(args: argparse.Namespace, ctx) -> int:
    """`tracker verify`: exit 0 when all is well, 1 naming what is not."""
    from tracker import output
    from tracker.db.verify import parse_head, read_heads, verify

    anchors = [parse_head(value) for value in args.head]
    for path in args.heads:
        anchors += read_heads(Path(path))
    with ctx.session() as session:
        verdict = verify(session, anchors)
    if args.format == "json":
        output.write_json({"ok": verdict.ok, "events": verdict.events, "head": verdict.head.as_json(),
                           "message": verdict.message, "problems": verdict.problems})
        return 0 if verdict.ok else 1
    if verdict.ok:
        output.say(verdict.message)
        return 0
    for problem in verdict.problems[:SHOWN_PROBLEMS]:
        output.error(problem)
    if len(verdict.problems) > SHOWN_PROBLEMS:
        output.error(f"... and {len(verdict.problems) - SHOWN_PROBLEMS} more (--format json lists them all)")
    output.say(f"head {verdict.head} ({verdict.events} change events)")
    return 1


def backup_head(copy: Path) -> str:
    """COUNT:HASH of the history in a backup copy (a SQLite file just written), read as `verify`
    reads the live database's head."""
    from sqlmodel import Session
    from tracker.db.engine import make_engine
    from tracker.db.location import database_url
    from tracker.db.verify import current_head

    engine = make_engine(database_url(copy), read_only="a backup copy is only read")
    try:
        with Session(engine) as session:
            return str(current_head(session))
    finally:
        engine.dispose()


def log_backup_head(copy: Path) -> Path:
    """Append the copy's head to the log beside it; returns the log's path."""
    from tracker.db.history import utc_now

    head = backup_head(copy)
    log = Path(copy).parent / HEADS_LOG
    line = f"{head}  {utc_now()}  {Path(copy).name}\n"
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return log
