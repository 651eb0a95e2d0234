"""The one clock (tracker.db.clock) that tests/conftest.py freezes for every test: the time each
change records, and the "today" that decides what is overdue and what the report is dated."""

import datetime as dt

from tracker.db import changes, store, views
from tracker.db.schemas import ActionCreate, ActionUpdate, WorkstreamUpdate

from tests.conftest import FROZEN_NOW
from tests.inprocess import run_cli


def test_a_change_records_the_frozen_time(seeded):
    store.update_workstream(session=seeded, ref="5.1.1", changes=WorkstreamUpdate(lead="New Lead"), actor="ann")
    [change] = changes.history(seeded, ref="5.1.1", limit=1)
    assert change.at == "2026-01-05T09:30:00.000000Z"


def test_overdue_and_completion_follow_the_frozen_today(seeded, frozen_clock, monkeypatch):
    store.create_action(session=seeded, data=ActionCreate(ref="T1", portfolio="opc", title="Due today", due_date=FROZEN_NOW.date()),
                        actor="ann")
    assert not {a.ref: a for a in views.actions(seeded)}["T1"].overdue
    monkeypatch.setattr(frozen_clock, "_frozen", FROZEN_NOW + dt.timedelta(days=1))
    assert {a.ref: a for a in views.actions(seeded)}["T1"].overdue
    store.update_action(session=seeded, ref="T1", changes=ActionUpdate(status="done"), actor="ann")
    assert {a.ref: a for a in views.actions(seeded)}["T1"].completed_on == dt.date(2026, 1, 6)


def test_the_cli_run_in_process_records_the_frozen_time(seeded_db):
    assert run_cli("rag", "5.1.1", "green", "--period", "2023", "--note", "Still fine", "--db", seeded_db).returncode == 0
    result = run_cli("history", "5.1.1", "--limit", "1", "--format", "csv", "--db", seeded_db)
    assert "2026-01-05T09:30:00.000000Z" in result.stdout
