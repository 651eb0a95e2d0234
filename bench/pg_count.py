"""Run one tracker command (or import this module) with SQLAlchemy's statements counted.

    python bench/pg_count.py OUT.json -- --db URL list workstreams --format json

Counts, per process: statements (`before_cursor_execute`; an executemany is one), the
connections opened, and the transactions begun, committed and rolled back, as SQLAlchemy sees
them; written as JSON to OUT when the process ends. Round trips are counted by the proxy in
bench/pg_latency.py, which sees every message on the wire.
"""

import atexit
import json
import sys
from collections import Counter

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

COUNTS: Counter[str] = Counter()
STATEMENTS: list[str] = []


@event.listens_for(Engine, "before_cursor_execute")
def _statement(conn, cursor, statement, parameters, context, executemany) -> None:
    COUNTS["statements"] += 1
    STATEMENTS.append(" ".join(statement.split())[:160])


@event.listens_for(Engine, "begin")
def _begin(conn) -> None:
    COUNTS["begins"] += 1


@event.listens_for(Engine, "commit")
def _commit(conn) -> None:
    COUNTS["commits"] += 1


@event.listens_for(Engine, "rollback")
def _rollback(conn) -> None:
    COUNTS["rollbacks"] += 1


@event.listens_for(Pool, "connect")
def _connect(dbapi_connection, record) -> None:
    COUNTS["connections"] += 1


def reset() -> dict[str, int]:
    """The counts so far, then start again from zero."""
    counts = dict(COUNTS)
    COUNTS.clear()
    STATEMENTS.clear()
    return counts


def main() -> None:
    out, words = sys.argv[1], sys.argv[2:]
    if words and words[0] == "--":
        words = words[1:]
    atexit.register(lambda: open(out, "w").write(json.dumps({**COUNTS, "sql": STATEMENTS})))
    from tracker.cli import main as tracker_main

    sys.exit(tracker_main(words))


if __name__ == "__main__":
    main()
