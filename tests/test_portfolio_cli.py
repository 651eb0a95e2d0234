"""The CLI by portfolio (issue 12): --portfolio/-P on every list, check and history, --as-at,
and `tracker portfolio` add|list|rename|move|set|close|reopen. On the seeds: collab, plan,
perf and opc with its 18 functions."""

import datetime as dt
import json

import pytest

from tests.inprocess import run_cli
from tracker.db import store
from tracker.db.schemas import ActionCreate, PortfolioCreate


def listed(db: str, *args: str) -> list[dict]:
    result = run_cli("list", *args, "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_list_risks_of_the_command_holds_its_twelve_and_roads_only_its_own(seeded_db):
    everything = listed(seeded_db, "risks")
    command = listed(seeded_db, "risks", "--portfolio", "opc")
    assert len(command) == 12
    assert all(r["portfolio"] == "opc" or r["portfolio"].startswith("opc.") for r in command)
    roads = listed(seeded_db, "risks", "-P", "opc.roads")
    assert {r["ref"] for r in roads} == {r["ref"] for r in everything if r["portfolio"] == "opc.roads"} != set()
    assert {r["portfolio"] for r in roads} == {"opc.roads"}
    assert listed(seeded_db, "risks", "-P", "collab") == []


def test_every_list_without_a_portfolio_names_each_records_own(seeded_db):
    for what, home in (("workstreams", {"collab"}), ("commitments", {"plan"})):
        assert {item["portfolio"] for item in listed(seeded_db, what)} == home
    measures = {m["ref"]: m["portfolio"] for m in listed(seeded_db, "measures")}
    homes = set(measures.values())
    assert {"perf", "collab", "deepdive", "opc.svu", "opc.fsu", "opc.stansted"} <= homes and measures["ECFRS.1"] == "collab"
    assert all(h in ("perf", "collab", "deepdive") or h.startswith("opc.") for h in homes)  # functions hold opc's
    actions = listed(seeded_db, "actions")
    assert all(a["portfolio"] == "opc" or a["portfolio"].startswith("opc.") for a in actions)


def test_commitments_and_measures_are_kept_to_the_portfolio(seeded_db):
    assert len(listed(seeded_db, "commitments", "-P", "plan")) == 61
    assert listed(seeded_db, "commitments", "-P", "collab") == []
    perf = listed(seeded_db, "measures", "-P", "perf")
    assert len(perf) == 49 and "ECFRS.1" not in {m["ref"] for m in perf}
    assert [m["ref"] for m in listed(seeded_db, "measures", "-P", "collab")] == ["ECFRS.1", "ECFRS.2"]
    assert len(listed(seeded_db, "workstreams", "-P", "collab")) == 13
    assert listed(seeded_db, "workstreams", "-P", "opc") == []


def test_the_table_shows_a_childs_code_and_leaves_the_portfolios_own_blank(seeded, seeded_db):
    store.create_action(session=seeded, data=ActionCreate(ref="99.1", portfolio="opc", title="Own action"),
                        actor="x")
    result = run_cli("list", "actions", "-P", "opc", "--db", seeded_db, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Portfolio" in lines[2]
    own = next(line for line in lines if line.lstrip().startswith("99.1"))
    child = next(line for line in lines if line.lstrip().startswith("9.2/1"))
    assert "opc" not in own.replace("Own action", "") and "opc.roads" in child


@pytest.mark.parametrize("command", [["list", "risks"], ["list", "commitments"], ["check"], ["history"],
                                     ["report", "-o", "never.md"]])
def test_an_unknown_portfolio_is_refused_naming_it(seeded_db, tmp_path, command):
    result = run_cli(*command, "--portfolio", "opc.nope", "--db", seeded_db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--portfolio" in result.stderr and "no portfolio 'opc.nope'" in result.stderr
    assert "opc.roads" in result.stderr  # the choices
    assert not (tmp_path / "never.md").exists()


def test_list_actions_judges_overdue_as_at_the_date_given(seeded, seeded_db):
    store.create_action(session=seeded, data=ActionCreate(ref="99.1", portfolio="opc.dogs", title="Kennels",
                                                          due_date=dt.date(2024, 3, 31)), actor="x")
    before = {a["ref"]: a["overdue"] for a in listed(seeded_db, "actions", "-P", "opc.dogs", "--as-at", "2024-03-31")}
    after = {a["ref"]: a["overdue"] for a in listed(seeded_db, "actions", "-P", "opc.dogs", "--as-at", "2024-04-01")}
    assert before["99.1"] is False and after["99.1"] is True
    assert {a["ref"]: a["overdue"] for a in listed(seeded_db, "actions", "-P", "opc.dogs")}["99.1"] is True  # today


def test_list_risks_judges_past_review_as_at_the_date_given(seeded_db):
    from tracker.db.schemas import RiskUpdate
    from sqlmodel import Session
    from tracker.db.engine import open_database

    with Session(open_database(seeded_db if "://" in seeded_db else f"sqlite:///{seeded_db}")) as session:
        store.update_risk(session=session, ref="9.2", changes=RiskUpdate(review_date=dt.date(2023, 6, 30)), actor="x")
    at = {r["ref"]: r["past_review"] for r in listed(seeded_db, "risks", "-P", "opc.roads", "--as-at", "2023-06-30")}
    later = {r["ref"]: r["past_review"] for r in listed(seeded_db, "risks", "-P", "opc.roads", "--as-at", "2023-07-01")}
    assert at["9.2"] is False and later["9.2"] is True


def test_check_of_a_closed_period_judges_overdue_at_its_end_not_today(seeded, seeded_db):
    store.create_action(session=seeded, data=ActionCreate(ref="99.1", portfolio="collab", title="Late in 2023",
                                                          due_date=dt.date(2022, 11, 30)), actor="x")
    store.create_action(session=seeded, data=ActionCreate(ref="99.2", portfolio="collab", title="Due next year",
                                                          due_date=dt.date(2023, 3, 31)), actor="x")
    result = run_cli("check", "-P", "collab", "--period", "2022", "--format", "json", "--db", seeded_db)
    overdue = {f["ref"] for f in json.loads(result.stdout) if f["kind"] == "overdue_action"}
    assert overdue == {"99.1"}  # 2022 is closed: as at 31 December 2022, not today
    result = run_cli("check", "-P", "collab", "--period", "2022", "--as-at", "2023-04-01", "--format", "json",
                     "--db", seeded_db)
    assert {f["ref"] for f in json.loads(result.stdout) if f["kind"] == "overdue_action"} == {"99.1", "99.2"}
    result = run_cli("check", "-P", "opc", "--period", "2022", "--db", seeded_db)  # the command reports by half
    assert result.returncode == 2 and "2022 is not one of opc's periods (half years): Jul-Dec 2023" in result.stderr
    store.create_portfolio(session=seeded, data=PortfolioCreate(code="monthly", name="Monthly", cycle="month"),
                           actor="admin")
    result = run_cli("check", "-P", "monthly", "--period", "2022", "--db", seeded_db)
    assert result.returncode == 2 and "monthly reports on months, and there is no such period yet" in result.stderr


def test_check_of_a_portfolio_leaves_out_other_portfolios_actions(seeded, seeded_db):
    store.create_action(session=seeded, data=ActionCreate(ref="99.1", portfolio="opc", title="Late",
                                                          due_date=dt.date(2023, 1, 31)), actor="x")
    mine = run_cli("check", "-P", "collab", "--period", "2023", "--as-at", "2023-12-31", "--format", "json",
                   "--db", seeded_db)
    every = run_cli("check", "--period", "2023", "--as-at", "2023-12-31", "--format", "json", "--db", seeded_db)
    assert "99.1" not in {f["ref"] for f in json.loads(mine.stdout)}
    assert "99.1" in {f["ref"] for f in json.loads(every.stdout)}


def test_history_of_a_portfolio_is_about_its_records_only(seeded_db):
    def events(*args):
        result = run_cli("history", *args, "--limit", "100000", "--format", "json", "--db", seeded_db)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    roads = events("-P", "opc.roads")
    road_risks = {r["ref"] for r in listed(seeded_db, "risks", "-P", "opc.roads")}
    road_actions = {a["ref"] for a in listed(seeded_db, "actions", "-P", "opc.roads")}
    road_measures = {m["ref"] for m in listed(seeded_db, "measures", "-P", "opc.roads")}
    assert road_measures  # the paper's Roads Policing counts (seeds/62-opc-measures.toml)
    assert {(e["entity"], e["ref"]) for e in roads} == (
        {("risk", r) for r in road_risks} | {("action", a) for a in road_actions} | {("portfolio", "opc.roads")}
        | {("measure", m) for m in road_measures} | {("period", "Jul-Dec 2023")})  # its half years
    plan = events("-P", "plan")
    assert {e["entity"] for e in plan} == {"priority", "commitment", "commentary", "portfolio", "period"}  # its quarters
    collab = events("-P", "collab")
    assert {"assessment", "workstream", "section", "measure", "consultation"} <= {e["entity"] for e in collab}
    assert not {e["ref"] for e in collab if e["entity"] == "measure"} - {"ECFRS.1", "ECFRS.2"}
    assert len(events()) > len(collab) + len(plan)


def test_portfolio_add_list_rename_move_set_close_and_reopen(seeded_db):
    def ok(*args):
        result = run_cli("portfolio", *args, "--db", seeded_db)
        assert result.returncode == 0, result.stderr
        return result.stdout

    ok("add", "review", "Review", "--owner", "DCC Smith", "--cycle", "quarter")
    ok("add", "review.hate", "Hate crime", "--parent", "review")
    ok("rename", "review.hate", "Hate crime deep dive")
    ok("move", "review.hate", "--parent", "collab")
    ok("set", "review", "--owner", "DCC Jones", "--cycle", "half")
    ok("close", "review")
    rows = {p["code"]: p for p in json.loads(ok("list", "--format", "json"))}
    assert (rows["review"]["owner"], rows["review"]["status"], rows["review"]["cycle"]) == (
        "DCC Jones", "closed", "half")
    hate = rows["review.hate"]
    assert (hate["name"], hate["parent"], hate["cycle"], hate["depth"]) == (
        "Hate crime deep dive", "collab", "year (from parent)", 1)
    assert rows["collab"]["workstreams"] == 13 and rows["opc.roads"]["risks"] == 2
    ok("reopen", "review")
    ok("move", "review.hate", "--top")
    ok("set", "review", "--cycle", "")
    rows = {p["code"]: p for p in json.loads(ok("list", "--format", "json"))}
    assert rows["review"]["status"] == "active" and rows["review"]["cycle"] == "any"
    assert rows["review.hate"]["parent"] is None
    history = run_cli("history", "review", "--format", "json", "--db", seeded_db)
    assert {e["field"] for e in json.loads(history.stdout)} >= {"owner", "status", "cycle"}


def test_portfolio_list_table_is_a_tree(seeded_db):
    result = run_cli("portfolio", "list", "--db", seeded_db, "--read-only", env={"COLUMNS": "160"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith(" opc ") for line in lines) and any(line.startswith(" └─ opc.roads") for line in lines)
    assert "half (from parent)" in result.stdout and "61 commitments" in result.stdout


@pytest.mark.parametrize(("args", "where", "words"), [
    (["add", "Bad Code", "X"], "code", "not a portfolio code"),
    (["add", "new", "X", "--parent", "nowhere"], "parent", "no portfolio 'nowhere'"),
    (["add", "new", "X", "--cycle", "fortnight"], "portfolio new, cycle", "'quarter'"),
    (["add", "collab", "Again"], "code", "exists already"),
    (["move", "opc", "--parent", "opc.roads"], "parent", "cannot be its parent"),
    (["rename", "nothing", "X"], "portfolio nothing", "no portfolio 'nothing'"),
    (["set", "opc"], "portfolio opc", "say what to set"),
])
def test_portfolio_mistakes_name_the_field_and_exit_2(seeded_db, args, where, words):
    result = run_cli("portfolio", *args, "--db", seeded_db)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert where in result.stderr and words in result.stderr


def test_only_an_admin_changes_portfolios_and_read_only_mode_lists_them(seeded_db):
    assert run_cli("user", "add", "boss", "--role", "admin", "--db", seeded_db, "--user", "boss").returncode == 0
    assert run_cli("user", "add", "lee", "--role", "lead", "--db", seeded_db, "--user", "boss").returncode == 0
    refused = run_cli("portfolio", "add", "new", "New", "--db", seeded_db, "--user", "lee")
    assert refused.returncode != 0 and "admin" in refused.stderr
    assert run_cli("portfolio", "list", "--db", seeded_db, "--user", "lee").returncode == 0
    refused = run_cli("portfolio", "close", "opc", "--db", seeded_db, "--read-only")
    assert refused.returncode == 2 and "read-only" in refused.stderr
    assert run_cli("portfolio", "list", "--db", seeded_db, "--read-only").returncode == 0
