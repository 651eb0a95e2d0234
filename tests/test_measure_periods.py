"""Issue 16's measures through the CLI (in process): values by dates, label, member and series;
the rules refused with where and exit 2; the closed-period freeze of a dated value; `list
measures` naming the compared periods, its JSON carrying every field; the readiness check's
total that does not add up; verify and undo over it all."""

import json

import pytest
from sqlmodel import Session

from tests.conftest import db_target
from tests.inprocess import run_cli
from tracker.db.engine import open_database
from tracker.db.undo import undo_last

FILE = """
[[period]]
label = "2016"
start = 2016-01-01
end = 2016-12-31

[[measure]]
ref = "W.1"
name = "Switchboard wait"
area = "Supporting victims"
unit = "seconds"
direction = "lower_is_better"
difference = "absolute"
decimals = 0
difference_decimals = 0

[[measure]]
ref = "F.1"
name = "Firearms incidents"
area = "Armed policing"
unit = "count"
direction = "lower_is_better"
dimension = "area"
total = "stored"
decimals = 0
difference_decimals = 1

[[measure]]
ref = "S.1"
name = "Contact satisfaction"
area = "Supporting victims"
unit = "percentage"
direction = "higher_is_better"
decimals = 1
difference_decimals = 1
significance = "overlap"
"""


@pytest.fixture
def db(db_url, tmp_path):
    path = tmp_path / "m.toml"
    path.write_text(FILE, encoding="utf-8")
    target = db_target(db_url)
    loaded = run_cli("import", str(path), "--db", target)
    assert loaded.returncode == 0, loaded.stderr
    return target


def cli(db: str, *args: str, status: int = 0):
    result = run_cli(*args, "--db", db)
    assert result.returncode == status, result.stdout + result.stderr
    return result


def listed(db: str, *args: str) -> dict[str, dict]:
    return {m["ref"]: m for m in json.loads(cli(db, "list", "measures", "--format", "json", *args).stdout)}


def test_values_by_dates_and_label_compare_by_dates_with_the_papers_arithmetic(db):
    cli(db, "measure", "set", "W.1", "7", "--start", "2014-10-01", "--end", "2015-09-30")
    saved = cli(db, "measure", "set", "Switchboard wait", "--value", "9", "--label", "12 months to Sep 2016")
    assert "is 9 s for 12 months to Sep 2016" in saved.stdout
    cli(db, "measure", "set", "S.1", "91.1", "--label", "Year to Sep 2015", "--ci", "1.5", "--n", "1200")
    cli(db, "measure", "set", "S.1", "89.4", "--start", "01/10/2015", "--end", "30/09/2016", "--ci", "1.6")
    rows = listed(db)
    wait, satisfaction = rows["W.1"], rows["S.1"]
    assert (wait["last_label"], wait["this_label"]) == ("12 months to Sep 2015", "12 months to Sep 2016")
    assert (wait["this_start"], wait["this_end"]) == ("2015-10-01", "2016-09-30")
    assert (wait["difference_printed"], wait["difference_kind"], wait["assessment"]) == ("2", "absolute", "worse")
    assert (satisfaction["last_label"], satisfaction["n_last"]) == ("Year to Sep 2015", 1200)
    assert (satisfaction["difference_printed"], satisfaction["difference_kind"]) == ("-1.7", "points")
    assert satisfaction["significant"] is False and satisfaction["significance"] == "overlap"
    title = " ".join(cli(db, "list", "measures").stdout.split())
    assert "12 months to Sep 2016 against 12 months to Sep 2015 (1)" in title
    assert "12 months to Sep 2016 against Year to Sep 2015 (1)" in title


def test_a_breakdown_member_a_series_a_range_and_a_stored_total_that_does_not_add_up(db):
    for member, value in (("North", "40"), ("South", "35"), ("West", "44")):
        cli(db, "measure", "set", "F.1", value, "--by", member, "--label", "2016")
    cli(db, "measure", "set", "F.1", "120", "--label", "2016")
    cli(db, "measure", "set", "F.1", "n/a", "--label", "2016", "--series", "target", "--low", "90", "--high", "110")
    checked = cli(db, "check", "--format", "json", status=1)
    assert "Firearms incidents: the stored total for 2016 is 120, but its 3 members add up to 119" in checked.stdout
    assert "total does not add up" in " ".join(cli(db, "check", status=1).stdout.split())
    cli(db, "measure", "set", "F.1", "119", "--label", "2016")
    assert "add up" not in cli(db, "check", status=1).stdout
    verified = cli(db, "verify")
    assert "the tables match what history records" in verified.stdout


