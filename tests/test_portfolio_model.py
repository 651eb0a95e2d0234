"""Portfolios (issue 12): the tree, each record's home, the cycle a portfolio reports on, the scope
of a view, and the portfolio in import, export and history."""

import datetime as dt

import pytest
from sqlalchemy import select
from tracker.db import store, views
from tracker.db.cycles import period_cycle
from tracker.db.enums import Cycle
from tracker.db.errors import InvalidInput, NotFound
from tracker.db.models import ChangeEvent
from tracker.db.schemas import (
    ActionCreate, PeriodCreate, PortfolioCreate, PortfolioUpdate, RiskUpdate, SectionCreate, WorkstreamCreate,
)
from tracker.db.verify import verify

from tests.test_interchange import load
from tracker.interchange import export_toml


@pytest.mark.parametrize(("start", "end", "cycle"), [
    ((2023, 1, 1), (2023, 12, 31), Cycle.YEAR),
    ((2023, 4, 1), (2024, 3, 31), Cycle.FINANCIAL_YEAR),
    ((2015, 10, 1), (2016, 9, 30), Cycle.TWELVE_MONTHS),
    ((2023, 7, 1), (2023, 12, 31), Cycle.HALF),
    ((2023, 7, 1), (2023, 9, 30), Cycle.QUARTER),
    ((2024, 2, 1), (2024, 2, 29), Cycle.MONTH),
    ((2024, 2, 1), (2024, 2, 28), Cycle.OTHER),  # not the whole of a leap February
    ((2024, 1, 15), (2024, 4, 14), Cycle.OTHER),
])
def test_a_periods_cycle_follows_from_its_dates(start, end, cycle):
    assert period_cycle(dt.date(*start), dt.date(*end)) is cycle


def test_the_seeds_are_homed_as_the_papers_report_them(seeded):
    tree = {p.code: p for p in views.portfolios(seeded)}
    assert {"collab", "plan", "perf", "opc"} <= set(tree)
    children = [p.code for p in tree.values() if p.parent == "opc"]
    assert len(children) == 18 and "opc.roads" in children and "opc.dogs" in children
    assert views.scope(seeded, "opc.roads").cycle is Cycle.HALF  # a child follows its parent's cycle
    assert [r.ref for r in views.dashboard(seeded, "2023", portfolio="collab").reported] == [
        "5.1.1", "5.1.2", "5.2.1", "5.3.1", "5.4.1", "5.4.2", "5.4.3", "5.5.1", "5.5.2", "5.5.3"]
    assert views.dashboard(seeded, portfolio="opc").rows == []  # the command keeps risks, not workstreams
    assert len(views.risks(seeded, portfolio="opc")) == 12
    roads = views.risks(seeded, portfolio="opc.roads")
    assert roads and all(r.portfolio is None for r in roads)  # its own, not a child's
    assert {r.portfolio for r in views.risks(seeded, portfolio="opc")} >= {"opc.roads"}  # marked by child
    assert views.risks(seeded, portfolio="collab") == views.actions(seeded, portfolio="collab") == []


def test_each_portfolio_steps_through_its_own_periods(seeded):
    assert [p.label for p in views.periods(seeded, "collab")] == ["2022", "2023"]
    assert [p.label for p in views.periods(seeded, "plan")] == ["Q2 2023/24"]
    assert [p.label for p in views.periods(seeded, "perf")] == ["Year to Sep 2015", "Year to Sep 2016"]
    assert views.dashboard(seeded, portfolio="collab").period.label == "2023"
    assert views.latest_period(seeded, "plan").label == "Q2 2023/24"


def test_a_new_record_goes_where_it_is_told_or_is_refused_naming_the_choices(seeded):
    data = WorkstreamCreate(ref="5.4.9", name="New", section="5.4")
    with pytest.raises(InvalidInput) as refused:
        store.create_workstream(session=seeded, data=data, actor="admin")
    assert refused.value.where == "workstream 5.4.9, portfolio" and "collab" in refused.value.reason
    with pytest.raises(NotFound, match="no portfolio 'nowhere'"):
        store.create_workstream(session=seeded, data=data.model_copy(update={"portfolio": "nowhere"}), actor="admin")
    store.create_workstream(session=seeded, data=data.model_copy(update={"portfolio": "collab"}), actor="admin")
    assert "5.4.9" in [r.ref for r in views.dashboard(seeded, portfolio="collab").rows]


def test_a_new_database_puts_its_first_record_in_default(session):
    store.create_section(session=session, data=SectionCreate(code="1", name="One"), actor="ann")
    store.create_workstream(session=session, data=WorkstreamCreate(ref="1.1", name="W", section="1"), actor="ann")
    assert [(p.code, p.name) for p in views.portfolios(session)] == [("default", "Default")]
    created = session.execute(select(ChangeEvent.field, ChangeEvent.new).where(ChangeEvent.entity == "portfolio")).all()
    assert ("name", "Default") in created
    assert verify(session).ok


