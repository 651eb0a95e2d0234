"""The Operational Policing Command's six-month report (source document 004) as the measure
seeds load it: Op Raptor by year, the SVU's high harm breakdown and funding, the FSU's table
and the text that disagrees with it (which the readiness check reports), Stansted's demand
month by month, and function figures in the function the paper puts them under. Every
expected figure is typed from the paper, not read from the seed file."""

import datetime as dt
import json

from tests.inprocess import run_cli
from tracker.db import measure_views

D = dt.date
MONTHS = ["Jul 2023", "Aug 2023", "Sep 2023", "Oct 2023", "Nov 2023", "Dec 2023"]


def listed(db: str, portfolio: str) -> dict[str, dict]:
    result = run_cli("list", "measures", "--portfolio", portfolio, "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    return {m["name"]: m for m in json.loads(result.stdout)}


def ref_of(session, name: str) -> str:
    return measure_views.measure_ref(session, name)


def test_op_raptor_by_calendar_year_compares_2023_with_2022(seeded_db, seeded):
    rows = listed(seeded_db, "opc.svu")
    arrests = rows["Op Raptor arrests"]
    assert (arrests["last"], arrests["this"], arrests["this_label"]) == (594.0, 497.0, "2023")
    cash = rows["Op Raptor cash seized"]
    assert (cash["last"], cash["this"], cash["unit"]) == (554000.0, 288000.0, "money")
    assert rows["Op Raptor people safeguarded"]["this"] == 393.0
    searches = [(v.label, v.value) for v in measure_views.series(seeded, ref_of(seeded, "Op Raptor searches"))]
    assert searches == [("2021", 408.0), ("2022", 417.0), ("2023", 350.0)]
    nrm = [v.value for v in measure_views.series(seeded, ref_of(seeded, "Op Raptor NRM referrals"))]
    assert nrm == [37.0, 39.0, 79.0]
    assert {m["portfolio"] for m in rows.values()} == {"opc.svu"}


def test_the_svu_high_harm_breakdown_of_2023(seeded):
    rows = {r.name: r.this for r in measure_views.breakdown(seeded, ref_of(seeded, "SVU arrested offenders by offence"))}
    assert rows["Total"] == 497.0 and rows["ABH"] == 192.0 and rows["Robbery"] == 192.0 and rows["Murder"] == 29.0
    assert rows["Possession of a knife or bladed article"] == 178.0 and len(rows) == 9 + 1
    more = {r.name: r.this for r in measure_views.breakdown(
        seeded, ref_of(seeded, "SVU arrested offenders with more than 2 other high harm indicators, by offence"))}
    assert (more["GBH"], more["Affray"], more["Possession of a firearm"]) == (123.0, 77.0, 45.0)
    indicators = {r.name: r.this for r in measure_views.breakdown(
        seeded, ref_of(seeded, "SVU arrested offenders by number of high harm indicators"))}
    assert indicators == {"1 or more": 399.0, "2 or more": 284.0, "5 or more": 89.0, "Total": 497.0}
    (total,) = [v for v in measure_views.series(seeded, ref_of(seeded, "SVU arrested offenders by offence"))
                if v.member == ""]
    assert (total.start, total.end) == (D(2023, 1, 1), D(2023, 12, 31))


def test_nclcc_funding_falls_as_a_range_and_a_figure(seeded):
    values = measure_views.series(seeded, ref_of(seeded, "NCLCC funding for the SVU"))
    assert [(v.label, v.value, v.low, v.high) for v in values] == [
        ("2021", None, 450000.0, None), ("2022", 370000.0, None, None), ("2024/25", None, None, 100000.0)]


def test_the_fsu_table_and_its_text_disagree_and_the_check_says_so(seeded_db, seeded):
    deployments = {r.name: r.this for r in measure_views.breakdown(seeded, ref_of(seeded, "FSU firearms deployments"))}
    assert deployments == {"Planned": 88.0, "Spontaneous": 371.0, "Total": 371.0}
    activity = {r.name: r.this for r in measure_views.breakdown(seeded, ref_of(seeded, "FSU deployment activity"))}
    assert activity["Taser Tasking"] == 211.0 and activity["Deer Dispatch within Spontaneous"] == 114.0
    assert "Total" not in activity
    result = run_cli("check", "--portfolio", "opc", "--format", "json", "--db", seeded_db)
    assert result.returncode == 1
    found = [f for f in json.loads(result.stdout) if "add up" in json.dumps(f)]
    assert len(found) == 1, found
    assert "FSU firearms deployments: the stored total for Jul-Dec 2023 is 371, but its 2 members add up to 459" \
        in json.dumps(found[0])
    arrests = {r.name: r.this for r in measure_views.breakdown(seeded, ref_of(seeded, "FSU arrests"))}
    assert arrests == {"High Harm Arrests": 42.0, "Other Arrests": 51.0, "Total": 93.0}  # it adds up: not listed


def test_stansted_demand_month_by_month(seeded):
    values = measure_views.series(seeded, ref_of(seeded, "Stansted airport demand by month"))
    wanted = [v for v in values if v.member == "Eborders Wanted"]
    assert [v.label for v in wanted] == MONTHS
    assert [v.value for v in wanted] == [160.0, 138.0, 169.0, 220.0, 165.0, 130.0]
    assert (wanted[3].start, wanted[3].end) == (D(2023, 10, 1), D(2023, 10, 31))
    cash = [v.value for v in values if v.member == "Cash Inc"]
    assert cash == [31.0, 23.0, 31.0, 41.0, 29.0, 39.0]
    assert len(values) == 10 * 6
    december = {r.name: r.this for r in measure_views.breakdown(
        seeded, ref_of(seeded, "Stansted airport demand by month"), "Dec 2023")}
    assert december["Off Airport - Attendance"] == 46.0 and december["Op Vincula – High Harm Wanted"] == 6.0


def test_function_figures_sit_in_their_functions(seeded_db):
    osg = listed(seeded_db, "opc.osg")
    assert osg["OSG arrests"]["this"] == 832.0 and osg["OSG stop and searches"]["this"] == 586.0
    assert osg["OSG arrests"]["this_label"] == "Jul-Dec 2023"
    dogs = listed(seeded_db, "opc.dogs")
    assert dogs["Dangerous dog incidents per year"]["last"] == 1431.0
    assert dogs["Dangerous dog incidents per year"]["this"] == 1677.0
    assert dogs["Dog Section incidents attended"]["this"] == 3101.0
    marine = listed(seeded_db, "opc.marine")
    assert marine["Marine patrol hours on the water"]["this"] == 1209.0
    planning = listed(seeded_db, "opc.planning")
    assert planning["Public Order Public Safety command structures"]["this"] == 51.0
    assert listed(seeded_db, "opc.stansted")["Stansted incidents reported"]["this"] == 3568.0
    command = listed(seeded_db, "opc")
    assert command["FSU Operation Grip deployments"]["portfolio"] == "opc.fsu"
    assert command["FSU Operation Grip deployments"]["this"] == 1457.0
