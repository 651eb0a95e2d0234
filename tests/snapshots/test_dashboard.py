"""The dashboard and everything opened from it: the workstream screen, the period picker, the
rating, workstream and delete dialogs, the report dialog, the readiness check, the help panel."""

import datetime as dt

from tracker.db import store
from tracker.db.schemas import PeriodCreate

from tests.snapshots.conftest import SIZES, SMALL, to_row


def open_2024(session) -> None:
    store.create_period(session=session, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                           end=dt.date(2024, 12, 31)), actor="seed")


@SIZES
def test_dashboard(snap_compare, snap_app, size):
    assert snap_compare(snap_app(), terminal_size=size)


def test_dashboard_on_a_closed_period(snap_compare, snap_app):
    assert snap_compare(snap_app(), press=["left_square_bracket"], terminal_size=SMALL)


def test_dashboard_filtered_as_you_type(snap_compare, snap_app):
    assert snap_compare(snap_app(), press=["slash", *"amber"], terminal_size=SMALL)


def test_dashboard_read_only(snap_compare, snap_app):
    assert snap_compare(snap_app(read_only=True), terminal_size=SMALL)


def test_period_picker(snap_compare, snap_app):
    assert snap_compare(snap_app(), press=["p"], terminal_size=SMALL)


@SIZES
def test_workstream_screen(snap_compare, snap_app, size):
    assert snap_compare(snap_app(), run_before=to_row("5.4.3"), press=["enter"], terminal_size=size)


def test_rating_dialog(snap_compare, snap_app):
    assert snap_compare(snap_app(), run_before=to_row("5.4.3"), press=["g", "ctrl+r"], terminal_size=SMALL)


def test_rating_dialog_refusing_a_change_without_a_rationale(snap_compare, snap_app):
    # In a new 2024, green differs from 2023's amber, and there is no rationale yet.
    assert snap_compare(snap_app(prepare=open_2024), run_before=to_row("5.4.3"), press=["g", "ctrl+g", "ctrl+s"],
                        terminal_size=SMALL)


def test_new_workstream_form(snap_compare, snap_app):
    assert snap_compare(snap_app(), press=["n"], terminal_size=SMALL)


def test_edit_workstream_form(snap_compare, snap_app):
    assert snap_compare(snap_app(), run_before=to_row("5.4.2"), press=["e"], terminal_size=SMALL)


def test_delete_asks_first(snap_compare, snap_app):
    assert snap_compare(snap_app(), run_before=to_row("5.4.2"), press=["d"], terminal_size=SMALL)


def test_report_dialog(snap_compare, snap_app):
    app = snap_app()
    app.settings.report_dir = "~/board-papers"  # the folder offered: the config's, not this machine's
    assert snap_compare(app, press=["r"], terminal_size=SMALL)


@SIZES
def test_readiness_check(snap_compare, snap_app, size):
    assert snap_compare(snap_app(), press=["c"], terminal_size=size)


def test_help_panel(snap_compare, snap_app):
    assert snap_compare(snap_app(), press=["question_mark"], terminal_size=SMALL)


def test_help_panel_scrolled_by_keyboard(snap_compare, snap_app):
    assert snap_compare(snap_app(), press=["question_mark", "pagedown"], terminal_size=SMALL)
