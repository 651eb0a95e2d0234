"""`tracker verify` replays the history and compares it with the tables: any record edited,
inserted or deleted around tracker is named; every normal change through tracker verifies clean."""

import datetime as dt

import pytest
from sqlmodel import Session
from tracker.db import plan, store
from tracker.db.schemas import (
    ActionCreate,
    ActionUpdate,
    CommentaryInput,
    CommitmentUpdate,
    MeasureUpdate,
    MeasureValueInput,
    PeriodCreate,
    RiskCreate,
    RiskUpdate,
    WorkstreamCreate,
    WorkstreamUpdate,
)
from tracker.db.undo import undo_last
from tracker.db.verify import verify

from tests.conftest import run_cli

ADMIN = "seed-loader"
"""No users exist in the seeded database, so anyone is an admin; this is the name that loaded it."""


def test_a_freshly_seeded_database_verifies_clean(seeded):
    verdict = verify(seeded)
    assert verdict.ok, verdict.problems
    assert verdict.problems == []


def _normal_changes(s: Session) -> None:
    """One of every kind of change tracker makes, including the ones that touch other records."""
    store.set_rating(session=s, ref="5.1.1", period="2023", rag="red", rationale="slipped", actor=ADMIN)
    store.set_rating(session=s, ref="5.1.2", period="2023", rag="amber", rationale="one", actor=ADMIN)
    undo_last(session=s, actor=ADMIN)
    store.carry_forward(session=s, ref="5.1.2", period="2023", rationale="as before", actor=ADMIN)
    store.update_workstream(session=s, ref="5.1.1", changes=WorkstreamUpdate(lead="Ann", priorities=[3, 1, 3]),
                            actor=ADMIN)
    store.create_workstream(session=s, data=WorkstreamCreate(ref="5.9.9", portfolio="collab", name="Short-lived", section="5.1",
                                                             priorities=[2]), actor=ADMIN)
    store.create_risk(session=s, data=RiskCreate(ref="R.1", portfolio="collab", title="Risk", workstream="5.9.9", likelihood=2,
                                                 impact=3), actor=ADMIN)
    store.create_action(session=s, data=ActionCreate(ref="A.1", portfolio="collab", title="Act", workstream="5.9.9", risk="R.1",
                                                     due_date=dt.date(2024, 1, 1)), actor=ADMIN)
    store.update_action(session=s, ref="A.1", changes=ActionUpdate(status="done"), actor=ADMIN)
    store.update_risk(session=s, ref="R.1", changes=RiskUpdate(likelihood=4, impact=5, register_kind="command"), actor=ADMIN)
    plan.update_measure(session=s, ref="1.1", changes=MeasureUpdate(workstream="5.9.9", target=12.5), actor=ADMIN)
    store.set_rating(session=s, ref="5.9.9", period="2023", rag="green", rationale="new", actor=ADMIN)
    store.delete_risk(session=s, ref="R.1", actor=ADMIN)  # detaches its action
    store.delete_workstream(session=s, ref="5.9.9", actor=ADMIN)  # detaches the action and the measure
    undo_last(session=s, actor=ADMIN)  # the workstream comes back
    store.delete_action(session=s, ref="13.2", actor=ADMIN)
    store.create_period(session=s, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                     end=dt.date(2024, 12, 31)), actor=ADMIN)
    store.set_period_closed(session=s, label="2023", closed=True, actor=ADMIN)
    store.set_period_closed(session=s, label="2023", closed=False, actor=ADMIN)
    store.add_user(session=s, name="Natalia Ross", role="lead", actor=ADMIN)
    store.add_user(session=s, name="Natalia Ross", role="reviewer", actor=ADMIN)
    team = "Media & Communications"
    plan.write_commentary(session=s, ref="1.1", data=CommentaryInput(period="2023", team=team, text="first"),
                          actor=ADMIN)
    plan.write_commentary(session=s, ref="1.1", data=CommentaryInput(period="2023", team=team, text="second"),
                          actor=ADMIN)
    undo_last(session=s, actor=ADMIN)
    owners = next(r.owners for r in plan.commitments(s, None) if r.ref == "1.2")
    plan.update_commitment(session=s, ref="1.2", changes=CommitmentUpdate(owners=["B team", *reversed(owners)]),
                           actor=ADMIN)
    plan.set_measure_value(session=s, ref="1.1", data=MeasureValueInput(period="2023", value=41.5, ci=1.25),
                           actor=ADMIN)
    plan.set_measure_value(session=s, ref="1.1", data=MeasureValueInput(period="2023", value=None, footnote="n/a"),
                           actor=ADMIN)
    undo_last(session=s, actor=ADMIN)
    plan.delete_measure(session=s, ref="1.2", actor=ADMIN)


