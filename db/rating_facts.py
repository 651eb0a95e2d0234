"""Everything a RAG save reads, in one statement: the workstream (its id, lead and portfolio),
who the actor is (how many users there are, the actor's role, whether their rights are limited
to portfolios), the period and the one before it in its cycle, the RAG stored for each, the
measure that suggests a RAG, and (when the caller checks it) the rating's version.

At 20 ms a round trip these were eight statements, 160 ms; now one. The rules applied to them
stay where they were (access.authorize, rules.py, suggest.py); this only reads. The period
before and the suggesting measure are chosen exactly as boards.PREVIOUS_PERIOD_SQL and
suggest._SUGGESTING_MEASURE choose them (tests/test_rating_facts.py compares them for
every workstream and period of the seeds). Runs on SQLite and PostgreSQL.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from .boards import PeriodInfo, period_info
from .enums import Rag

_PERIOD = "{p}.id, {p}.label, {p}.start_date, {p}.end_date, {p}.closed, {p}.cycle"
_SQL = (
    "SELECT w.id, w.lead, home.code,"
    " (SELECT count(*) FROM tracker_user), (SELECT role FROM tracker_user WHERE name = :actor),"
    " (SELECT count(*) FROM user_portfolio up JOIN tracker_user u ON u.id = up.user_id WHERE u.name = :actor),"
    f" {_PERIOD.format(p='t')}, {_PERIOD.format(p='b')},"
    " cur.id, cur.rag, cur.rationale, cur.assessed_by, prev.rag,"
    " sm.ref, sm.name, sm.unit, sm.direction, sm.target, sv.value, sv.label{version}"
    " FROM (SELECT 1 AS one) AS one"
    " LEFT JOIN workstream w ON w.ref = :ref"
    " LEFT JOIN portfolio home ON home.id = w.portfolio_id"
    " LEFT JOIN period t ON t.label = :label"
    " LEFT JOIN period b ON b.id = (SELECT p.id FROM period p WHERE p.cycle = t.cycle AND p.end_date < t.start_date"
    " ORDER BY p.end_date DESC, p.start_date, p.label DESC LIMIT 1)"
    " LEFT JOIN assessment cur ON cur.workstream_id = w.id AND cur.period_id = t.id"
    " LEFT JOIN assessment prev ON prev.workstream_id = w.id AND prev.period_id = b.id"
    " LEFT JOIN measure_value sv ON sv.id = (SELECT mv.id FROM measure m"
    " JOIN measure_value mv ON mv.measure_id = m.id"
    " WHERE m.workstream_id = w.id AND m.target IS NOT NULL AND mv.value IS NOT NULL AND mv.member = ''"
    " AND mv.series = 'actual' AND mv.end_date <= t.end_date"
    " ORDER BY mv.end_date DESC, m.sort_key LIMIT 1)"
    " LEFT JOIN measure sm ON sm.id = sv.measure_id"
)
_VERSION = (", (SELECT max(ce.id) FROM change_event ce WHERE ce.entity = 'assessment' AND ce.ref = :ref"
            " AND ce.period = :label)")
_QUERIES = {False: text(_SQL.format(version="")), True: text(_SQL.format(version=_VERSION))}


@dataclass(frozen=True, slots=True)
class Stored:
    """The assessment stored for the period."""

    id: int
    rag: str
    rationale: str
    assessed_by: str


@dataclass(frozen=True, slots=True)
class SuggestingMeasure:
    """suggest._SUGGESTING_MEASURE's row: the measure with a target, and its latest value."""

    ref: str
    name: str
    unit: str
    direction: str
    target: float
    value: float
    label: str


@dataclass(frozen=True, slots=True)
class RatingFacts:
    workstream_id: int | None
    """None: there is no such workstream."""
    lead: str | None
    portfolio: str | None
    users: int
    role: str | None
    limited: bool
    period: PeriodInfo | None
    """None: there is no such period."""
    before: PeriodInfo | None
    existing: Stored | None
    previous: Rag | None
    measure: SuggestingMeasure | None
    version: int | None
    """The rating's version (its newest change event's id, 0: none), when asked for."""


def rating_facts(session: Session, actor: str, ref: str, period: str, *, with_version: bool = False) -> RatingFacts:
    """What a save of `ref`'s RAG for `period` by `actor` needs to know, in one statement."""
    row = session.execute(_QUERIES[with_version], {"ref": ref, "label": period, "actor": actor}).one()
    return RatingFacts(
        workstream_id=row[0], lead=row[1], portfolio=row[2], users=row[3], role=row[4], limited=bool(row[5]),
        period=_period(row[6:12]), before=_period(row[12:18]),
        existing=None if row[18] is None else Stored(*row[18:22]),
        previous=None if row[22] is None else Rag(row[22]),
        measure=None if row[23] is None else SuggestingMeasure(*row[23:30]),
        version=(row[30] or 0) if with_version else None,
    )


def _period(columns: Any) -> PeriodInfo | None:
    return None if columns[0] is None else period_info(columns)
