"""The force's performance update of September 2016 (source document 003) as the seeds load it
(seeds/50-performance-2016.toml), read back through `tracker list measures --portfolio perf
--format json`: every row of every performance table in the paper, both columns with the period
each really covers, the difference as the paper prints it and its kind (% change or percentage
points, or the unit for the switchboard wait), the significance the paper states, and its
footnotes; and section 2's April to September incidents by area, whose areas do not add up to
the force's figure in 2015 (the readiness check says so).

The rows below are typed from the paper, not read from the seed: the cells as printed (the paper
writes counts without a thousands separator), the difference column as printed. Two things the
paper prints are not copied: it puts a "%" after the two re-offending rates' differences
(-3.6%, -3.1%), which are percentage points (25.2 - 21.6 = 3.6; a % change would be -14.3), so
they are typed as points; and it prints no better/worse words, only signs, so the assessment is
not checked here."""

import datetime as dt
import json

import pytest

from tests.inprocess import run_cli
from tracker.db.measure_views import breakdown

D = dt.date
YEAR = ("Year to Sep 2015", D(2014, 10, 1), D(2015, 9, 30)), ("Year to Sep 2016", D(2015, 10, 1), D(2016, 9, 30))
"""'Data to Sep 2016 (unless stated otherwise)', '12m Last Year', '12m This Year'."""
SEPTEMBER = ("Sep 2015", D(2015, 9, 1), D(2015, 9, 30)), ("Sep 2016", D(2016, 9, 1), D(2016, 9, 30))
"""'for the month of September 2016' (repeat incidents of domestic abuse, repeat victims of crime);
the year before cannot be produced, so only this year's period is the paper's."""
MARCH_2015 = ("Mar 2014", D(2014, 3, 1), D(2014, 3, 31)), ("Mar 2015", D(2015, 3, 1), D(2015, 3, 31))
"""'for the months of March 2014 and March 2015' (repeat offenders of domestic abuse)."""
MARCH_2016 = ("Mar 2015", D(2015, 3, 1), D(2015, 3, 31)), ("Mar 2016", D(2016, 3, 1), D(2016, 3, 31))
"""Section 3's table: 'Data for Mar 2016', 'Monthly Last Year', 'Monthly This Year'."""
CSEW = (("12 months to Mar 2015", D(2014, 4, 1), D(2015, 3, 31)),
        ("12 months to Mar 2016", D(2015, 4, 1), D(2016, 3, 31)))
"""'from the Crime Survey for England and Wales and are for the 12 months to March 2016'."""

P, PT, ABS = "percent", "points", "absolute"

