"""A portfolio's dashboard is read section by section too: its first page stops at the LIMIT
instead of visiting every workstream of the portfolio once per section (300 ms at 10,000)."""

import datetime as dt

import pytest
from tracker.db import boards, store, views
from tracker.db.schemas import PeriodCreate, PortfolioCreate, SectionCreate, WorkstreamCreate, WorkstreamUpdate


@pytest.fixture
def two_portfolios(session):
    """Portfolio `top` with child `kid`; sections of both, a kid's workstream in a top section."""
    store.create_portfolio(session=session, data=PortfolioCreate(code="top", name="Top"), actor="t")
    store.create_portfolio(session=session, data=PortfolioCreate(code="kid", name="Kid", parent="top"), actor="t")
    store.create_portfolio(session=session, data=PortfolioCreate(code="other", name="Other"), actor="t")
    for code, home in (("S2", "top"), ("S1", "top"), ("K1", "kid"), ("O1", "other")):
        store.create_section(session=session, data=SectionCreate(code=code, name=f"Section {code}", portfolio=home),
                             actor="t")
    store.create_period(session=session, data=PeriodCreate(label="Q1", start=dt.date(2026, 1, 1),
                                                           end=dt.date(2026, 3, 31)), actor="t")
    made = {"S2": ("S2-10", "S2-9"), "S1": ("S1-2", "S1-1"), "K1": ("K1-1",), "O1": ("O1-1",)}
    for section, refs in made.items():
        for ref in refs:
            home = {"K": "kid", "O": "other"}.get(ref[0], "top")
            store.create_workstream(session=session, data=WorkstreamCreate(ref=ref, name=f"W {ref}", section=section,
                                                                           portfolio=home), actor="t")
    store.create_workstream(session=session, data=WorkstreamCreate(ref="S1-3", name="W S1-3", section="S1",
                                                                   portfolio="kid"), actor="t")
    return session


@pytest.mark.parametrize("portfolio, refs", [
    ("top", ["K1-1", "S1-1", "S1-2", "S1-3", "S2-9", "S2-10"]),
    ("kid", ["K1-1", "S1-3"]),
    ("other", ["O1-1"]),
    (None, ["K1-1", "O1-1", "S1-1", "S1-2", "S1-3", "S2-9", "S2-10"]),
])
def test_a_portfolios_board_and_every_page_of_it_keep_the_natural_order(two_portfolios, portfolio, refs):
    full = views.dashboard(two_portfolios, portfolio=portfolio)
    assert [row.ref for row in full.rows] == refs
    for n in range(1, len(refs) + 1):
        assert views.dashboard(two_portfolios, portfolio=portfolio, limit=n).rows == full.rows[:n]


def _plan(session, sql: str) -> list[str]:
    params = {"current": 1, "previous": -1, "limit": 200}
    for name in params:
        sql = sql.replace(f":{name}", "?")
    return [row[-1] for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql,
                                                                    tuple(params.values()))]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("portfolio", ["top", "kid"])
def test_sqlite_walks_a_portfolios_sections_in_order_for_the_first_page(two_portfolios, portfolio):
    plan = _plan(two_portfolios, boards.board_sql(views.scope(two_portfolios, portfolio), limit=True))
    assert plan[0].startswith("SCAN s USING INDEX ix_section_order"), plan
    assert plan[1].startswith("SEARCH w USING INDEX ix_workstream_section"), plan  # by section, not portfolio
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # at most each section's own rows are sorted


@pytest.fixture
def two_periods(two_portfolios):
    """Q0 then Q1 rated so that each count of the summary line is one or more somewhere."""
    session = two_portfolios
    store.create_period(session=session, data=PeriodCreate(label="Q0", start=dt.date(2025, 10, 1),
                                                           end=dt.date(2025, 12, 31)), actor="t")
    before = {"S1-1": "G", "S1-2": "A", "S1-3": "R", "S2-9": "G", "S2-10": "A", "K1-1": "G", "O1-1": "R"}
    now = {"S1-1": "A", "S1-2": "G", "S2-10": "NG", "K1-1": "G", "O1-1": "G"}
    for period, rags in (("Q0", before), ("Q1", now)):
        for ref, rag in rags.items():
            store.set_rating(session=session, ref=ref, period=period, rag=rag, rationale="why", actor="t")
    store.update_workstream(session=session, ref="S1-3", changes=WorkstreamUpdate(status="completed"), actor="t")
    store.update_workstream(session=session, ref="O1-1", changes=WorkstreamUpdate(status="paused"), actor="t")
    return session


@pytest.mark.parametrize("portfolio", ["top", "kid", "other", None])
def test_the_summary_counts_are_the_boards_own(two_periods, portfolio):
    numbers = views.period_numbers(two_periods, "Q1", portfolio=portfolio)
    summary = views.dashboard(two_periods, "Q1", portfolio=portfolio).summary()
    assert (numbers.reported, numbers.counts, numbers.worse, numbers.better, numbers.unrated) == (
        summary.reported, dict(summary.counts), summary.worse, summary.better, summary.unrated)
    assert numbers.dropped_total == len(summary.dropped)
    assert [row.ref for row in numbers.dropped] == [row.ref for row in summary.dropped]


def test_the_summary_line_counts_each_kind_of_workstream(two_periods):
    numbers = views.period_numbers(two_periods, "Q1", portfolio="top")
    assert numbers.line() == "4 reported · 2 Green · 1 Amber · 0 Red · 1 not graded · 1 not yet rated · 1 worse, 1 better"
    assert (numbers.dropped_total, [row.ref for row in numbers.dropped]) == (1, ["S1-3"])
    assert views.period_numbers(two_periods, "Q1", portfolio="other").line() == (
        "1 reported · 1 Green · 0 Amber · 0 Red · 0 worse, 1 better")


def test_the_summary_line_walks_the_workstreams_once_and_lists_the_dropped(two_periods):
    from tracker.db.views import _run

    run, seen = _run(two_periods), []

    def counted(sql, params):
        seen.append(sql)
        return run(sql, params)

    boards.read_numbers(counted, "Q1", portfolio="top")
    walks = [sql for sql in seen if "workstream w" in sql]
    assert len(walks) == 2, walks  # every count in one pass, and the first DROPPED_SHOWN dropped ones
