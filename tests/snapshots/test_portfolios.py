"""The portfolio switcher: its picker, and screens in a portfolio chosen with it."""

from tests.snapshots.conftest import SMALL


def test_portfolio_picker(snap_compare, snap_app):
    assert snap_compare(snap_app(), press=["P"], terminal_size=SMALL)


def test_actions_after_switching_to_the_command(snap_compare, snap_app):
    async def to_opc(pilot) -> None:
        await pilot.press("2", "P")
        option_list = pilot.app.screen.query_one("OptionList")
        option_list.highlighted = [option_list.get_option_at_index(i).id
                                   for i in range(option_list.option_count)].index("opc")

    assert snap_compare(snap_app(), run_before=to_opc, press=["enter"], terminal_size=SMALL)


def test_plan_screen_in_the_collaboration_portfolio(snap_compare, snap_app):
    assert snap_compare(snap_app(), press=["6"], terminal_size=SMALL)