ROWS = [
    # ref, the paper's row, last year, this year, difference as printed, its kind, periods
    ("1.1", "Number of domestic abuse incidents", "28111", "32538", "15.7", P, YEAR),
    ("1.2", "Number of repeat incidents of domestic abuse", "N/A", "1176", "N/A", None, SEPTEMBER),
    ("1.3", "Number of individual repeat victims of domestic incidents", "N/A", "994", "N/A", None, YEAR),
    ("1.4", "Number of individual repeat victims of domestic crime", "N/A", "278", "N/A", None, YEAR),
    ("1.5", "Number of domestic abuse offences", "11546", "13482", "16.8", P, YEAR),
    ("1.6", "Number of repeat offenders of domestic abuse", "39", "34", "-12.8", P, MARCH_2015),
    ("1.7", "Domestic abuse solved rate", "34.6%", "29.3%", "-5.3", PT, YEAR),
    ("2.1", "User Satisfaction - Making contact with the police", "91.1%", "89.4%", "-1.7", PT, YEAR),
    ("2.2", "User Satisfaction - Action taken by the police", "76.1%", "72.5%", "-3.6", PT, YEAR),
    ("2.3", "User Satisfaction - Being kept informed of progress", "67.8%", "67.2%", "-0.6", PT, YEAR),
    ("2.4", "User Satisfaction - Their treatment by staff", "89.7%", "87.7%", "-2.0", PT, YEAR),
    ("2.5", "User Satisfaction - The overall service provided", "76.2%", "73.4%", "-2.8", PT, YEAR),
    ("2.6", "Emergency incidents attended within standard", "76.8%", "77.1%", "0.3", PT, YEAR),
    ("2.7", "Emergency calls answered within standard", "84.4%", "81.2%", "-3.2", PT, YEAR),
    ("2.8", "Average waiting time for a person calling our switchboard", "7", "9", "2", ABS, YEAR),
    ("3.1", "The number of youth offenders", "258", "241", "-6.6", P, MARCH_2016),
    ("3.2", "The number of adult offenders", "1297", "1293", "-0.3", P, MARCH_2016),
    ("3.3", "The number of youth offenders who re-offend", "65", "52", "-20.0", P, MARCH_2016),
    ("3.4", "The number of adult offenders who re-offend", "307", "267", "-13.0", P, MARCH_2016),
    ("3.5", "Youth re-offending rate", "25.2%", "21.6%", "-3.6", PT, MARCH_2016),  # printed "-3.6%"
    ("3.6", "Adult re-offending rate", "23.7%", "20.6%", "-3.1", PT, MARCH_2016),  # printed "-3.1%"
    ("4.1", "The number of night-time economy crimes", "5706", "7101", "24.4", P, YEAR),
    ("4.2", "% Positive for drug testing on arrest", "N/A", "N/A", "N/A", None, YEAR),
    ("4.3", "Prosecution of Class A drug suppliers", "171", "292", "70.8", P, YEAR),
    ("5.1", "All people killed or seriously injured (KSI) in road collisions", "788", "808", "2.5", P, YEAR),
    ("5.2", "KSI - Fatalities", "54", "54", "0.0", P, YEAR),
    ("5.3", "KSI - Serious injuries", "734", "754", "2.7", P, YEAR),
    ("5.4", "Number of Collisions", "715", "734", "2.7", P, YEAR),
    ("5.5", "The number of people KSI in powered two wheeled vehicles", "200", "211", "5.5", P, YEAR),
    ("5.6", "The number of young car drivers (17 - 25 years) KSI", "116", "153", "31.9", P, YEAR),
    ("5.7", "The number of pedestrians KSI in road collisions", "147", "155", "5.4", P, YEAR),
    ("5.8", "The number of cyclists KSI in road collisions", "82", "89", "8.5", P, YEAR),
    ("5.9", "The number of children and young people (0 - 17 years) KSI", "84", "91", "8.3", P, YEAR),
    ("5.10", "The number of drink drivers KSI in road collisions", "46", "64", "39.1", P, YEAR),
    ("5.11", "The number of drug drivers KSI in road collisions", "16", "21", "31.3", P, YEAR),  # 31.25 up
    ("5.12", "Number of car drivers aged 76+ KSI in road collision", "57", "52", "-8.8", P, YEAR),
    ("6.1", "The number of all crime offences", "104561", "115146", "10.1", P, YEAR),
    ("6.2", "The number of victim based crime offences", "94602", "101941", "7.8", P, YEAR),
    ("6.3", "The number of repeat victims of crime", "N/A", "1572", "N/A", None, SEPTEMBER),
    ("6.4", "The solved crime rate", "23.16%", "21.28%", "-1.88", PT, YEAR),
    ("6.5", "The number of anti-social behaviour incidents", "54257", "52630", "-3.0", P, YEAR),
    ("6.6", "The % of people agreeing that the Police and Local Council are dealing with crime and ASB",
     "60.3%", "58.5%", "-1.8", PT, CSEW),
    ("6.7", "The % of people who think the Police are doing a good job in this area", "57.8%", "58.8%", "1.0", PT,
     CSEW),
]

CONFIDENCE = {"2.1": (1.5, 1.6), "2.2": (2.0, 2.3), "2.3": (2.2, 2.4), "2.4": (1.4, 1.5), "2.5": (2.0, 2.0),
              "6.6": (4.0, 4.3), "6.7": (4.5, 5.0)}
"""The 'Confidence interval' rows under the survey measures, last year and this year."""

NOT_SIGNIFICANT = {"2.1", "2.2", "2.3", "2.4", "2.5"}
"""'Although this is not statistically significant': the fall in victims' satisfaction at every
stage (contact, action, follow-up, treatment, the whole experience)."""

FOOTNOTES = {
    "1.2": ["September 2016", "captured"],
    "1.6": ["March 2014", "March 2015", "six months", "re-run"],
    "3.1": ["six months"], "3.2": ["six months"], "3.3": ["six months"], "3.4": ["six months"],
    "3.5": ["six months"], "3.6": ["six months"],
    "4.2": ["backlog"],
    "6.3": ["September 2016", "more accurate"],
    "6.6": ["Crime Survey for England and Wales", "March"], "6.7": ["Crime Survey for England and Wales", "March"],
}
"""Words the paper's footnotes turn on, which the seed's (in its own words) must keep."""


