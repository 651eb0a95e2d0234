"""Work strands (issue 17): a workstream's milestones, sub-actions with an expected outcome and a
parent whose status summarises theirs, and links of risks, actions and measures to plan priorities.
Every write verifies clean (history replays into the tables) and undoes."""

import datetime as dt

import pytest
from tracker.db import plan, store, strand_views
from tracker.db.errors import InvalidInput
from tracker.db.milestones import MilestoneInput, add_milestone, edit_milestone, remove_milestone
from tracker.db.schemas import ActionCreate, ActionUpdate, MeasureUpdate, RiskUpdate, WorkstreamCreate
from tracker.db.undo import undo_last
from tracker.db.verify import verify
from tracker.db.writers import read_record
from tracker.db.models import Action, Measure, Risk

ADMIN = "seed-loader"
TODAY = dt.date(2026, 1, 5)
"""tests/conftest.py freezes the clock on this day."""


def _action(s, ref, parent=None, status="open", **extra):
    store.create_action(session=s, data=ActionCreate(ref=ref, portfolio="collab", title=f"Action {ref}", parent=parent,
                                                     status=status, **extra), actor=ADMIN)


def test_an_action_cannot_be_its_own_parent(seeded):
    with pytest.raises(InvalidInput) as refused:
        _action(seeded, "S.1", parent="S.1")
    assert refused.value.where == "action S.1, parent"
    _action(seeded, "S.1")
    with pytest.raises(InvalidInput) as refused:
        store.update_action(session=seeded, ref="S.1", changes=ActionUpdate(parent="S.1"), actor=ADMIN)
    assert "own parent" in str(refused.value)


def test_an_action_cannot_be_under_its_own_descendant(seeded):
    _action(seeded, "S.1")
    _action(seeded, "S.2", parent="S.1")
    _action(seeded, "S.3", parent="S.2")
    with pytest.raises(InvalidInput) as refused:
        store.update_action(session=seeded, ref="S.1", changes=ActionUpdate(parent="S.3"), actor=ADMIN)
    assert refused.value.where == "action S.1, parent"
    assert "S.3 is one of its own sub-actions" in str(refused.value)
    _, s1 = read_record(seeded, Action, "S.1")
    assert s1["parent"] is None  # nothing written


def test_a_parent_summarises_its_children(seeded):
    _action(seeded, "S.1", expected_outcome="Fewer repeat callers")
    for ref, status in (("S.1.1", "done"), ("S.1.2", "done"), ("S.1.3", "open"), ("S.1.4", "in_progress"),
                        ("S.1.5", "done"), ("S.1.6", "cancelled")):
        _action(seeded, ref, parent="S.1", status=status)
    assert strand_views.summaries(seeded)["S.1"] == "3 of 5 done"
    assert [ref for ref, _ in strand_views.children(seeded)["S.1"]] == ["S.1.1", "S.1.2", "S.1.3", "S.1.4", "S.1.5",
                                                                        "S.1.6"]
    _, s1 = read_record(seeded, Action, "S.1")
    assert s1["expected_outcome"] == "Fewer repeat callers"


def test_deleting_a_parent_detaches_its_children_and_verifies(seeded):
    _action(seeded, "S.1")
    _action(seeded, "S.2", parent="S.1")
    store.delete_action(session=seeded, ref="S.1", actor=ADMIN)
    _, s2 = read_record(seeded, Action, "S.2")
    assert s2["parent"] is None
    verdict = verify(seeded)
    assert verdict.ok, verdict.problems
    undo_last(session=seeded, actor=ADMIN)  # S.1 comes back, and S.2 under it
    assert read_record(seeded, Action, "S.2")[1]["parent"] == "S.1"
    assert verify(seeded).ok, verify(seeded).problems


def test_a_milestone_done_on_a_day_to_come_is_refused(seeded):
    add_milestone(session=seeded, workstream="5.1.1", actor=ADMIN,
                  data=MilestoneInput(title="Go live", planned=dt.date(2025, 12, 1), percent=80))
    with pytest.raises(InvalidInput) as refused:
        edit_milestone(session=seeded, workstream="5.1.1", title="Go live", changes={"done": dt.date(2026, 1, 6)},
                       actor=ADMIN)
    assert refused.value.where == "workstream 5.1.1, milestone 'Go live', done"
    assert "still to come" in str(refused.value)
    with pytest.raises(InvalidInput):
        add_milestone(session=seeded, workstream="5.1.1", actor=ADMIN,
                      data=MilestoneInput(title="Later", done=dt.date(2026, 2, 1)))
    edit_milestone(session=seeded, workstream="5.1.1", title="Go live", changes={"done": TODAY}, actor=ADMIN)
    [row] = strand_views.milestones(seeded, "5.1.1")
    assert (row.done, row.percent, row.state(TODAY)) == (TODAY, 100, "done 2026-01-05")


