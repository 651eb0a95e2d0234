"""Rules without gaps: attaching to a record needs its owner's rights, an admin always remains,
and a PostgreSQL writer never waits forever for the write lock (issue 14)."""

import json
import sqlite3

import pytest
from sqlalchemy import func, select
from sqlmodel import Session
from tracker.db import engine as engine_module
from tracker.db import store, undo, views
from tracker.db.errors import DatabaseProblem, Forbidden, InvalidInput
from tracker.db.history import writing
from tracker.db.models import ChangeEvent
from tracker.db.schemas import ActionCreate, PeriodCreate, RiskCreate, RiskUpdate, validated
from tracker.db.users import recover_admin, remove_user

from tests.conftest import run_cli

NATALIA = "Det Supt Natalia Ross"
"""Leads 5.4.3 and nothing else in the seeds."""


@pytest.fixture
def team(seeded) -> Session:
    store.add_user(session=seeded, name=NATALIA, role="lead", actor="boss")  # boss becomes admin
    return seeded


def events(session) -> int:
    return session.execute(select(func.count()).select_from(ChangeEvent)).scalar()


def test_a_lead_may_not_attach_their_risk_to_another_leads_workstream(team):
    before = events(team)
    data = validated(RiskCreate, {"ref": "R60", "title": "Big", "owner": NATALIA, "portfolio": "collab", "workstream": "5.1.1",
                                  "likelihood": 6, "impact": 10}, where="risk R60")
    with pytest.raises(Forbidden, match="may attach risk R60 only to what they own; workstream 5.1.1 is"):
        store.create_risk(session=team, data=data, actor=NATALIA)
    assert "R60" not in {r.ref for r in views.risks(team)} and events(team) == before
    own = validated(RiskCreate, {"ref": "R61", "title": "Mine", "owner": NATALIA, "portfolio": "collab", "workstream": "5.4.3"},
                    where="risk R61")
    store.create_risk(session=team, data=own, actor=NATALIA)  # her own workstream: fine
    with pytest.raises(Forbidden, match="workstream 5.1.1"):
        store.update_risk(session=team, ref="R61", changes=RiskUpdate(workstream="5.1.1"), actor=NATALIA)
    store.update_risk(session=team, ref="R61", changes=RiskUpdate(workstream="5.1.1"), actor="boss")  # an admin may


def test_a_lead_may_not_tie_an_action_to_a_risk_nobody_owns(team):
    data = validated(ActionCreate, {"ref": "A1", "title": "Mitigate", "owner": NATALIA, "risk": "9.3"},
                     where="action A1")
    with pytest.raises(Forbidden, match="risk 9.3 is owned by nobody"):
        store.create_action(session=team, data=data, actor=NATALIA)
    assert "A1" not in {a.ref for a in views.actions(team)}


def test_undo_does_not_reattach_what_a_lead_could_not_attach(team):
    data = validated(RiskCreate, {"ref": "R62", "title": "Placed by the admin", "owner": NATALIA, "portfolio": "collab",
                                  "workstream": "5.1.1"}, where="risk R62")
    store.create_risk(session=team, data=data, actor="boss")
    store.delete_risk(session=team, ref="R62", actor=NATALIA)  # she owns it, so she may delete it
    with pytest.raises(Forbidden, match="workstream 5.1.1"):
        undo.undo_last(session=team, actor=NATALIA)  # re-creating it would attach it to 5.1.1 again
    assert "R62" not in {r.ref for r in views.risks(team)}


def test_the_first_user_may_not_be_oneself_as_a_non_admin(session):
    with pytest.raises(InvalidInput, match="would leave no admin") as error:
        store.add_user(session=session, name="me", role="reviewer", actor="me")
    assert error.value.where == "user me, role"
    assert events(session) == 0


def test_the_last_admin_may_not_demote_or_remove_themselves(team):
    for change in (lambda: store.add_user(session=team, name="boss", role="lead", actor="boss"),
                   lambda: remove_user(session=team, name="boss", actor="boss")):
        before = events(team)
        with pytest.raises(InvalidInput, match="would leave no admin"):
            change()
        assert events(team) == before
    store.add_user(session=team, name="Second", role="admin", actor="boss")
    store.add_user(session=team, name="boss", role="lead", actor="boss")  # another admin remains
    remove_user(session=team, name=NATALIA, actor="Second")
    assert views_roles(team) == {"Second": "admin", "boss": "lead"}


def views_roles(session) -> dict[str, str]:
    from tracker.db.access import roles

    return {name: role.value for name, role in roles(session).items()}


@pytest.mark.sqlite_only
def test_a_locked_out_file_is_recovered_by_its_owner(seeded, seeded_db):
    seeded.close()
    assert run_cli("user", "add", "lead1", "--role", "lead", "--db", seeded_db, "--user", "boss").returncode == 0
    with sqlite3.connect(seeded_db) as raw:  # as an older tracker let it happen: nobody is admin
        raw.execute("UPDATE tracker_user SET role = 'lead'")
    refused = run_cli("user", "add", "x", "--role", "admin", "--db", seeded_db, "--user", "boss")
    assert refused.returncode == 1 and "only an admin may manage users" in refused.stderr
    recovered = run_cli("user", "recover", "boss", "--db", seeded_db, "--user", "boss")
    assert recovered.returncode == 0, recovered.stderr
    users = json.loads(run_cli("user", "list", "--format", "json", "--db", seeded_db).stdout)
    assert {u["name"]: u["role"] for u in users} == {"boss": "admin", "lead1": "lead"}
    history = json.loads(run_cli("history", "boss", "--format", "json", "--db", seeded_db).stdout)
    assert history[0]["field"] == "role" and history[0]["new"] == "admin"
    again = run_cli("user", "recover", "lead1", "--db", seeded_db)
    assert again.returncode == 2 and "nothing to recover" in again.stderr
    assert run_cli("verify", "--db", seeded_db).returncode == 0


def test_recovery_needs_a_database_without_an_admin(team):
    with pytest.raises(InvalidInput, match=r"nothing to recover: it has an admin \(boss\)"):
        recover_admin(session=team, name=NATALIA, actor=NATALIA)


@pytest.mark.postgresql_only
def test_a_postgresql_writer_gives_up_naming_who_holds_the_lock(engine, monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)
    data = PeriodCreate(label="2031", start="2031-01-01", end="2031-12-31")
    with Session(engine) as holder, Session(engine) as writer:
        with writing(holder, "Holder Person"):
            with pytest.raises(DatabaseProblem) as error:
                store.create_period(session=writer, data=data, actor="someone")
        message = str(error.value)
        assert "held tracker's write lock for over 0.3 s" in message and "nothing was saved" in message
        assert "'tracker: Holder Person'" in message and "database role" in message and "since" in message
        store.create_period(session=writer, data=data, actor="someone")  # free again: it goes through
        assert "2031" in {p.label for p in views.periods(writer)}


@pytest.mark.postgresql_only
def test_tracker_names_its_connections(engine):
    from sqlalchemy import text

    with engine.connect() as conn:
        assert conn.execute(text("SHOW application_name")).scalar() == "tracker"