def test_portfolios_are_renamed_moved_and_closed_with_history(seeded):
    store.create_portfolio(session=seeded, data=PortfolioCreate(code="opc.new", name="New team", parent="opc"),
                           actor="admin")
    assert store.update_portfolio(session=seeded, code="opc.new", changes=PortfolioUpdate(name="Newer"),
                                  actor="admin") == ["name"]
    with pytest.raises(InvalidInput, match="cannot be its parent"):
        store.update_portfolio(session=seeded, code="opc", changes=PortfolioUpdate(parent="opc.new"), actor="admin")
    store.update_portfolio(session=seeded, code="opc.new", changes=PortfolioUpdate(parent="collab", cycle="quarter"),
                           actor="admin")
    moved = {p.code: p for p in views.portfolios(seeded)}["opc.new"]
    assert (moved.parent, moved.cycle, moved.name) == ("collab", Cycle.QUARTER, "Newer")
    store.update_portfolio(session=seeded, code="opc.new", changes=PortfolioUpdate(status="closed"), actor="admin")
    with pytest.raises(InvalidInput, match="is closed"):
        store.create_action(session=seeded, data=ActionCreate(ref="X1", title="t", portfolio="opc.new"), actor="admin")
    assert verify(seeded).ok


def test_a_record_moves_between_portfolios_with_history(seeded):
    store.update_risk(session=seeded, ref="9.2", changes=RiskUpdate(portfolio="opc.dogs"), actor="admin")
    assert "9.2" in [r.ref for r in views.risks(seeded, portfolio="opc.dogs")]
    assert "9.2" not in [r.ref for r in views.risks(seeded, portfolio="opc.roads")]
    moves = seeded.execute(select(ChangeEvent.old, ChangeEvent.new).where(
        ChangeEvent.ref == "9.2", ChangeEvent.field == "portfolio", ChangeEvent.kind == "update")).all()
    assert moves == [("opc.roads", "opc.dogs")]
    assert verify(seeded).ok


def test_an_import_naming_an_unknown_portfolio_is_refused_with_where(seeded):
    before = export_toml(seeded)
    with pytest.raises(InvalidInput) as refused:
        load(seeded, '[[risk]]\nref = "R9"\ntitle = "T"\nportfolio = "opc.nowhere"\n')
    assert refused.value.where == "file.toml: risk R9, portfolio" and "no portfolio 'opc.nowhere'" in refused.value.reason
    with pytest.raises(InvalidInput) as refused:
        load(seeded, '[[portfolio]]\ncode = "x.y"\nname = "Orphan"\nparent = "x"\n')
    assert refused.value.where == "file.toml: portfolio x.y, parent"
    with pytest.raises(InvalidInput, match="is not a portfolio code"):
        load(seeded, '[[portfolio]]\ncode = "Bad Code"\nname = "B"\n')
    assert export_toml(seeded) == before


def test_a_files_default_portfolio_homes_its_records(seeded):
    load(seeded, 'portfolio = "opc.dogs"\n\n[[risk]]\nref = "R9"\ntitle = "Kennels"\n\n'
                 '[[action]]\nref = "A9"\ntitle = "Rebuild"\nportfolio = "opc.roads"\n')
    assert [r.ref for r in views.risks(seeded, portfolio="opc.dogs") if r.ref == "R9"] == ["R9"]
    assert [a.ref for a in views.actions(seeded, portfolio="opc.roads") if a.ref == "A9"] == ["A9"]
    text = export_toml(seeded)
    assert 'portfolio = "opc.dogs"' in text and "[[portfolio]]" in text and "[[consultation]]" in text


def test_the_consultation_list_is_kept_in_the_papers_order(seeded):
    text = export_toml(seeded)
    assert text.index('name = "Catherine Halliday"') < text.index('name = "Emma Gillgan"')
    assert 'area = "IT"' in text
    with pytest.raises(InvalidInput, match="consultation list already"):
        load(seeded, '[[consultation]]\nportfolio = "collab"\nperiod = "2023"\nname = "Catherine Halliday"\n')


def test_a_period_added_later_takes_its_cycle(seeded):
    store.create_period(session=seeded, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                          end=dt.date(2024, 12, 31)), actor="admin")
    store.create_period(session=seeded, data=PeriodCreate(label="Q3 2023/24", start=dt.date(2023, 10, 1),
                                                          end=dt.date(2023, 12, 31)), actor="admin")
    assert [p.label for p in views.periods(seeded, "collab")] == ["2022", "2023", "2024"]
    assert [p.label for p in views.periods(seeded, "plan")] == ["Q2 2023/24", "Q3 2023/24"]
    q3 = views.period_by_label(seeded, "Q3 2023/24")
    assert views.previous_period(seeded, q3).label == "Q2 2023/24"  # a quarter follows a quarter, not a year


def test_a_papers_default_file_name_names_its_portfolio():
    from tracker.db.files import report_file_name

    assert report_file_name("collab", "2023", "docx") == "report-collab-2023.docx"
    assert report_file_name("plan", "Q2 2023/24", "md") == "report-plan-Q2-2023-24.md"
    assert report_file_name(None, "2023", "html") == "report-2023.html"  # all portfolios in view
