"""The dashboard's first page is read section by section, so a LIMIT stops early instead of
sorting every workstream; the order is the same natural order as ever, on every engine."""

import datetime as dt
import re

import pytest
from tracker.db import boards, store, views
from tracker.db.schemas import PeriodCreate, SectionCreate, WorkstreamCreate


def natural(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


@pytest.fixture
def shuffled(session):
    """Sections and workstreams created out of their natural order, so that ids disagree with it."""
    for code in ("S10", "S2", "S1"):
        store.create_section(session=session, data=SectionCreate(code=code, name=f"Section {code}"), actor="t")
    store.create_period(session=session, data=PeriodCreate(label="Q1", start=dt.date(2026, 1, 1),
                                                           end=dt.date(2026, 3, 31)), actor="t")
    refs = [(section, f"{section}-{n}") for n in (11, 3, 1, 20, 2) for section in ("S1", "S10", "S2")]
    for section, ref in refs:
        store.create_workstream(session=session, data=WorkstreamCreate(ref=ref, name=f"W {ref}", section=section),
                                actor="t")
    for _, ref in refs[::2]:
        store.set_rating(session=session, ref=ref, period="Q1", rag="G", rationale="fine", actor="t")
    return sorted(refs, key=lambda pair: (natural(pair[0]), natural(pair[1])))


def test_every_prefix_is_the_natural_order(session, shuffled):
    full = views.dashboard(session)
    assert [(r.section, r.ref) for r in full.rows] == shuffled
    for n in range(1, len(shuffled) + 1):
        assert views.dashboard(session, limit=n).rows == full.rows[:n]
    one = views.dashboard(session, ref="S10-3").rows
    assert one == [row for row in full.rows if row.ref == "S10-3"]
    assert sum(row.rag is not None for row in full.rows) == len(shuffled[::2]) == len(full.reported)


@pytest.mark.sqlite_only
def test_sqlite_does_not_sort_every_workstream_for_the_first_page(session, shuffled):
    sql = boards.board_sql(views.scope(session), limit=True)
    params = {"current": 1, "previous": -1, "limit": 200}
    plan = [row[-1] for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql.replace(
        ":current", "?").replace(":previous", "?").replace(":limit", "?"), tuple(params.values()))]
    assert plan[0].startswith("SCAN s USING INDEX ix_section_order"), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # at most each section's own rows are sorted