def test_every_kind_of_normal_change_verifies_clean(seeded):
    _normal_changes(seeded)
    verdict = verify(seeded)
    assert verdict.problems == []
    assert verdict.ok


def test_an_export_imported_elsewhere_verifies_clean(seeded, seeded_db, tmp_path):
    _normal_changes(seeded)
    seeded.close()
    exported = tmp_path / "all.toml"
    assert run_cli("export", "--db", seeded_db, "-o", str(exported)).returncode == 0
    copy = tmp_path / "copy.db"
    result = run_cli("import", str(exported), "--db", str(copy))
    assert result.returncode == 0, result.stderr
    result = run_cli("verify", "--db", str(copy))
    assert result.returncode == 0, result.stderr
    assert "the tables match what history records" in result.stdout


W = "(SELECT id FROM workstream WHERE ref = '5.1.1')"
P = "(SELECT id FROM period WHERE label = '2023')"
M = "(SELECT id FROM measure WHERE ref = 'ECFRS.1')"
C = "(SELECT id FROM commitment WHERE ref = '1.1')"
PR = "(SELECT id FROM priority WHERE number = 1)"

EDITS = {
    "period": ("UPDATE period SET end_date = '2023-11-30' WHERE label = '2023'", "period '2023', end"),
    "section": ("UPDATE section SET name = 'Renamed' WHERE code = '5.1'", "section '5.1', name"),
    "priority": ("UPDATE priority SET title = 'Renamed' WHERE number = 1", "priority '1', title"),
    "workstream": ("UPDATE workstream SET lead = 'Mallory' WHERE ref = '5.1.1'", "workstream '5.1.1', lead"),
    "workstream_priority": (f"DELETE FROM workstream_priority WHERE workstream_id = {W}",
                            "workstream '5.1.1', priorities"),
    "assessment": (f"UPDATE assessment SET rag = 'red' WHERE workstream_id = {W} AND period_id = {P}",
                   "the rating of workstream '5.1.1' for '2023', rag"),
    "risk": ("UPDATE risk SET target_score = 1 WHERE ref = '9.2'", "risk '9.2', target_score"),
    "action": ("UPDATE action SET status = 'cancelled' WHERE ref = '13.2'", "action '13.2', status"),
    "tracker_user": None,  # the seeds have no users: an edit is covered by test_a_user_edited_around_tracker
    "commitment": ("UPDATE commitment SET text = 'We will not' WHERE ref = '1.1'", "commitment '1.1', text"),
    "commentary": ("UPDATE commentary SET text = 'rewritten' WHERE team = 'Media & Communications'",
                   "commentary '1.1/Media & Communications' for 'Q2 2023/24', text"),
    "measure": ("UPDATE measure SET target = 1 WHERE ref = 'ECFRS.1'", "measure 'ECFRS.1', target"),
    "measure_value": (f"UPDATE measure_value SET value = 1 WHERE measure_id = {M} AND label = '2023'",
                      "the value of measure 'ECFRS.1' for '2023', value"),
}
INSERTS = {
    "period": ("INSERT INTO period (label, start_date, end_date, closed, cycle) VALUES ('2031', '2031-01-01', "
               "'2031-12-31', false, 'year')", "period '2031' is in the database but not in history"),
    "section": ("INSERT INTO section (code, name, sort_key, portfolio_id) VALUES ('9.9', 'Shadow', '9.9', "
                "(SELECT id FROM portfolio WHERE code = 'collab'))",
                "section '9.9' is in the database"),
    "priority": ("INSERT INTO priority (number, title, objective, portfolio_id) VALUES (99, 'Shadow', '', "
                 "(SELECT id FROM portfolio WHERE code = 'plan'))",
                 "priority '99' is in the database"),
    "workstream": ("INSERT INTO workstream (ref, name, sort_key, section_id, description, status, portfolio_id) VALUES "
                   "('6.6.6', 'Shadow', '6.6.6', (SELECT id FROM section WHERE code = '5.1'), '', 'active', "
                   "(SELECT id FROM portfolio WHERE code = 'collab'))",
                   "workstream '6.6.6' is in the database"),
    "workstream_priority": (f"INSERT INTO workstream_priority (workstream_id, priority_id) VALUES ({W}, "
                            "(SELECT id FROM priority WHERE number = 5))", "workstream '5.1.1', priorities"),
    "assessment": ("INSERT INTO assessment (workstream_id, period_id, rag, rationale, assessed_by, assessed_at) "
                   f"VALUES ({W}, (SELECT id FROM period WHERE label = 'Q2 2023/24'), 'red', '', 'm', 'now')",
                   "the rating of workstream '5.1.1' for 'Q2 2023/24' is in the database"),
    "risk": ("INSERT INTO risk (ref, title, description, status, portfolio_id) VALUES ('R.X', "
             "'Shadow', '', 'open', (SELECT id FROM portfolio WHERE code = 'opc'))", "risk 'R.X' is in the database"),
    "action": ("INSERT INTO action (ref, title, detail, status, portfolio_id) VALUES ('A.X', 'Shadow', '', 'open', "
               "(SELECT id FROM portfolio WHERE code = 'opc'))",
               "action 'A.X' is in the database"),
    "tracker_user": ("INSERT INTO tracker_user (name, role) VALUES ('mallory', 'admin')",
                     "user 'mallory' is in the database but not in history"),
    "commitment": (f"INSERT INTO commitment (ref, sort_key, priority_id, text, owners, portfolio_id) VALUES ('1.99', "
                   f"'1.99', {PR}, 'We will', '[]', (SELECT id FROM portfolio WHERE code = 'plan'))", "commitment '1.99' is in the database"),
    "commentary": ("INSERT INTO commentary (commitment_id, period_id, team, text, written_by, written_at) VALUES "
                   f"({C}, {P}, 'Shadow team', 'hidden', 'm', 'now')",
                   "commentary '1.1/Shadow team' for '2023' is in the database"),
    "measure": ("INSERT INTO measure (ref, sort_key, name, area, unit, direction, description, source, question, portfolio_id) VALUES "
                "('X.1', 'X.1', 'Shadow', 'A', 'count', 'higher_is_better', '', '', '', (SELECT id FROM portfolio WHERE code = 'perf'))", "measure 'X.1' is in the database"),
    "measure_value": ("INSERT INTO measure_value (measure_id, start_date, end_date, label, member, series, value, "
                      f"footnote, entered_by, entered_at) VALUES ({M}, '2023-07-01', '2023-09-30', 'Q2 2023/24', '', "
                      "'actual', 5, '', 'm', 'now')",
                      "the value of measure 'ECFRS.1' for 'Q2 2023/24' is in the database"),
}
DELETES = {
    "period": ("DELETE FROM commentary WHERE period_id = (SELECT id FROM period WHERE label = 'Q2 2023/24'); "
               "DELETE FROM measure_value WHERE label = 'Q2 2023/24'; "
               "DELETE FROM assessment WHERE period_id = (SELECT id FROM period WHERE label = 'Q2 2023/24'); "
               "DELETE FROM period WHERE label = 'Q2 2023/24'", "period 'Q2 2023/24' is in history but missing"),
    "section": ("DELETE FROM workstream WHERE section_id = (SELECT id FROM section WHERE code = '5.5'); "
                "DELETE FROM section WHERE code = '5.5'", "section '5.5' is in history but missing"),
    "priority": ("DELETE FROM commitment WHERE parent_id IS NOT NULL"  # sub-commitments first: RESTRICT
                 " AND priority_id = (SELECT id FROM priority WHERE number = 12); "
                 "DELETE FROM commitment WHERE priority_id = (SELECT id FROM priority WHERE number = 12); "
                 "DELETE FROM workstream_priority WHERE priority_id = (SELECT id FROM priority WHERE number = 12); "
                 "DELETE FROM priority WHERE number = 12", "priority '12' is in history but missing"),
    "workstream": ("DELETE FROM workstream WHERE ref = '5.5.4'", "workstream '5.5.4' is in history but missing"),
    "workstream_priority": None,  # an edit of the link table is a delete: see EDITS
    "assessment": (f"DELETE FROM assessment WHERE workstream_id = {W} AND period_id = {P}",
                   "the rating of workstream '5.1.1' for '2023' is in history but missing"),
    "risk": ("DELETE FROM risk WHERE ref = '9.2'", "risk '9.2' is in history but missing"),
    "action": ("DELETE FROM action WHERE ref = '13.2'", "action '13.2' is in history but missing"),
    "tracker_user": None,  # see test_a_user_edited_around_tracker
    "commitment": ("DELETE FROM commitment WHERE ref = '1.1'", "commitment '1.1' is in history but missing"),
    "commentary": ("DELETE FROM commentary WHERE team = 'Media & Communications'",
                   "commentary '1.1/Media & Communications' for 'Q2 2023/24' is in history but missing"),
    "measure": ("DELETE FROM measure WHERE ref = '1.2'", "measure '1.2' is in history but missing"),
    "measure_value": (f"DELETE FROM measure_value WHERE measure_id = {M} AND label = '2023'",
                      "the value of measure 'ECFRS.1' for '2023' is in history but missing"),
}


