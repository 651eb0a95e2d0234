"""Actions and risks: their lists, their forms, the overdue filter and the risk heat map."""

import datetime as dt

from tracker.db import store
from tracker.db.schemas import ActionCreate, RiskUpdate

from tests.snapshots.conftest import SIZES, SMALL, to_row


@SIZES
def test_actions(snap_compare, snap_app, size):
    assert snap_compare(snap_app(portfolio="opc"), press=["2"], terminal_size=size)


def late_action(session) -> None:
    """The paper dates none of the command's actions, so none is overdue in the seeds: add one."""
    store.create_action(session=session, data=ActionCreate(ref="13.7", portfolio="opc.cbrn", title="Replace the kit",
                                                           owner="OSG", due_date=dt.date(2025, 3, 31)), actor="seed")


def test_actions_overdue_only(snap_compare, snap_app):
    assert snap_compare(snap_app(prepare=late_action, portfolio="opc"), press=["2", "o"], terminal_size=SMALL)


def test_new_action_form(snap_compare, snap_app):
    assert snap_compare(snap_app(portfolio="opc"), press=["2", "n"], terminal_size=SMALL)


def test_action_form_refusing_a_missing_risk(snap_compare, snap_app):
    async def fill(pilot) -> None:
        await pilot.press("2", "n", *"A1")
        pilot.app.screen.query_one("#field-title").value = "Check the kit"
        pilot.app.screen.query_one("#field-risk").value = "no-such-risk"

    assert snap_compare(snap_app(portfolio="opc"), run_before=fill, press=["ctrl+s"], terminal_size=SMALL)


@SIZES
def test_risks(snap_compare, snap_app, size):
    assert snap_compare(snap_app(portfolio="opc"), press=["3"], terminal_size=size)


def rescored(session) -> None:
    store.update_risk(session=session, ref="9.2", changes=RiskUpdate(likelihood=5, impact=9, score=45, target_score=20),
                      actor="ann")


def test_risk_heat_map_cell_chosen(snap_compare, snap_app):
    press = ["3", "h", "up", "up", "up", "up", *["right"] * 8, "enter"]  # likelihood 5 x impact 9
    assert snap_compare(snap_app(prepare=rescored, portfolio="opc"), press=press, terminal_size=SMALL)


def test_risk_form(snap_compare, snap_app):
    async def to_risks(pilot) -> None:
        await pilot.press("3")
        await to_row("9.2")(pilot)

    assert snap_compare(snap_app(portfolio="opc"), run_before=to_risks, press=["e"], terminal_size=SMALL)
