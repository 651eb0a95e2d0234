"""The 2020 deep dive's measures (source document 002) as the seeds load them: the survey
series with the 2019/20 sample size, the 101 calls table by financial year, the answer times
and the Mobile First hours saved by system and quarter. Every expected figure below is typed
from the paper, not read from the seed file."""

import datetime as dt
import json

from tests.inprocess import run_cli
from tracker.db import measure_views

D = dt.date


def listed(db: str, portfolio: str) -> dict[str, dict]:
    result = run_cli("list", "measures", "--portfolio", portfolio, "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    return {m["ref"]: m for m in json.loads(result.stdout)}


def by_name(rows: dict[str, dict]) -> dict[str, dict]:
    return {m["name"]: m for m in rows.values()}


def test_the_deep_dive_has_its_own_portfolio(seeded_db):
    result = run_cli("portfolio", "list", "--format", "json", "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    (deepdive,) = [p for p in json.loads(result.stdout) if p["code"] == "deepdive"]
    assert deepdive["name"] == "Local, Accessible and Visible Policing"
    assert deepdive["owner"] == "ACC Nolan" and deepdive["parent"] in (None, "")


def test_survey_quarters_compare_with_the_same_quarter_a_year_before_as_the_paper_does(seeded_db):
    rows = by_name(listed(seeded_db, "deepdive"))
    informed = rows["Feel informed about what is happening locally"]
    assert (informed["last"], informed["this"]) == (39.0, 53.0)  # 3.2: 39% (Q1 2019/20) to 53% (Q1 2020/21)
    assert (informed["last_label"], informed["this_label"]) == ("Q1 2019/20", "Q1 2020/21")
    assert (informed["difference_printed"], informed["difference_kind"]) == ("14", "points")  # "rose by 14%"
    good = rows["Think the police do a good or excellent job locally"]
    assert (good["last"], good["this"], good["difference_printed"]) == (65.0, 81.0, "16")
    issues = rows["Agree the force understands local issues, by quarter"]
    assert (issues["last"], issues["this"], issues["difference_printed"]) == (58.0, 80.0, "22")
    assert any("Q1 2020/21" in f for f in issues["footnotes"])  # the paper's own label for the 58%
    assert all(m["source"] == "Essex Police survey (SMSR)" for name, m in rows.items()
               if name != "Think the police did a good or very good job in the pandemic"
               and m["unit"] == "percentage")


def test_the_yearly_survey_series_and_its_sample_size(seeded_db, seeded):
    rows = by_name(listed(seeded_db, "deepdive"))
    local = rows["Satisfied with the level of local policing"]
    assert (local["this_label"], local["this"], local["n_this"]) == ("2019/20", 44.0, 7700)  # 4.0: 7,700 residents
    quarter = rows["Satisfied with the level of local policing, by quarter"]
    assert (quarter["this_start"], quarter["this_end"], quarter["this"]) == ("2020-01-01", "2020-03-31", 50.0)
    ref = rows["Agree the force understands local community issues"]["ref"]
    values = [(v.start, v.end, v.value, v.n) for v in measure_views.series(seeded, ref)]
    assert values == [
        (D(2017, 4, 1), D(2018, 3, 31), 54.0, None), (D(2018, 4, 1), D(2019, 3, 31), 59.0, None),
        (D(2019, 4, 1), D(2020, 3, 31), 61.0, 7700), (D(2020, 4, 1), D(2020, 6, 30), 81.0, None),
    ]
    pandemic = rows["Think the police did a good or very good job in the pandemic"]
    assert pandemic["this"] == 75.8 and pandemic["this_shown"] == "75.8%" and pandemic["footnotes"]


def test_101_calls_by_financial_year_with_answered_and_abandoned(seeded_db, seeded):
    calls = by_name(listed(seeded_db, "deepdive"))["101 calls presented to the HQ switchboard"]
    assert (calls["last"], calls["this"], calls["this_label"]) == (627110.0, 601387.0, "2019/20")
    assert calls["difference_shown"] == "-4.1%"  # the paper says a decrease of 4.2%
    rows = measure_views.breakdown(seeded, calls["ref"], "2018/19")
    assert [(r.name, r.this, r.last) for r in rows] == [
        ("Abandoned", 6961.0, 10489.0), ("Answered", 603410.0, 665738.0), ("Total", 627110.0, 693205.0)]


def test_answer_times_are_seconds_by_line(seeded):
    (ref,) = [m.ref for m in measure_views.measures(seeded, None, portfolio="deepdive")
              if m.name == "Average call answer time"]
    times = {v.member: v.value for v in measure_views.series(seeded, ref)}
    assert times == {"Switchboard": 8.0, "FCR (999)": 7.0, "FCR (101)": 3 * 60 + 18.0,
                     "Resolution Centre (101)": 3 * 60 + 32.0}


def test_mobile_first_hours_saved_by_system_and_quarter(seeded):
    rows = {m.name: m.ref for m in measure_views.measures(seeded, None, portfolio="deepdive")}
    quarters = measure_views.series(seeded, rows["Mobile First hours saved per quarter"])
    pnc = [(v.label, v.value) for v in quarters if v.member == "PNC (Officer)"]
    assert pnc == [("Q1 2018/19", 3507.0), ("Q2 2018/19", 4886.0), ("Q3 2018/19", 5161.0), ("Q4 2018/19", 6424.0),
                   ("Q1 2019/20", 7775.0), ("Q2 2019/20", 7908.0), ("Q3 2019/20", 8369.0), ("Q4 2019/20", 9255.0)]
    assert {v.member for v in quarters} == {"Athena (Officer)", "Athena (Crime Bureau)", "PNC (Officer)", "PNC (FCR)",
                                            "STORM (Officer)", "STORM (FCR)", "Use of Force", "MG11"}
    assert len(quarters) == 8 * 8
    mg11 = next(v for v in quarters if v.member == "MG11" and v.label == "Q1 2018/19")
    assert mg11.value is None and mg11.footnote  # printed "-"
    q4 = {r.name: (r.this, r.last) for r in measure_views.breakdown(
        seeded, rows["Mobile First hours saved per quarter"], "Q4 2019/20")}
    assert q4["PNC (FCR)"] == (13882.0, 9635.0) and q4["Use of Force"] == (1031.0, 870.0)
    assert "Total" not in q4  # the paper prints no total across systems
    years = {(v.member, v.label): v.value for v in measure_views.series(seeded, rows["Mobile First hours saved per year"])}
    assert years[("Athena (Crime Bureau)", "2018/19")] == 15909.0  # as printed (its quarters add up to 15,910)
    assert years[("PNC (FCR)", "2019/20")] == 49960.0 and len(years) == 16
