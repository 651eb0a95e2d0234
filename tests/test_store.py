"""The store: every kind of change writes its history in the same transaction, and rules hold."""

import datetime as dt

import pytest
from sqlalchemy import func, select
from tracker.db import store, views
from tracker.db.enums import Rag
from tracker.db.errors import InvalidInput, NotFound
from tracker.db.models import Assessment, ChangeEvent, Workstream
from tracker.db.schemas import (
    ActionCreate,
    ActionUpdate,
    PeriodCreate,
    PriorityCreate,
    RiskCreate,
    RiskScale,
    RiskUpdate,
    SectionCreate,
    WorkstreamCreate,
    WorkstreamUpdate,
)

from tests.conftest import FROZEN_NOW


def events(session, **where):
    query = select(ChangeEvent).order_by(ChangeEvent.id)
    for key, value in where.items():
        query = query.where(getattr(ChangeEvent, key) == value)
    return list(session.execute(query).scalars())


def event_count(session) -> int:
    return session.execute(select(func.count()).select_from(ChangeEvent)).scalar()


@pytest.fixture
def base(session):
    """Two periods, a section, a priority and one workstream rated green last period."""
    store.create_period(session=session, data=PeriodCreate(label="2022", start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31)), actor="ann")
    store.create_period(session=session, data=PeriodCreate(label="2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)), actor="ann")
    store.create_section(session=session, data=SectionCreate(code="5.4", name="Local"), actor="ann")
    store.create_priority(session=session, data=PriorityCreate(number=3, title="Vulnerable people"), actor="ann")
    store.create_workstream(
        session=session,
        data=WorkstreamCreate(ref="5.4.3", name="Mental Health", section="5.4", lead="Natalia Ross", priorities=[3]),
        actor="ann",
    )
    store.set_rating(session=session, ref="5.4.3", period="2022", rag="green", rationale="On track", actor="ann")
    return session


def test_creating_a_workstream_records_each_field(base):
    created = {e.field: e.new for e in events(base, entity="workstream", kind="create")}
    assert created == {
        "name": "Mental Health", "section": "5.4", "lead": "Natalia Ross", "status": "active", "priorities": "3",
        "portfolio": "default",
    }
    assert {e.actor for e in events(base, entity="workstream")} == {"ann"}


def test_update_records_old_and_new_and_only_what_changed(base):
    changed = store.update_workstream(
        session=base, ref="5.4.3", changes=WorkstreamUpdate(lead="Kevin Baldwin", name="Mental Health"), actor="bob"
    )
    assert changed == ["lead"]
    [event] = events(base, entity="workstream", kind="update")
    assert (event.field, event.old, event.new, event.actor) == ("lead", "Natalia Ross", "Kevin Baldwin", "bob")


def test_update_that_changes_nothing_writes_nothing(base):
    before = event_count(base)
    assert store.update_workstream(session=base, ref="5.4.3", changes=WorkstreamUpdate(lead="Natalia Ross"), actor="bob") == []
    assert event_count(base) == before


def test_rating_change_needs_a_rationale_and_keeps_nothing_on_refusal(base):
    before = event_count(base)
    with pytest.raises(InvalidInput, match="rationale is required") as error:
        store.set_rating(session=base, ref="5.4.3", period="2023", rag="amber", actor="ann")
    assert error.value.where == "workstream 5.4.3, 2023, rationale"
    assert event_count(base) == before
    assert base.execute(select(func.count()).select_from(Assessment)).scalar() == 1


def test_same_rag_as_last_period_needs_no_rationale(base):
    result = store.set_rating(session=base, ref="5.4.3", period="2023", rag="G", actor="ann")
    assert (result.rag, result.previous_rag, result.change) == (Rag.GREEN, Rag.GREEN, "No change")


def test_rating_records_history_with_the_period(base):
    result = store.set_rating(session=base, ref="5.4.3", period="2023", rag="amber", rationale="RCRP", actor="cat")
    assert result.change == "Previously Green"
    fields = {(e.field, e.new) for e in events(base, entity="assessment", period="2023")}
    assert fields == {("rag", "amber"), ("rationale", "RCRP")}
    store.set_rating(session=base, ref="5.4.3", period="2023", rag="red", rationale="Worse", actor="dan")
    updates = events(base, entity="assessment", period="2023", kind="update")
    assert [(e.field, e.old, e.new, e.actor) for e in updates] == [
        ("rag", "amber", "red", "dan"), ("rationale", "RCRP", "Worse", "dan")
    ]


def test_same_rating_twice_writes_nothing_the_second_time(base):
    store.set_rating(session=base, ref="5.4.3", period="2023", rag="amber", rationale="RCRP", actor="cat")
    before = event_count(base)
    result = store.set_rating(session=base, ref="5.4.3", period="2023", rag="amber", actor="cat")
    assert not result.changed
    assert event_count(base) == before


def test_closed_period_is_frozen_until_reopened_and_both_are_recorded(base):
    assert store.set_period_closed(session=base, label="2022", closed=True, actor="ann")
    with pytest.raises(InvalidInput, match="closed"):
        store.set_rating(session=base, ref="5.4.3", period="2022", rag="red", rationale="x", actor="ann")
    assert views.dashboard(base, "2022").rows[0].rag == Rag.GREEN
    assert store.set_period_closed(session=base, label="2022", closed=False, actor="boss")
    store.set_rating(session=base, ref="5.4.3", period="2022", rag="red", rationale="corrected", actor="boss")
    toggles = [(e.old, e.new, e.actor) for e in events(base, entity="period", kind="update")]
    assert toggles == [("false", "true", "ann"), ("true", "false", "boss")]


def test_unknown_refs_are_named(base):
    with pytest.raises(NotFound, match="no workstream '9.9.9'"):
        store.set_rating(session=base, ref="9.9.9", period="2023", rag="red", rationale="x", actor="ann")
    with pytest.raises(NotFound, match="no period 'Q9'"):
        store.set_rating(session=base, ref="5.4.3", period="Q9", rag="red", rationale="x", actor="ann")
    with pytest.raises(InvalidInput, match="not a RAG"):
        store.set_rating(session=base, ref="5.4.3", period="2023", rag="purple", rationale="x", actor="ann")
    with pytest.raises(NotFound) as error:
        store.update_workstream(session=base, ref="5.4.3", changes=WorkstreamUpdate(section="9.9"), actor="ann")
    assert error.value.where == "workstream 5.4.3, section"


def test_duplicate_ref_is_refused(base):
    with pytest.raises(InvalidInput, match="exists already"):
        store.create_workstream(session=base, data=WorkstreamCreate(ref="5.4.3", name="Again", section="5.4"), actor="ann")


def test_required_field_cannot_be_cleared(base):
    with pytest.raises(InvalidInput, match="must not be empty"):
        store.update_workstream(session=base, ref="5.4.3", changes=WorkstreamUpdate(name=None), actor="ann")


def test_delete_workstream_records_its_assessments_and_detaches_dependants(base):
    store.create_risk(session=base, data=RiskCreate(ref="R1", title="Risk", workstream="5.4.3"), actor="ann")
    store.create_action(session=base, data=ActionCreate(ref="A1", title="Act", workstream="5.4.3"), actor="ann")
    store.delete_workstream(session=base, ref="5.4.3", actor="eve")
    assert base.execute(select(Workstream)).first() is None
    deleted = {(e.entity, e.field, e.old) for e in events(base, kind="delete")}
    assert ("assessment", "rag", "green") in deleted
    assert ("workstream", "name", "Mental Health") in deleted
    detached = {(e.entity, e.ref, e.old) for e in events(base, kind="update", field="workstream")}
    assert detached == {("risk", "R1", "5.4.3"), ("action", "A1", "5.4.3")}
    assert views.risks(base)[0].workstream is None


def test_workstream_with_rags_in_a_closed_period_cannot_be_deleted(base):
    store.set_period_closed(session=base, label="2022", closed=True, actor="ann")
    with pytest.raises(InvalidInput, match=r"closed periods \(2022\)"):
        store.delete_workstream(session=base, ref="5.4.3", actor="ann")
    assert views.dashboard(base, "2022").rows[0].rag == Rag.GREEN


def test_risk_score_is_likelihood_times_impact_on_the_scale(base):
    store.create_risk(session=base, data=RiskCreate(ref="9.2", title="Fast roads", score=60), actor="ann")
    assert views.risks(base)[0].score == 60
    with pytest.raises(InvalidInput, match="the score 60 was typed") as kept:  # never replaced without a word
        store.update_risk(session=base, ref="9.2", changes=RiskUpdate(likelihood=5, impact=9), actor="ann")
    assert kept.value.where == "risk 9.2, score" and views.risks(base)[0].score == 60
    store.update_risk(session=base, ref="9.2", changes=RiskUpdate(likelihood=5, impact=9, score=45), actor="ann")
    assert views.risks(base)[0].score == 45
    rescored = {(e.field, e.old, e.new) for e in events(base, entity="risk", kind="update")}
    assert rescored == {("likelihood", None, "5"), ("impact", None, "9"), ("score", "60", "45")}
    with pytest.raises(InvalidInput, match="from 1 to 6") as error:
        store.update_risk(session=base, ref="9.2", changes=RiskUpdate(likelihood=7), actor="ann")
    assert error.value.where == "risk 9.2, likelihood"
    with pytest.raises(InvalidInput, match="likelihood x impact = 45"):
        store.update_risk(session=base, ref="9.2", changes=RiskUpdate(score=50), actor="ann")
    with pytest.raises(InvalidInput, match="at most 25"):
        store.create_risk(session=base, data=RiskCreate(ref="9.4", title="L2", score=45), actor="ann", scale=RiskScale(5, 5))


def test_action_completion_date_follows_status(base):
    store.create_action(session=base, data=ActionCreate(ref="13.2", title="Flex", due_date=dt.date(2024, 1, 1)), actor="ann")
    [row] = views.actions(base, today=dt.date(2024, 6, 1))
    assert row.overdue
    store.update_action(session=base, ref="13.2", changes=ActionUpdate(status="done"), actor="ann")
    [row] = views.actions(base, today=dt.date(2024, 6, 1))
    assert (row.status, row.completed_on, row.overdue) == ("done", FROZEN_NOW.date(), False)  # today, frozen
    with pytest.raises(InvalidInput, match="only a done action"):
        store.update_action(session=base, ref="13.2", changes=ActionUpdate(status="open", completed_on=dt.date(2024, 1, 1)), actor="ann")
    store.update_action(session=base, ref="13.2", changes=ActionUpdate(status="open"), actor="ann")
    assert views.actions(base)[0].completed_on is None


def test_delete_risk_and_action_are_recorded(base):
    store.create_risk(session=base, data=RiskCreate(ref="R1", title="Risk"), actor="ann")
    store.create_action(session=base, data=ActionCreate(ref="A1", title="Mitigate", risk="R1"), actor="ann")
    assert views.risks(base)[0].actions == 1
    store.delete_risk(session=base, ref="R1", actor="ann")
    assert views.actions(base)[0].risk is None
    store.delete_action(session=base, ref="A1", actor="ann")
    assert views.actions(base) == []
    assert {(e.entity, e.ref) for e in events(base, kind="delete")} == {("risk", "R1"), ("action", "A1")}


def test_a_user_name_is_required(base):
    with pytest.raises(InvalidInput, match="user name"):
        store.set_rating(session=base, ref="5.4.3", period="2023", rag="green", actor="  ")
