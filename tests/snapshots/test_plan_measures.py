"""The plan (priorities, commitments, commentary by team) and the measures (with their chart),
and the commentary and value forms."""

from tests.snapshots.conftest import SIZES, SMALL, to_row


async def commitment_7_4(pilot) -> None:
    await pilot.press("6")
    await to_row("7", "#priorities", "number")(pilot)
    await to_row("7.4", "#commitments")(pilot)


async def measure(pilot, ref: str) -> None:
    await pilot.press("7")
    await to_row(ref)(pilot)


@SIZES
def test_plan(snap_compare, snap_app, size):
    assert snap_compare(snap_app(portfolio="plan"), run_before=commitment_7_4, terminal_size=size)


def test_plan_only_without_an_update(snap_compare, snap_app):
    assert snap_compare(snap_app(portfolio="plan"), run_before=commitment_7_4, press=["w"], terminal_size=SMALL)


def test_plan_every_quarters_commentary(snap_compare, snap_app):
    assert snap_compare(snap_app(portfolio="plan"), run_before=commitment_7_4, press=["o"], terminal_size=SMALL)


def test_commentary_form(snap_compare, snap_app):
    assert snap_compare(snap_app(portfolio="plan"), run_before=commitment_7_4, press=["a"], terminal_size=SMALL)


@SIZES
def test_measures(snap_compare, snap_app, size):
    async def rate_1_7(pilot) -> None:
        await measure(pilot, "1.7")

    assert snap_compare(snap_app(portfolio="perf"), run_before=rate_1_7, terminal_size=size)


def test_measures_without_the_chart(snap_compare, snap_app):
    assert snap_compare(snap_app(portfolio="perf"), press=["7", "c"], terminal_size=SMALL)


def test_value_form_refusing_what_is_not_a_number(snap_compare, snap_app):
    async def lots(pilot) -> None:
        await measure(pilot, "ECFRS.1")
        await pilot.press("v")
        await pilot.pause()
        pilot.app.screen.query_one("#field-value").value = "lots"

    assert snap_compare(snap_app(), run_before=lots, press=["ctrl+s"], terminal_size=SMALL)


@SIZES
def test_measure_with_a_breakdown_and_a_target_profile(snap_compare, snap_app, size):
    """A monthly measure by area (a test's made-up figures): its members by period beside the
    chart, whose line runs over every month with the target profile drawn as crosses."""
    from tests.test_measures_screen import stansted

    async def airport(pilot) -> None:
        await measure(pilot, "9.9")

    assert snap_compare(snap_app(portfolio="perf", prepare=stansted), run_before=airport, terminal_size=size)


def test_measures_on_opening(snap_compare, snap_app):
    """A measure is highlighted and charted before any key is pressed."""
    assert snap_compare(snap_app(portfolio="perf"), press=["7"], terminal_size=SMALL)
