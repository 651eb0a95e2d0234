"""The full risk register (issue 17): which register, inherent/current/target scores, a typed score
kept on rescoring, a target above the inherent score only with a reason, controls apart from
actions (effectiveness from the list), review cadence by score band, direction of travel; every
change in history, verify and undo still working."""

import datetime as dt

import pytest
from tracker.db import risk_controls, store, views
from tracker.db.errors import InvalidInput
from tracker.db.risk_rules import add_months, band, direction, next_review
from tracker.db.risk_schemas import RiskControlInput, RiskControlUpdate
from tracker.db.schemas import (
    DEFAULT_SCALE, RiskCreate, RiskUpdate, validated,
)
from tracker.db.undo import undo_last
from tracker.db.verify import verify

from tests.test_migration_0007 import old_url  # noqa: F401 -- the fixture

ADMIN = "seed-loader"


def _risk(session, ref="R.1", **fields):
    store.create_risk(session=session, data=RiskCreate(ref=ref, portfolio="opc", title="A risk", **fields), actor=ADMIN)
    return {r.ref: r for r in views.risks(session)}[ref]


def test_a_target_above_the_inherent_score_needs_a_reason(seeded):
    with pytest.raises(InvalidInput) as refused:
        _risk(seeded, inherent_score=20, target_score=30)
    assert refused.value.where == "risk R.1, target_score"
    assert "above the inherent score 20" in refused.value.reason
    row = _risk(seeded, inherent_score=20, target_score=30, target_reason="New duty raises the floor")
    assert (row.inherent_score, row.target_score, row.target_reason) == (20, 30, "New duty raises the floor")
    with pytest.raises(InvalidInput, match="above the inherent score 20"):
        store.update_risk(session=seeded, ref="R.1", changes=RiskUpdate(target_reason=""), actor=ADMIN)


def test_each_score_follows_from_its_likelihood_and_impact(seeded):
    row = _risk(seeded, inherent_likelihood=5, inherent_impact=8, likelihood=4, impact=6, target_likelihood=2,
                target_impact=5)
    assert (row.inherent_score, row.score, row.target_score) == (40, 24, 10)
    assert not row.score_typed
    with pytest.raises(InvalidInput) as refused:
        _risk(seeded, ref="R.2", target_likelihood=2, target_impact=5, target_score=12)
    assert refused.value.where == "risk R.2, target_score"
    with pytest.raises(InvalidInput) as refused:
        _risk(seeded, ref="R.3", inherent_likelihood=2)
    assert refused.value.where == "risk R.3, inherent_impact"


def test_rescoring_never_silently_replaces_a_typed_score(seeded):
    row = _risk(seeded, score=60)
    assert row.score_typed
    with pytest.raises(InvalidInput) as refused:
        store.update_risk(session=seeded, ref="R.1", changes=RiskUpdate(likelihood=6, impact=9), actor=ADMIN)
    assert refused.value.where == "risk R.1, score"
    assert "60 was typed" in refused.value.reason and "54" in refused.value.reason
    assert {r.ref: r.score for r in views.risks(seeded)}["R.1"] == 60
    store.update_risk(session=seeded, ref="R.1", changes=RiskUpdate(likelihood=6, impact=9, score=54), actor=ADMIN)
    row = {r.ref: r for r in views.risks(seeded)}["R.1"]
    assert (row.score, row.score_typed, row.direction) == (54, False, "down")


def test_controls_apart_from_actions_with_their_effectiveness(seeded):
    _risk(seeded)
    with pytest.raises(InvalidInput) as refused:
        validated(RiskControlInput, {"description": "Gold Group", "effectiveness": "mostly"}, where="risk R.1, control")
    assert refused.value.where == "risk R.1, control, effectiveness"
    assert refused.value.reason == "'mostly' is not an effectiveness: use effective, partly or not"
    first = risk_controls.add_control(session=seeded, risk="R.1", actor=ADMIN,
                                      data=RiskControlInput(description="Gold Group oversight", effectiveness="partly"))
    second = risk_controls.add_control(session=seeded, risk="R.1", actor=ADMIN,
                                       data=RiskControlInput(description="Equipment checks", effectiveness="effective"))
    assert (first, second) == (1, 2)
    risk_controls.edit_control(session=seeded, risk="R.1", number=1, actor=ADMIN,
                               changes=RiskControlUpdate(effectiveness="effective"))
    row = {r.ref: r for r in views.risks(seeded)}["R.1"]
    assert [(c.number, c.description, c.effectiveness) for c in row.controls] == [
        (1, "Gold Group oversight", "effective"), (2, "Equipment checks", "effective")]
    assert row.actions == 0  # a control is not a mitigating action
    assert verify(seeded).ok, verify(seeded).problems
    undo_last(session=seeded, actor=ADMIN)
    row = {r.ref: r for r in views.risks(seeded)}["R.1"]
    assert [c.effectiveness for c in row.controls] == ["partly", "effective"]
    risk_controls.remove_control(session=seeded, risk="R.1", number=2, actor=ADMIN)
    undo_last(session=seeded, actor=ADMIN)
    assert len({r.ref: r for r in views.risks(seeded)}["R.1"].controls) == 2
    assert verify(seeded).ok, verify(seeded).problems