@pytest.fixture
def listed(seeded_db) -> dict[str, dict]:
    result = run_cli("list", "measures", "--portfolio", "perf", "--format", "json", "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    return {m["ref"]: m for m in json.loads(result.stdout)}


def _as_printed(shown: str) -> str:
    """tracker's cell as the paper prints it: no thousands separator, no "s" after seconds."""
    return shown.replace(",", "").removesuffix(" s")


def _row_problems(m: dict, row: tuple) -> list[str]:
    """How tracker's row differs from the paper's (none when it is the paper's)."""
    ref, _, last, this, difference, kind, (last_period, this_period) = row
    seen, wanted = {}, {}
    seen["values"], wanted["values"] = (_as_printed(m["last_shown"]), _as_printed(m["this_shown"])), (last, this)
    seen["this period"], wanted["this period"] = (m["this_label"], m["this_start"], m["this_end"]), (
        this_period[0], str(this_period[1]), str(this_period[2]))
    if last != "N/A":
        seen["last period"], wanted["last period"] = (m["last_label"], m["last_start"], m["last_end"]), (
            last_period[0], str(last_period[1]), str(last_period[2]))
        seen["last"], wanted["last"] = m["last"], float(last.rstrip("%"))
    else:
        seen["last"], wanted["last"] = m["last"], None
    if difference == "N/A":
        seen["difference"], wanted["difference"] = (m["difference"], m["difference_printed"], m["assessment"]), (
            None, "", "n/a")
    else:
        seen["difference"], wanted["difference"] = (m["difference_printed"], m["difference_kind"]), (difference, kind)
    seen["ci"], wanted["ci"] = (m["ci_last"], m["ci_this"]), CONFIDENCE.get(ref, (None, None))
    return [f"{ref} {name}: {seen[name]!r}, the paper {wanted[name]!r}" for name in seen if seen[name] != wanted[name]]


def test_every_row_of_the_tables_is_the_papers(listed):
    problems = [problem for row in ROWS for problem in _row_problems(listed[row[0]], row)]
    assert problems == []


def test_none_of_the_falls_in_victim_satisfaction_is_significant(listed):
    for ref in NOT_SIGNIFICANT:
        assert listed[ref]["difference"] < 0, ref
        assert listed[ref]["significant"] is False, ref  # stated, not merely unknown
        assert listed[ref]["source"] == "User satisfaction survey", ref


def test_the_footnotes_are_where_the_paper_has_them(listed):
    for ref, words in FOOTNOTES.items():
        text = " ".join(listed[ref]["footnotes"])
        assert all(word in text for word in words), (ref, text)
    quiet = {r[0] for r in ROWS} - set(FOOTNOTES) - {"1.3", "1.4"}  # 1.3, 1.4: N/A, the paper says not why
    assert not [ref for ref in quiet if listed[ref]["footnotes"]]


def test_the_tables_hold_every_row_and_no_other(listed):
    table_refs = {r[0] for r in ROWS}
    assert len(ROWS) == 7 + 8 + 6 + 3 + 12 + 7
    assert set(listed) - table_refs == {"2.9", "2.10", "7.1", "8.1", "8.2", "8.3"}  # from the text


BY_AREA = {
    "2.9": {"Total": (24793, 27418), "North": (9886, None), "South": (7551, 8233), "West": (6427, 6954)},
    "2.10": {"Total": (74.1, 76.0), "North": (75.1, 75.2), "South": (69.7, 73.0), "West": (80.5, 82.9)},
}
"""Section 2's table of grade 1 and 2 incidents, '01/04/15 - 30/09/15' and '01/04/16 - 30/09/16':
the force, then North, South and West. The North's 2016 count reads "11,57" in our copy: cut off."""


def test_april_to_september_by_area_is_the_papers(seeded, listed):
    for ref, areas in BY_AREA.items():
        rows = {r.name: r for r in breakdown(seeded, ref)}
        assert {name: (r.last, r.this) for name, r in rows.items()} == areas
        assert {(r.last_value.start, r.this_value.end) for r in rows.values()} == {(D(2015, 4, 1), D(2016, 9, 30))}
    assert "11,57" in " ".join(breakdown(seeded, "2.9")[0].footnotes)
    assert (listed["2.9"]["difference_printed"], listed["2.9"]["difference_kind"]) == ("2625", "absolute")
    assert listed["2.10"]["difference_printed"] == "1.9"  # "up from 74.1%": 76.0 - 74.1 points


def test_the_check_says_the_papers_areas_do_not_add_up_to_its_force_figure(seeded_db):
    result = run_cli("check", "-P", "perf", "--period", "Year to Sep 2016", "--format", "json", "--db", seeded_db)
    found = [f for f in json.loads(result.stdout) if f["kind"] == "total_mismatch"]
    assert [(f["ref"], f["message"]) for f in found] == [("2.9", (
        "Grade 1 and 2 incidents responded to, April to September: the stored total for Apr-Sep 2015 is 24,793, "
        f"but its 3 members add up to {9886 + 7551 + 6427:,}"))]  # 2016: the North's is not known


def test_the_figures_from_the_text_keep_their_dates(listed):
    officers, staff, pcsos = listed["8.1"], listed["8.2"], listed["8.3"]
    assert (officers["this"], staff["this"], pcsos["this"]) == (11.97, 9.38, 15.92)
    for m, earlier in ((officers, "12.45"), (staff, "9.61"), (pcsos, "19.91")):
        assert (m["this_start"], m["this_end"], m["last"]) == ("2015-10-01", "2016-09-30", None)
        assert earlier in " ".join(m["footnotes"]) and "30 June 2016" in " ".join(m["footnotes"])
    savings = listed["7.1"]
    assert (savings["this"], savings["target"]) == (None, 17_600_000)