def _problems_after(engine, statements: str) -> list[str]:
    """What verify says with `statements` run around tracker, in a transaction rolled back after."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            for statement in statements.split("; "):
                connection.exec_driver_sql(statement)
            with Session(bind=connection) as session:
                return verify(session).problems
        finally:
            transaction.rollback()


@pytest.mark.parametrize("cases", [EDITS, INSERTS, DELETES], ids=["edit", "insert", "delete"])
def test_each_data_table_changed_around_tracker_is_named(seeded, engine, cases):
    seeded.close()
    missed = {}
    for table, case in cases.items():
        if case is None:
            continue
        statements, expected = case
        problems = _problems_after(engine, statements)
        if not any(expected in problem for problem in problems):
            missed[table] = problems
    assert missed == {}
    assert verify(Session(engine)).ok  # the rollbacks left it as it was


def test_a_user_edited_around_tracker_is_named(seeded, engine):
    store.add_user(session=seeded, name="Natalia Ross", role="reviewer", actor=ADMIN)
    store.add_user(session=seeded, name="Bob", role="reviewer", actor=ADMIN)
    seeded.close()
    problems = _problems_after(engine, "UPDATE tracker_user SET role = 'admin' WHERE name = 'Natalia Ross'")
    assert "user 'Natalia Ross', role: the database has 'admin' but history says 'reviewer'" in problems
    problems = _problems_after(engine, "DELETE FROM tracker_user WHERE name = 'Bob'")
    assert "user 'Bob' is in history but missing from the database: it was deleted around tracker" in problems


def test_the_cli_names_each_record_and_exits_1(seeded, seeded_db, engine):
    seeded.close()
    from sqlalchemy import create_engine
    from tracker.db.engine import database_url

    raw = create_engine(database_url(seeded_db))
    with raw.begin() as connection:
        connection.exec_driver_sql(INSERTS["tracker_user"][0])
        connection.exec_driver_sql(EDITS["assessment"][0])
    raw.dispose()
    result = run_cli("verify", "--db", seeded_db)
    assert result.returncode == 1
    assert "user 'mallory' is in the database but not in history" in result.stderr
    assert "the rating of workstream '5.1.1' for '2023', rag: the database has 'red'" in result.stderr
    assert "hash chain intact" not in result.stdout