def test_deleting_a_risk_records_its_controls_and_undo_brings_them_back(seeded):
    _risk(seeded, register_kind="command", causes="Too few trainers", consequences="Officers lapse")
    risk_controls.add_control(session=seeded, risk="R.1", actor=ADMIN,
                              data=RiskControlInput(description="Weekly booking review", effectiveness="not"))
    store.delete_risk(session=seeded, ref="R.1", actor=ADMIN)
    assert verify(seeded).ok, verify(seeded).problems
    undo_last(session=seeded, actor=ADMIN)
    row = {r.ref: r for r in views.risks(seeded)}["R.1"]
    assert (row.register_kind, row.causes, row.consequences) == ("command", "Too few trainers", "Officers lapse")
    assert [(c.number, c.effectiveness) for c in row.controls] == [(1, "not")]
    assert verify(seeded).ok, verify(seeded).problems


def test_an_unknown_register_is_refused_naming_the_field(seeded):
    with pytest.raises(InvalidInput) as refused:
        validated(RiskUpdate, {"register_kind": "national"}, where="risk R.1")
    assert refused.value.where == "risk R.1, register_kind"


def test_the_next_review_follows_from_the_score_band():
    # 6 x 10 scale: top score 60; low up to 12, medium up to 30, high above
    assert [band(s, DEFAULT_SCALE) for s in (12, 13, 30, 31, 60)] == ["low", "medium", "medium", "high", "high"]
    last = dt.date(2024, 1, 31)
    assert next_review(None, last, 60, DEFAULT_SCALE) == dt.date(2024, 2, 29)
    assert next_review(None, last, 20, DEFAULT_SCALE) == dt.date(2024, 4, 30)
    assert next_review(None, last, 5, DEFAULT_SCALE) == dt.date(2024, 7, 31)
    assert next_review(None, last, 60, DEFAULT_SCALE, {"high": 2, "medium": 3, "low": 6}) == dt.date(2024, 3, 31)
    assert next_review(dt.date(2024, 5, 1), last, 60, DEFAULT_SCALE) == dt.date(2024, 5, 1)  # stated wins
    assert next_review(None, None, 60, DEFAULT_SCALE) is None
    assert add_months(dt.date(2023, 11, 15), 3) == dt.date(2024, 2, 15)


def test_the_direction_of_travel_comes_from_the_score_history():
    assert direction([("2024-01-05T10:00:00Z", "30", "45")], None, None) == "up"
    assert direction([("2024-01-05T10:00:00Z", "45", "30")], None, "up") == "down"
    assert direction([("2024-01-05T10:00:00Z", "45", "30")], dt.date(2024, 2, 1), None) == "unchanged"
    assert direction([("2024-01-05T10:00:00Z", None, "30")], None, "down") == "down"  # stated, no rescoring
    assert direction([], None, None) is None


def test_migration_0012_reads_a_true_flag_as_the_force_register_and_verify_still_passes(old_url):  # noqa: F811
    from sqlmodel import Session
    from tracker.db.engine import open_database

    from tests.conftest import database_at, db_target, run_cli
    from tests.test_migration_0007 import OLD_DATABASE, _rows

    database_at(old_url, "0006", *OLD_DATABASE)  # risk 9.1 stored with on_register TRUE, and its history
    assert run_cli("upgrade", "--db", db_target(old_url), input="").returncode == 0
    assert _rows(old_url, "SELECT ref, register_kind, score, causes FROM risk") == [("9.1", "force", 60, "")]
    verified = run_cli("verify", "--db", db_target(old_url))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    engine = open_database(old_url)
    with Session(engine) as session:
        store.update_risk(session=session, ref="9.1", changes=RiskUpdate(register_kind="command"), actor="ann")
        undo_last(session=session, actor="ann")
        assert verify(session).ok
    engine.dispose()
    assert _rows(old_url, "SELECT register_kind FROM risk") == [("force",)]


def test_undoing_a_risks_creation_records_the_controls_it_takes_with_it(seeded):
    _risk(seeded, ref="R.U")
    risk_controls.add_control(session=seeded, risk="R.U", actor="someone-else",
                              data=RiskControlInput(description="Weekly check", effectiveness="effective"))
    undo_last(session=seeded, actor=ADMIN)  # ADMIN's last change: the creation
    assert "R.U" not in {r.ref for r in views.risks(seeded)}
    assert verify(seeded).ok, verify(seeded).problems