def test_milestones_state_in_words(seeded):
    add_milestone(session=seeded, workstream="5.1.1", actor=ADMIN,
                  data=MilestoneInput(title="Pilot", planned=dt.date(2025, 6, 1), revised=dt.date(2025, 9, 1),
                                      percent=40))
    add_milestone(session=seeded, workstream="5.1.1", actor=ADMIN,
                  data=MilestoneInput(title="Roll-out", planned=dt.date(2026, 6, 1)))
    rows = strand_views.milestones(seeded, "5.1.1")
    assert [(r.title, r.state(TODAY)) for r in rows] == [("Pilot", "overdue, 40% complete"),
                                                         ("Roll-out", "0% complete")]
    with pytest.raises(InvalidInput) as refused:
        add_milestone(session=seeded, workstream="5.1.1", actor=ADMIN, data=MilestoneInput(title="Pilot"))
    assert "exists already" in str(refused.value)


def test_milestone_changes_verify_and_undo(seeded):
    add_milestone(session=seeded, workstream="5.1.1", actor=ADMIN,
                  data=MilestoneInput(title="Go live", planned=dt.date(2025, 12, 1)))
    edit_milestone(session=seeded, workstream="5.1.1", title="Go live", changes={"percent": 50}, actor=ADMIN)
    assert verify(seeded).ok, verify(seeded).problems
    undo_last(session=seeded, actor=ADMIN)
    [row] = strand_views.milestones(seeded, "5.1.1")
    assert row.percent == 0
    remove_milestone(session=seeded, workstream="5.1.1", title="Go live", actor=ADMIN)
    assert strand_views.milestones(seeded, "5.1.1") == []
    undo_last(session=seeded, actor=ADMIN)
    assert [r.title for r in strand_views.milestones(seeded, "5.1.1")] == ["Go live"]
    undo_last(session=seeded, actor=ADMIN)  # steps further back: the milestone's addition
    assert strand_views.milestones(seeded, "5.1.1") == []
    verdict = verify(seeded)
    assert verdict.ok, verdict.problems


def test_deleting_a_workstream_records_its_milestones(seeded):
    store.create_workstream(session=seeded, data=WorkstreamCreate(ref="5.9.9", portfolio="collab", name="Short-lived",
                                                                  section="5.1"), actor=ADMIN)
    add_milestone(session=seeded, workstream="5.9.9", actor=ADMIN, data=MilestoneInput(title="Go live", percent=10))
    store.delete_workstream(session=seeded, ref="5.9.9", actor=ADMIN)
    assert verify(seeded).ok, verify(seeded).problems
    undo_last(session=seeded, actor=ADMIN)
    assert [(r.title, r.percent) for r in strand_views.milestones(seeded, "5.9.9")] == [("Go live", 10)]
    assert verify(seeded).ok, verify(seeded).problems


def test_risks_actions_and_measures_link_to_priorities(seeded):
    store.update_risk(session=seeded, ref="9.3", changes=RiskUpdate(priorities=[2, 1]), actor=ADMIN)
    _action(seeded, "S.1", priorities=[3])
    plan.update_measure(session=seeded, ref="1.1", changes=MeasureUpdate(priorities=[1]), actor=ADMIN)
    assert read_record(seeded, Risk, "9.3")[1]["priorities"] == [1, 2]
    assert read_record(seeded, Action, "S.1")[1]["priorities"] == [3]
    assert read_record(seeded, Measure, "1.1")[1]["priorities"] == [1]
    links = {number: [(kind, ref) for kind, ref, _ in linked]
             for (number, _), linked in strand_views.plan_links(seeded).items()}
    assert ("risk", "9.3") in links[1] and ("measure", "1.1") in links[1]
    assert ("risk", "9.3") in links[2] and links[3] == [("action", "S.1")]
    with pytest.raises(Exception) as refused:
        store.update_risk(session=seeded, ref="9.3", changes=RiskUpdate(priorities=[99]), actor=ADMIN)
    assert "priority" in str(refused.value) and "99" in str(refused.value)
    assert verify(seeded).ok, verify(seeded).problems
    store.delete_risk(session=seeded, ref="9.3", actor=ADMIN)
    undo_last(session=seeded, actor=ADMIN)
    assert read_record(seeded, Risk, "9.3")[1]["priorities"] == [1, 2]
    verdict = verify(seeded)
    assert verdict.ok, verdict.problems
