"""`tracker verify`: the engine's integrity check, a walk along the history's hash chain, the
heads it was anchored at, and a replay of the history compared with the tables.

A chain alone cannot see its own tail cut off (delete the last events and what is left still
chains), so its head (how many events, and the last one's hash) is kept outside the database:
printed by `verify`, on every board report and in the log `tracker backup` writes. Given such a
head, `verify` fails when the history no longer contains it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text
from sqlmodel import Session

from .errors import InvalidInput
from .history import GENESIS, HASHED_FIELDS, chain_hash
from .models import ChangeEvent
from .replay import Replay

HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True, order=True)
class Head:
    """Where the history stood: `count` events, the last of which has `hash`."""

    count: int
    hash: str

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"

    def as_json(self) -> dict:
        return {"count": self.count, "hash": self.hash}


def parse_head(value: str, *, where: str = "--head") -> Head:
    """COUNT:HASH, as `verify` prints it; anything else is bad input naming `where`."""
    count, sep, digest = value.strip().partition(":")
    digest = digest.lower()
    if not sep or not count.isdigit() or len(digest) != 64 or not set(digest) <= HEX:
        raise InvalidInput(f"{value.strip()[:80]!r} is not a head: give COUNT:HASH, e.g. 120:<64 hex digits>, "
                           "as `tracker verify` prints it", where=where)
    return Head(int(count), digest)


def read_heads(path: Path) -> list[Head]:
    """The heads in a log `tracker backup` writes: COUNT:HASH first on each line; # starts a comment."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot be read: {getattr(exc, 'strerror', None) or exc}", where=str(path)) from None
    heads = []
    for number, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if words:
            heads.append(parse_head(words[0], where=f"{path}, line {number}"))
    return heads


def current_head(session: Session) -> Head:
    """The history's head now: its number of events and the newest one's hash."""
    newest = select(ChangeEvent.hash).order_by(ChangeEvent.id.desc()).limit(1).scalar_subquery()
    count, last = session.execute(select(func.count(), newest).select_from(ChangeEvent)).one()  # one statement
    return Head(count or 0, last or GENESIS)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events: int
    """How many events the history holds."""
    message: str
    head: Head = Head(0, GENESIS)
    problems: list[str] = field(default_factory=list)
    """Everything found wrong, the first the most telling."""


def verify(session: Session, anchors: Iterable[Head] = (), *, replay: bool = True) -> Verdict:
    """Check the database's integrity, every event against its hash, the anchors, and the rows."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        result = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
        if result != ["ok"]:
            message = "SQLite integrity check failed: " + "; ".join(result[:5])
            return Verdict(False, 0, message, problems=[message])
    anchors = sorted(set(anchors))
    wanted = {head.count for head in anchors}
    seen: dict[int, str] = {0: GENESIS}
    replayed = Replay()
    problems: list[str] = []
    columns = [ChangeEvent.id, ChangeEvent.hash, *(getattr(ChangeEvent, name) for name in HASHED_FIELDS)]
    previous, count = GENESIS, 0
    events = select(*columns).order_by(ChangeEvent.id).execution_options(yield_per=5000)
    for row in session.connection().execute(events):
        event = row._mapping
        if not problems and event["hash"] != chain_hash(previous, event):
            problems.append(
                f"change event {event['id']} ({event['at']}, {event['actor']}, {event['entity']} {event['ref']} "
                f"{event['field']}) does not match its hash: history was altered at or just before it")
        previous, count = event["hash"], count + 1
        if count in wanted:
            seen[count] = previous
        if replay:
            replayed.feed(event)
    head = Head(count, previous)
    problems += _anchor_problems(anchors, seen, head)
    if replay:
        problems += replayed.differences(session)
    if problems:
        return Verdict(False, count, problems[0], head, problems)
    checks = "hash chain intact" + (f", {len(anchors)} recorded head(s) found" if anchors else "")
    checks += "; the tables match what history records" if replay else ""
    # PostgreSQL checks its own pages as it reads them; pg_amcheck goes deeper, outside tracker.
    prefix = "database integrity ok; " if sqlite else ""
    return Verdict(True, count, f"{prefix}{count} change events, {checks}; head {head}", head)


def _anchor_problems(anchors: list[Head], seen: dict[int, str], head: Head) -> list[str]:
    problems = []
    for anchor in anchors:
        if anchor.count > head.count:
            problems.append(f"head {anchor} is missing: history now holds only {head.count} events, so "
                            f"{anchor.count - head.count} or more were deleted since that head was recorded")
        elif seen[anchor.count] != anchor.hash:
            problems.append(f"head {anchor} is not in history: event number {anchor.count} now has hash "
                            f"{seen[anchor.count]}, so history up to it was rewritten or cut")
    return problems