def test_a_stored_total_is_not_said_to_disagree_with_members_one_of_which_is_missing(db):
    cli(db, "measure", "set", "F.1", "40", "--by", "North", "--label", "2016")
    cli(db, "measure", "set", "F.1", "n/a", "--by", "South", "--label", "2016", "--footnote", "cut off in the paper")
    cli(db, "measure", "set", "F.1", "120", "--label", "2016")
    assert "add up" not in cli(db, "check", status=1).stdout  # 40 and an unknown: the sum is not known
    cli(db, "measure", "set", "F.1", "79", "--by", "South", "--label", "2016")
    assert "its 2 members add up to 119" in cli(db, "check", status=1).stdout


@pytest.mark.parametrize("args, message, where", [
    (("W.1", "3", "--start", "2016-05-01", "--end", "2016-04-30"), "is after end", "measure W.1, start"),
    (("W.1", "3", "--by", "North", "--label", "Mar 2016"), "no breakdown", "Mar 2016, member"),
    (("S.1", "50", "--label", "Mar 2016", "--n", "0"), "more than 0", "Mar 2016, n"),
    (("F.1", "5", "--label", "Mar 2016", "--low", "6", "--high", "4"), "above its high", "Mar 2016, low"),
    (("F.1", "5", "--start", "2016-01-01"), "needs both a start and an end", "measure F.1, end"),
    (("F.1", "5", "--label", "sometime soon"), "does not read as dates", "measure F.1, label"),
])
def test_bad_values_are_refused_with_where_and_exit_2_and_nothing_written(db, args, message, where):
    refused = cli(db, "measure", "set", *args, status=2)
    assert message in refused.stderr and where in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    assert all(m["this"] is None for m in listed(db).values())


def test_a_value_overlapping_another_of_the_same_measure_member_and_series_is_refused(db):
    cli(db, "measure", "set", "F.1", "10", "--label", "Mar 2016", "--by", "North")
    refused = cli(db, "measure", "set", "F.1", "30", "--label", "Q4 2015/16", "--by", "North", status=2)
    assert "overlaps the value for Mar 2016" in refused.stderr and "North, Q4 2015/16, start" in refused.stderr
    cli(db, "measure", "set", "F.1", "30", "--label", "Q4 2015/16", "--by", "South")  # another member
    cli(db, "measure", "set", "F.1", "30", "--label", "Q4 2015/16", "--by", "North", "--series", "target")


def test_a_value_ending_in_a_closed_period_is_frozen_and_undo_obeys_it(db, db_url):
    cli(db, "measure", "set", "F.1", "10", "--label", "Mar 2016", "--by", "North")
    cli(db, "period", "close", "2016")
    refused = cli(db, "measure", "set", "F.1", "11", "--label", "Mar 2016", "--by", "North", status=2)
    assert "period 2016 is closed" in refused.stderr and "measure F.1, North, Mar 2016" in refused.stderr
    cli(db, "measure", "set", "F.1", "11", "--label", "Mar 2017", "--by", "North")  # not in a closed period
    engine = open_database(db_url)
    with Session(engine) as session:
        undo_last(session=session, actor="tester")  # takes back Mar 2017's value
        cli(db, "period", "reopen", "2016")
    engine.dispose()
    assert "Mar 2017" not in json.dumps(listed(db))
    assert "the tables match what history records" in cli(db, "verify").stdout


def test_measure_add_and_edit_take_the_new_fields(db):
    cli(db, "measure", "add", "H.1", "--name", "Hours saved", "--area", "Mobile First", "--unit", "count",
        "--direction", "higher_is_better", "--dimension", "system", "--total", "derived", "--decimals", "0",
        "--source", "Force systems")
    edited = cli(db, "measure", "edit", "H.1", "--difference", "absolute", "--significance", "none",
                 "--question", "")
    assert "difference" in edited.stdout and "significance" in edited.stdout
    refused = cli(db, "measure", "edit", "H.1", "--dimension", "", status=2)
    assert "needs a dimension" in refused.stderr and "measure H.1, total" in refused.stderr
    row = listed(db)["H.1"]
    assert (row["dimension"], row["source"], row["decimals"]) == ("system", "Force systems", 0)


