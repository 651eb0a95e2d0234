"""Issue 12's "Period logic" cases, each as a reader meets it on the seeds: the dashboard's
default period, the previous period, "not rated in 2024", "not yet rated" against "no longer
reported", and a grade a past paper does not give ("Grade not known").

Each failed on the code before portfolios (commit 4f60d4f): see the report of the period12 branch.
"""

import json

import pytest
from tests.conftest import without_seeded_paper
from tests.inprocess import run_cli

from tracker.db import views
from tracker.db.errors import InvalidInput
from tracker.db.ratings import parse_rag

ECFRS = "ECFRS collaboration: profiled ten-year benefits"


@pytest.fixture
def seeded(seeded, backend):
    """The seeds without their 2023 collaboration paper: these tests read the generic report's
    summary sentences (the paper prints its own executive summary instead)."""
    without_seeded_paper(seeded)
    return seeded


def cli(db: str, *args: str) -> str:
    result = run_cli(*args, "--db", db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def add_year(db: str, year: int) -> None:
    cli(db, "period", "add", str(year), "--start", f"{year}-01-01", "--end", f"{year}-12-31")


def board(db: str, *period: str) -> dict[str, dict]:
    listed = cli(db, "list", "workstreams", "--format", "json", *(("--period", *period) if period else ()))
    return {row["ref"]: row for row in json.loads(listed)}


def report(db: str, tmp_path, *period: str) -> str:
    out = tmp_path / "board.md"
    cli(db, "report", "--portfolio", "collab", *(("--period", *period) if period else ()), "-o", str(out))
    return out.read_text(encoding="utf-8")


def summary(markdown: str) -> str:
    return markdown.split("## 1 Executive summary", 1)[1].split("## 2 Dashboard", 1)[0]


def test_a_measure_value_for_a_new_year_keeps_that_year_on_the_dashboard(seeded_db, tmp_path):
    add_year(seeded_db, 2024)
    cli(seeded_db, "measure", "set", ECFRS, "--period", "2024", "--value", "£15m")
    rows = board(seeded_db)  # the default period: 2024, rated or not (before: back to 2023)
    assert {row["rag"] for row in rows.values()} == {None}
    assert rows["5.1.1"]["previous_rag"] == "green" and rows["5.1.1"]["change"] == "Not rated in 2024"
    paper = report(seeded_db, tmp_path)
    assert "Table 1 – Dashboard, 2024" in paper
    assert "| 5\\.1.1 | Joint Serious Crime Directorate (SCD) | Not rated in 2024 | ● Green |" in paper


def test_a_year_holding_only_measure_values_is_the_previous_period_of_the_next(seeded_db, tmp_path):
    add_year(seeded_db, 2024)
    cli(seeded_db, "measure", "set", ECFRS, "--period", "2024", "--value", "£15m")
    add_year(seeded_db, 2025)
    cli(seeded_db, "rag", "5.1.1", "green", "--period", "2025", "--note", "On plan")
    row = board(seeded_db, "2025")["5.1.1"]
    assert row["previous_rag"] is None  # 2024's, not 2023's Green
    assert row["change"] == "Not rated in 2024"
    paper = report(seeded_db, tmp_path, "2025")
    assert "| RAG 2025 | RAG 2024 |" in paper
    assert "| **● Green** | Not rated in 2024 |" in paper
    assert "Joint Serious Crime Directorate (SCD) is rated Green and was not rated in 2024." in summary(paper)
    assert "first time" not in paper and "No change" not in paper


def test_a_new_period_is_not_yet_rated_not_no_longer_reported(seeded_db, seeded, tmp_path):
    add_year(seeded_db, 2024)
    numbers = views.period_numbers(seeded, "2024", portfolio="collab")
    assert (numbers.dropped_total, numbers.unrated) == (0, 10)
    assert "0 reported" in numbers.line() and "10 not yet rated" in numbers.line()
    said = summary(report(seeded_db, tmp_path, "2024"))
    assert "10 workstreams are not yet rated for 2024." in said
    assert "no longer reported" not in said


def test_no_longer_reported_names_the_reason(seeded_db, seeded, tmp_path):
    said = summary(report(seeded_db, tmp_path, "2023"))
    assert ("3 workstreams reported in 2022 are no longer reported: Digital Policing Portfolio: National ANPR "
            "Service (NAS) (completed), Digital Public Contact: Single Online Home (SOH) (completed) and "
            "Collaborative work with Durham University (paused).") in said
    add_year(seeded_db, 2024)
    cli(seeded_db, "rag", "5.1.1", "green", "--period", "2024", "--note", "On plan")
    numbers = views.period_numbers(seeded, "2024", portfolio="collab")
    assert (numbers.reported, numbers.unrated, numbers.dropped_total) == (1, 9, 0)
    said = summary(report(seeded_db, tmp_path, "2024"))
    assert "9 workstreams are not yet rated for 2024." in said and "no longer reported" not in said


def test_a_grade_the_2022_paper_does_not_give_is_not_known_not_not_graded(seeded_db, seeded, tmp_path):
    numbers = views.period_numbers(seeded, "2022", portfolio="collab")
    assert "1 not graded · 3 grade not known" in numbers.line()
    said = summary(report(seeded_db, tmp_path, "2022"))
    assert "Of these, 7 are rated green, 2 amber and 1 not graded." in said
    assert "The grade of 3 workstreams is not known: the paper that reported them does not give it." in said
    assert "4 not graded" not in said and "first time" not in said
    rows = board(seeded_db, "2022")
    assert rows["5.3.2"]["rag"] == "unknown" and rows["5.2.1"]["rag"] == "not_graded"
    table = cli(seeded_db, "list", "workstreams", "--period", "2022")
    assert "? Grade not known" in table and "○ Not graded" in table


def test_a_later_grade_after_an_unknown_one_says_so(seeded_db, tmp_path):
    add_year(seeded_db, 2024)  # a workstream the 2022 paper reported without a grade, rated again
    cli(seeded_db, "rag", "5.5.4", "amber", "--period", "2023", "--note", "Resumed")
    said = summary(report(seeded_db, tmp_path, "2023"))
    assert "Collaborative work with Durham University is rated Amber; its grade for 2022 is not known." in said
    assert board(seeded_db, "2023")["5.5.4"]["change"] == "Prev. grade not known"


@pytest.mark.parametrize("typed", ["unknown", "Unknown", "grade not known"])
def test_a_lead_cannot_type_grade_not_known(typed, seeded_db):
    with pytest.raises(InvalidInput, match="past paper"):
        parse_rag(typed)
    refused = run_cli("rag", "5.1.1", typed, "--period", "2023", "--note", "x", "--db", seeded_db)
    assert refused.returncode == 2 and "past paper" in refused.stderr and "Traceback" not in refused.stderr
    assert board(seeded_db, "2023")["5.1.1"]["rag"] == "green"


async def test_the_tui_says_not_rated_in_2024(tui, seeded):
    from tracker.db import store
    from tracker.db.schemas import PeriodCreate
    import datetime as dt

    store.create_period(session=seeded, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                          end=dt.date(2024, 12, 31)), actor="seed")
    async with tui(size=(120, 40)) as pilot:
        app = pilot.app
        screen = app.screen
        assert screen.board.period.label == "2024"
        summary_line = str(screen.query_one("#summary").render())
        assert "10 not yet rated" in summary_line
        assert str(screen.query_one("#dropped").render()) == ""  # nothing "no longer reported"
        table = screen.query_one("#board")
        assert table.move_to(lambda r: getattr(r, "ref", None) == "5.1.1")
        await pilot.pause()
        line = table.render_line(1 + table.cursor - int(table.scroll_y)).text
        assert "Not rated in 2024" in line and "● Green" in line
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "WorkstreamScreen"
        assert "Not rated in 2024" in str(app.screen.query_one("#rationale").render())
