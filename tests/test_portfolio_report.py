"""The board report by portfolio (issue 12): one portfolio per paper, its own periods, nil
returns in words, and "overdue" judged as at a stated date. Read back as a reader's tools read
each format."""

import datetime as dt

import pytest
from docx import Document

from tests.conftest import without_seeded_paper
from tests.inprocess import run_cli
from tracker.db import store, views
from tracker.db.schemas import ActionCreate, PeriodCreate, PortfolioCreate
from tracker.reports import build_report
from tracker.reports.model import NO_ACTIONS, NO_RISKS

COLLAB_2023 = ["5.1.1", "5.1.2", "5.2.1", "5.3.1", "5.4.1", "5.4.2", "5.4.3", "5.5.1", "5.5.2", "5.5.3"]


@pytest.fixture
def seeded(seeded, backend):
    """The seeds without their 2023 collaboration paper: these tests are of the generic report's
    scope (tests/test_paper_report.py and test_seed_paper_000.py print the paper)."""
    without_seeded_paper(seeded)
    return seeded


def text_of(path) -> str:
    if path.suffix == ".docx":
        document = Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    text = path.read_text(encoding="utf-8")
    return text.replace("\\", "") if path.suffix == ".md" else text  # Markdown escapes the dots in 5.1.1


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_collaboration_paper_holds_its_ten_workstreams_and_nothing_of_the_others(seeded, seeded_db, tmp_path, fmt):
    path = tmp_path / f"collab.{fmt}"
    result = run_cli("report", "--portfolio", "collab", "--period", "2023", "-o", str(path), "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    text = text_of(path)
    assert all(ref in text for ref in COLLAB_2023)
    for risk in views.risks(seeded, portfolio="opc"):
        assert risk.title not in text
    for action in views.actions(seeded, portfolio="opc"):
        assert action.title not in text
    assert "Plan commitments" not in text and "Preventing dog theft" not in text
    assert "Year to Sep 2016" not in text and "Domestic abuse solved rate" not in text
    assert NO_RISKS in text and NO_ACTIONS in text
    assert "There are no strategic risks in this portfolio at present." in text
    assert "There are no actions for improvement in this portfolio at present." in text
    assert "Collaboration (collab)" in text  # the front sheet names the portfolio


def test_the_report_object_is_kept_to_the_portfolio(seeded):
    report = build_report(seeded, period="2023", author="x", portfolio="collab")
    assert [w.ref for w in report.workstreams] == COLLAB_2023
    assert report.risks == [] and report.actions == [] and report.plan == []
    assert [row.ref for block in report.measures for row in block.rows] == ["ECFRS.1", "ECFRS.2"]
    assert report.portfolio == "Collaboration (collab)"


def test_without_a_portfolio_the_paper_is_refused_naming_the_choices(seeded_db, tmp_path):
    path = tmp_path / "r.md"
    result = run_cli("report", "--period", "2023", "-o", str(path), "--db", seeded_db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "say which portfolio this paper is for: --portfolio collab|deepdive|opc|perf|plan" in result.stderr
    assert not path.exists()


def test_with_one_portfolio_holding_records_it_is_the_papers(tmp_path):
    db = str(tmp_path / "one.db")
    for args in (["period", "add", "2024", "--start", "2024-01-01", "--end", "2024-12-31"],
                 ["portfolio", "add", "empty", "Nothing here"]):
        assert run_cli(*args, "--db", db).returncode == 0
    from sqlmodel import Session
    from tracker.db.engine import open_database

    with Session(open_database(f"sqlite:///{db}")) as session:
        store.create_portfolio(session=session, data=PortfolioCreate(code="roads", name="Roads"), actor="x")
        store.create_action(session=session, data=ActionCreate(ref="1", portfolio="roads", title="Fix it"), actor="x")
        report = build_report(session, period="2024", author="x")
    assert report.portfolio == "Roads (roads)" and [a.ref for a in report.actions] == ["1"]


def test_a_period_not_of_the_portfolios_cycle_is_refused_naming_its_periods(seeded_db, tmp_path):
    result = run_cli("report", "-P", "plan", "--period", "2023", "-o", str(tmp_path / "r.md"), "--db", seeded_db)
    assert result.returncode == 2
    assert "2023 is not one of plan's periods (quarters): Q2 2023/24" in result.stderr
    result = run_cli("report", "-P", "collab", "--period", "2031", "-o", str(tmp_path / "r.md"), "--db", seeded_db)
    assert result.returncode == 2 and "2031" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("report", "-P", "opc", "--period", "2023", "-o", str(tmp_path / "r.md"), "--db", seeded_db)
    assert result.returncode == 2 and "2023 is not one of opc's periods (half years): Jul-Dec 2023" in result.stderr
    assert not (tmp_path / "r.md").exists()


def test_the_default_period_is_the_portfolios_latest(seeded):
    assert build_report(seeded, period=None, author="x", portfolio="plan").period.label == "Q2 2023/24"
    assert build_report(seeded, period=None, author="x", portfolio="collab").period.label == "2023"


def half_with_two_actions(session, *, closed: bool) -> None:
    store.create_period(session=session, data=PeriodCreate(label="H1 2023/24", start=dt.date(2023, 4, 1),
                                                           end=dt.date(2023, 9, 30)), actor="x")
    for ref, due in (("99.1", dt.date(2023, 8, 31)), ("99.2", dt.date(2023, 11, 30))):
        store.create_action(session=session, data=ActionCreate(ref=ref, portfolio="opc.roads", title=f"Due {due}",
                                                               due_date=due), actor="x")
    if closed:
        store.set_period_closed(session=session, label="H1 2023/24", closed=True, actor="x")


def test_a_closed_periods_paper_judges_overdue_at_its_end_not_today(seeded, tmp_path):
    half_with_two_actions(seeded, closed=True)
    report = build_report(seeded, period="H1 2023/24", author="x", portfolio="opc", today=dt.date(2024, 6, 1))
    assert report.as_at == dt.date(2023, 9, 30) and report.overdue == {"99.1"}
    for fmt in ("md", "html", "docx"):
        path = tmp_path / f"r.{fmt}"
        from tracker.reports import write_report

        write_report(report, fmt, path)
        assert "Overdue as at 30 September 2023" in text_of(path)


def test_an_open_periods_paper_judges_overdue_today_or_at_the_date_given(seeded, seeded_db, tmp_path):
    half_with_two_actions(seeded, closed=False)
    today = build_report(seeded, period="H1 2023/24", author="x", portfolio="opc", today=dt.date(2024, 6, 1))
    assert today.as_at == dt.date(2024, 6, 1) and today.overdue == {"99.1", "99.2"}
    path = tmp_path / "r.md"
    result = run_cli("report", "-P", "opc", "--period", "H1 2023/24", "--as-at", "2022-12-31", "-o", str(path),
                     "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "Overdue as at 31 December 2022" in text and "OVERDUE" not in text


def test_a_child_portfolios_paper_holds_only_its_own(seeded):
    assert [p.label for p in views.periods(seeded, "opc.roads")] == ["Jul-Dec 2023"]  # the command's half year
    roads = build_report(seeded, period=None, author="x", portfolio="opc.roads")
    assert {r.ref for r in roads.risks} == {r.ref for r in views.risks(seeded) if r.portfolio == "opc.roads"}
    assert {a.ref for a in roads.actions} <= {a.ref for a in views.actions(seeded) if a.portfolio == "opc.roads"}
    assert roads.workstreams == [] and roads.portfolio == "Roads Policing (opc.roads)"


async def test_the_tuis_report_is_of_the_portfolio_in_view(engine, seeded, tmp_path, monkeypatch):
    from tests.conftest import settle
    from tests.test_textual_practice import written_reports
    from tracker.app import TrackerApp, make_app

    posted = written_reports(monkeypatch)
    target = tmp_path / "board.docx"
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.portfolio == "collab"  # the one portfolio holding workstreams
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
    [written] = [m for m in posted if isinstance(m, TrackerApp.ReportWritten)]
    assert written.problem is None, written.problem
    text = text_of(target)
    assert "Collaboration (collab)" in text and NO_RISKS in text and NO_ACTIONS in text