def test_the_views_breakdown_and_series_for_the_screen_and_reports(db, db_url):
    from tracker.db import measures

    for label, member, value in (("2015", "North", "38"), ("2016", "North", "40"), ("2016", "South", "35")):
        cli(db, "measure", "set", "F.1", value, "--by", member, "--label", label)
    cli(db, "measure", "set", "F.1", "75", "--label", "2016")
    cli(db, "measure", "set", "F.1", "80", "--label", "2016", "--series", "target")
    engine = open_database(db_url)
    with Session(engine) as session:
        rows = measures.breakdown(session, "F.1")
        assert [(r.name, r.this_label, r.this, r.last_label, r.last) for r in rows] == [
            ("North", "2016", 40.0, "2015", 38.0), ("South", "2016", 35.0, None, None), ("Total", "2016", 75.0, None, None)]
        assert rows[0].difference_printed == "5.3"
        every = measures.series(session, "F.1")
        assert [(v.label, v.member, v.series, v.start.isoformat(), v.end.isoformat()) for v in every] == [
            ("2015", "North", "actual", "2015-01-01", "2015-12-31"), ("2016", "", "actual", "2016-01-01", "2016-12-31"),
            ("2016", "North", "actual", "2016-01-01", "2016-12-31"), ("2016", "South", "actual", "2016-01-01", "2016-12-31"),
            ("2016", "", "target", "2016-01-01", "2016-12-31")]
        (row,) = [r for r in measures.measures(session, None) if r.ref == "F.1"]
        assert (row.this_label, row.this) == ("2016", 75.0)  # the measure's own row is its total
    engine.dispose()


def test_a_value_is_held_to_its_period_s_target_in_the_profile_else_the_measure_s(db):
    """The target column reads the profile: the target of the value's own dates, else the
    shortest target period holding its end (the quarter's, for a month), else the measure's one."""
    cli(db, "measure", "set", "W.1", "9", "--label", "Mar 2016")
    cli(db, "measure", "set", "W.1", "12", "--label", "Mar 2016", "--series", "target")
    cli(db, "measure", "set", "W.1", "14", "--label", "Q1 2016/17", "--series", "target")
    assert listed(db)["W.1"]["period_target"] == 12
    cli(db, "measure", "set", "W.1", "8", "--label", "Apr 2016")
    assert listed(db)["W.1"]["period_target"] == 14  # no April target: the quarter's, April to June
    cli(db, "measure", "set", "W.1", "8", "--label", "Jan 2017")
    assert listed(db)["W.1"]["period_target"] is None  # nothing in the profile reaches 2017
    cli(db, "measure", "edit", "W.1", "--target", "15")
    assert listed(db)["W.1"]["period_target"] == 15  # the measure's own one


def test_a_derived_total_is_the_sum_of_its_members_and_unknown_when_one_is_missing(db, db_url):
    """`total = "derived"`: the measure's value, its comparison and its breakdown's Total row are
    its members' sums; a member's N/A makes the total N/A, saying why."""
    from tracker.db import plan

    cli(db, "measure", "edit", "F.1", "--total", "derived")
    for label, north, south in (("2015", "40", "35"), ("2016", "44", "n/a")):
        cli(db, "measure", "set", "F.1", north, "--by", "North", "--label", label)
        cli(db, "measure", "set", "F.1", south, "--by", "South", "--label", label,
            *(("--footnote", "South's figure was not produced") if south == "n/a" else ()))
    row = listed(db)["F.1"]
    assert (row["this_label"], row["this"], row["last"]) == ("2016", None, 75)
    assert "total is not known" in " ".join(row["footnotes"])
    cli(db, "measure", "set", "F.1", "30", "--by", "South", "--label", "2016")
    row = listed(db)["F.1"]
    assert (row["this"], row["last"], row["difference_printed"]) == (74, 75, "-1.3")
    engine = open_database(db_url)
    with Session(engine) as session:
        total = plan.breakdown(session, "F.1")[-1]
        assert (total.name, total.this, total.last) == ("Total", 74, 75)
        assert {(v.label, v.value) for v in plan.series(session, "F.1") if not v.member} == {("2015", 75), ("2016", 74)}
    engine.dispose()
