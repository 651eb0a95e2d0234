"""The measures tables of a report (tracker/reports/measure_table.py), the same in every format:
the periods compared named, per row where rows differ; the difference as the measure prints it;
a target column."""

from dataclasses import replace

import pytest
from tracker.reports import measure_table, write_report
from tracker.reports.model import build_report


@pytest.fixture
def perf(seeded):
    return build_report(seeded, period="Year to Sep 2016", author="x", portfolio="perf")


def block(report, area: str):
    return next(b for b in report.measures if b.area == area)


def test_a_table_whose_rows_compare_the_same_periods_names_them_in_its_headings(perf):
    rows = block(perf, "Road safety").rows
    assert measure_table.headings(rows) == ("Measure", "Last year (Year to Sep 2015)", "This year (Year to Sep 2016)",
                                            "Difference", "Target", "Better/worse")
    cells = {r.name: measure_table.cells(r, measure_table.shared_periods(rows)) for r in rows}
    assert cells["KSI: fatalities"][1:] == ["54", "54", "0.0%", "—", "= Same"]


def test_the_difference_prints_as_the_measure_says_with_its_target_and_significance(perf):
    rows = block(perf, "Supporting victims of crime").rows  # April to September beside twelve months
    # Headed by the periods most rows compare, as the paper heads it; the others named beside their figures
    assert measure_table.headings(rows)[1:3] == ("Last year (Year to Sep 2015)", "This year (Year to Sep 2016)")
    cells = {r.name: measure_table.cells(r, measure_table.shared_periods(rows)) for r in rows}
    assert cells["Average wait for the switchboard (non-emergency calls)"][1:] == ["7 s", "9 s", "+2", "15 s", "▼ Worse"]
    assert cells["Grade 1 and 2 incidents responded to, April to September"][1:3] == [
        "24,793 (Apr-Sep 2015)", "27,418 (Apr-Sep 2016)"]
    assert cells["Emergency calls answered within standard"][3:5] == ["-3.2 pp", "90.0%"]  # at the measure's one decimal
    assert cells["User satisfaction: making contact with the police"][5] == "▼ Worse (not significant)"


def test_rows_that_compare_other_periods_say_which_beside_their_values(perf):
    rows = list(block(perf, "Reducing domestic abuse").rows)
    rows[1] = replace(rows[0], name="March figure", last_period="Mar 2015", this_period="Mar 2016")
    shared = measure_table.shared_periods(rows)
    assert measure_table.cells(rows[1], shared)[1:3] == ["28,111 (Mar 2015)", "32,538 (Mar 2016)"]
    assert measure_table.cells(rows[0], shared)[1:3] == ["28,111", "32,538"]  # the headings' periods
    half = [rows[0], rows[1]]  # no period has a majority: the headings name none, every row its own
    assert measure_table.headings(half)[1:3] == ("Last year", "This year")
    assert measure_table.cells(rows[0], measure_table.shared_periods(half))[1:3] == [
        "28,111 (Year to Sep 2015)", "32,538 (Year to Sep 2016)"]


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_every_format_prints_the_target_column_and_the_periods(perf, tmp_path, fmt):
    path = tmp_path / f"r.{fmt}"
    write_report(perf, fmt, path)
    if fmt == "docx":
        from docx import Document

        text = "\n".join(c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells)
    else:
        text = path.read_text(encoding="utf-8")
    assert "Last year (Year to Sep 2015)" in text and "Target" in text and "£17.6m" in text and "15 s" in text


def test_survey_measures_say_where_their_figures_come_from_and_the_sample(perf):
    from tracker.reports.model import survey_note

    notes = [n for b in perf.measures for n in b.footnotes if "Source: User satisfaction survey" in n]
    assert len(notes) == 1 and notes[0].startswith("2.1, 2.2")  # once, after every measure it is about
    row = next(r for b in perf.measures for r in b.rows if r.source)
    with_sample = replace(row, this_value=replace(row.this_value, n=7700), question="Do they understand local issues?")
    assert survey_note(with_sample) == ("Source: User satisfaction survey; asked: Do they understand local issues?;"
                                        " sample 7,700")
