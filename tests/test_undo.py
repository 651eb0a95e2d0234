"""Carry forward and undo: both are new, recorded changes; history is never erased."""

import datetime as dt

import pytest
from sqlalchemy import func, select
from tracker.db import changes, store, views
from tracker.db.enums import Rag
from tracker.db.errors import InvalidInput
from tracker.db.models import ChangeEvent
from tracker.db.schemas import ActionCreate, PeriodCreate, RiskUpdate, WorkstreamUpdate
from tracker.db.undo import undo_last


@pytest.fixture
def year(seeded):
    store.create_period(session=seeded, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)), actor="ann")
    return seeded


def rag(session, ref, period):
    return {r.ref: r for r in views.dashboard(session, period).rows}[ref].rag


def events(session) -> int:
    return session.execute(select(func.count()).select_from(ChangeEvent)).scalar()


def test_carry_forward_sets_last_periods_rag_and_says_so(year):
    result = store.carry_forward(session=year, ref="5.4.3", period="2024", actor="Natalia")
    assert (result.rag, result.change) == (Rag.AMBER, "No change")
    [decision] = changes.history(year, ref="5.4.3", text="2023", limit=1)
    assert (decision.field, decision.new, decision.actor, decision.period) == ("carried_forward_from", "2023", "Natalia", "2024")


def test_carry_forward_without_a_previous_rag_is_refused(year):
    with pytest.raises(InvalidInput, match="no RAG in the previous period"):
        store.carry_forward(session=year, ref="5.4.3", period="2022", actor="x")


def test_undo_a_rating_change_restores_it_and_keeps_history(year):
    store.set_rating(session=year, ref="5.4.3", period="2023", rag="red", rationale="Worse", actor="ann")
    before = events(year)
    result = undo_last(session=year, actor="ann")
    assert "5.4.3" in result.summary
    assert rag(year, "5.4.3", "2023") == Rag.AMBER
    assert events(year) > before  # the undo is itself recorded
    newest = changes.history(year, limit=3)
    assert {e.field for e in newest} == {"rag", "rationale", "undo_of"}


def test_undo_steps_back_through_your_own_changes_only(year):
    store.update_workstream(session=year, ref="5.1.1", changes=WorkstreamUpdate(lead="First"), actor="ann")
    store.update_workstream(session=year, ref="5.1.1", changes=WorkstreamUpdate(lead="Second"), actor="ann")
    store.update_workstream(session=year, ref="5.1.2", changes=WorkstreamUpdate(lead="Bob's"), actor="bob")
    undo_last(session=year, actor="ann")
    assert {r.ref: r.lead for r in views.dashboard(year).rows}["5.1.1"] == "First"
    undo_last(session=year, actor="ann")
    leads = {r.ref: r.lead for r in views.dashboard(year).rows}
    assert leads["5.1.1"] == "ACC Andrew Pritchard" and leads["5.1.2"] == "Bob's"


def test_undo_refuses_over_someone_elses_later_change(year):
    store.update_workstream(session=year, ref="5.1.1", changes=WorkstreamUpdate(lead="Ann's"), actor="ann")
    store.update_workstream(session=year, ref="5.1.1", changes=WorkstreamUpdate(lead="Bob's"), actor="bob")
    with pytest.raises(InvalidInput, match="changed again since"):
        undo_last(session=year, actor="ann")
    assert {r.ref: r.lead for r in views.dashboard(year).rows}["5.1.1"] == "Bob's"


def test_undo_a_delete_brings_the_workstream_back(year):
    store.set_period_closed(session=year, label="2022", closed=False, actor="ann")
    store.delete_workstream(session=year, ref="5.4.3", actor="ann")
    undo_last(session=year, actor="ann")
    row = {r.ref: r for r in views.dashboard(year, "2023").rows}["5.4.3"]
    assert (row.name, row.rag, row.previous_rag, row.lead) == ("Mental Health", Rag.AMBER, Rag.GREEN, "Det Supt Natalia Ross")


def test_undo_a_create_and_a_rescore(year):
    store.create_action(session=year, data=ActionCreate(ref="X1", portfolio="opc", title="New"), actor="ann")
    undo_last(session=year, actor="ann")
    assert "X1" not in {a.ref for a in views.actions(year)}
    store.update_risk(session=year, ref="9.2", changes=RiskUpdate(likelihood=3, impact=4, score=12), actor="ann")
    undo_last(session=year, actor="ann")
    risk = views.risks(year)[0]
    assert (risk.ref, risk.score, risk.likelihood, risk.impact) == ("9.2", 60, None, None)


def test_nothing_to_undo(year):
    with pytest.raises(InvalidInput, match="no change left to undo"):
        undo_last(session=year, actor="nobody")
