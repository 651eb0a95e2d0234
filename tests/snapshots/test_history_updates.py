"""History (with a filter) and My updates (with work to do, and with none)."""

import datetime as dt

from tracker.db import store
from tracker.db.schemas import ActionCreate, PeriodCreate, WorkstreamUpdate

from tests.conftest import debounced
from tests.snapshots.conftest import SIZES, SMALL

LEAD = "Det Supt Natalia Ross"


def a_change_by_ann(session) -> None:
    store.update_workstream(session=session, ref="5.1.1", changes=WorkstreamUpdate(lead="New Lead"), actor="ann")


def work_for_the_lead(session) -> None:
    store.create_period(session=session, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                           end=dt.date(2024, 12, 31)), actor="seed")
    store.create_action(session=session, data=ActionCreate(ref="MH1", portfolio="collab", title="RCRP training", owner=LEAD,
                                                           due_date=dt.date(2024, 3, 1)), actor="seed")


@SIZES
def test_history(snap_compare, snap_app, size):
    assert snap_compare(snap_app(prepare=a_change_by_ann), press=["4"], terminal_size=size)


def test_history_filtered_by_person(snap_compare, snap_app):
    async def filter_by_ann(pilot) -> None:
        await pilot.press("4", "slash", *"by:ann")
        await debounced(pilot, pilot.app.screen._debounce)

    assert snap_compare(snap_app(prepare=a_change_by_ann), run_before=filter_by_ann, terminal_size=SMALL)


@SIZES
def test_my_updates_with_work_to_do(snap_compare, snap_app, size):
    assert snap_compare(snap_app(user=LEAD, prepare=work_for_the_lead), press=["5"], terminal_size=size)


def test_my_updates_with_nothing_to_do(snap_compare, snap_app):
    assert snap_compare(snap_app(user="Nobody In Particular"), press=["5"], terminal_size=SMALL)
