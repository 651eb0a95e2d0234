"""The TUI by portfolio: the switcher (key P and the palette), the header, the remembered choice,
"All portfolios" for admins only, child records marked, and every screen scoped."""

import pytest
from tests.conftest import settle
from tracker.app import make_app
from tracker.db import changes, store, views
from tracker.screens.portfolios import ALL, PortfolioPicker
from tracker.screens.table import RecordTable
from tracker.state import remember_portfolio, remembered_portfolio
from textual.widgets import OptionList, Static


def views_commitments(session):
    from tracker.db import plan

    return plan.commitments(session, None, portfolio="plan")


def header(app) -> str:
    """The header line as painted."""
    return "".join(segment.text for segment in app.screen._compositor.render_strips()[0])


def option_ids(app) -> list[str]:
    option_list = app.screen.query_one(OptionList)
    return [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]


async def pick(pilot, code: str) -> None:
    """In the open picker, highlight `code` and choose it with Enter."""
    option_list = pilot.app.screen.query_one(OptionList)
    option_list.highlighted = option_ids(pilot.app).index(code)
    await pilot.press("enter")


async def test_p_opens_the_picker_and_choosing_reloads_the_screen_on_show(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("3")  # the risks screen, read once in collab
        assert app.screen.query_one("#register", RecordTable).records == []
        await pilot.press("2")
        assert app.portfolio == "collab" and app.screen.query_one("#actions", RecordTable).records == []
        await pilot.press("P")
        assert isinstance(app.screen, PortfolioPicker)
        ids = option_ids(app)
        assert ids[0] == ALL and ids.index("opc") < ids.index("opc.roads")  # the tree, parents first
        await pick(pilot, "opc")
        assert app.portfolio == "opc"
        shown = [a.ref for a in app.screen.query_one("#actions", RecordTable).records]
        assert sorted(shown) == sorted(a.ref for a in views.actions(seeded, portfolio="opc")) and len(shown) == 19
        await pilot.press("3")  # shown before the switch: it reads again when shown
        assert len(app.screen.query_one("#register", RecordTable).records) == 12


async def test_the_picker_indents_children_and_escape_keeps_the_portfolio(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("P")
        option_list = app.screen.query_one(OptionList)
        prompts = {option_list.get_option_at_index(i).id: str(option_list.get_option_at_index(i).prompt)
                   for i in range(option_list.option_count)}
        assert prompts["opc"].startswith("opc Operational") and prompts["opc.roads"].startswith("  opc.roads Roads")
        await pilot.press("escape")
        assert app.portfolio == "collab" and not isinstance(app.screen, PortfolioPicker)


async def test_closed_portfolios_are_hidden_until_asked_for(tui, seeded):
    from tracker.db.schemas import PortfolioUpdate

    store.update_portfolio(session=seeded, code="opc.dogs", changes=PortfolioUpdate(status="closed"), actor="tester")
    async with tui() as pilot:
        await pilot.press("P")
        assert "opc.dogs" not in option_ids(pilot.app)
        await pilot.press("c")
        assert "opc.dogs" in option_ids(pilot.app)


async def test_the_palette_switches_portfolio(tui, seeded):
    async with tui() as pilot:
        app = pilot.app
        await pilot.press("2")
        await pilot.press("ctrl+p")
        await pilot.press(*"Portfolio: opc.roads")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.portfolio == "opc.roads"
        refs = {a.ref for a in app.screen.query_one("#actions", RecordTable).records}
        assert refs and refs == {a.ref for a in views.actions(seeded, portfolio="opc.roads")}
        await pilot.press("ctrl+p")
        await pilot.press(*"Switch portfolio")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PortfolioPicker)


async def test_the_header_names_the_portfolio_and_the_period_at_80_columns(tui, seeded):
    async with tui(size=(80, 24)) as pilot:
        app = pilot.app
        assert "Collaboration · 2023" in header(app)
        await pilot.press("P")
        await pick(pilot, "plan")
        await pilot.press("6")
        line = header(app)
        assert "Police and Crime Plan" in line and "Q2 2023/24" in line and len(line) == 80
        await pilot.press("2")
        assert "Police and Crime Plan" in header(app)


async def test_the_choice_is_remembered_across_two_runs_on_one_database(engine, seeded):
    first = make_app(engine=engine, user="tester")
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert first.portfolio == "collab"
        first.choose_portfolio("opc.roads")
        await settle(pilot)
    other = make_app(engine=engine, user="someone-else")
    assert other.portfolio == "collab"  # remembered per user
    second = make_app(engine=engine, user="tester")
    assert second.portfolio == "opc.roads" and second.portfolio_name == "Roads Policing"
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Roads Policing" in header(second)


def test_the_first_frame_uses_the_remembered_portfolio_and_passes_over_one_that_is_gone(backend, db_path, seeded):
    from tracker.db.engine import database_url

    if backend != "sqlite":
        pytest.skip("the first frame is read with sqlite3, from a SQLite file only")
    from tracker.db.firstpage import read_first_page

    url = database_url(db_path)
    remember_portfolio(url, "tester", "opc")
    assert remembered_portfolio(url, "tester") == "opc"
    first = read_first_page(url, user="tester", read_only=False, limit=50, portfolio=remembered_portfolio(url, "tester"))
    assert first.portfolio == "opc" and first.portfolio_name == "Operational Policing Command"
    gone = read_first_page(url, user="tester", read_only=False, limit=50, portfolio="no.such")
    assert gone.portfolio == "collab" and gone.board.rows


async def test_a_remembered_portfolio_that_is_gone_opens_on_the_opening_rule(engine, seeded):
    remember_portfolio(engine.url.render_as_string(hide_password=True), "tester", "no.such")
    assert make_app(engine=engine, user="tester").portfolio == "collab"


def test_a_damaged_state_file_is_the_same_as_nothing_remembered(tmp_path):
    from tracker.state import state_path

    state_path().parent.mkdir(parents=True, exist_ok=True)
    state_path().write_text("{not json", encoding="utf-8")
    assert remembered_portfolio("sqlite:////x.db", "tester") is None
    assert remember_portfolio("sqlite:////x.db", "tester", "opc")
    assert remembered_portfolio("sqlite:////x.db", "tester") == "opc"


async def test_all_portfolios_is_offered_to_admins_only(tui, seeded):
    async with tui() as pilot:  # no users yet: everyone is an admin
        await pilot.press("P")
        assert option_ids(pilot.app)[0] == ALL
        await pick(pilot, ALL)
        assert pilot.app.portfolio is None and "All portfolios" in header(pilot.app)
    store.add_user(session=seeded, name="lee", role="lead", actor="tester")
    async with tui(user="lee") as pilot:
        await pilot.press("P")
        assert ALL not in option_ids(pilot.app) and "opc" in option_ids(pilot.app)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"Portfolio: All")
        await pilot.pause(0.3)
        from textual.command import CommandList

        shown = str(pilot.app.screen.query_one(CommandList).get_option_at_index(0).prompt)
        assert "All portfolios" not in shown


async def test_records_from_a_child_portfolio_are_marked_with_its_code(tui, seeded):
    async with tui(portfolio="opc", size=(80, 24)) as pilot:
        app = pilot.app
        await pilot.press("3")
        table = app.screen.query_one("#register", RecordTable)
        assert table.move_to(lambda r: r.ref == "9.2")  # a roads risk
        line = table.render_line(table.cursor + 1 - int(table.scroll_y)).text
        assert "roads › " in line and "Head of OPC  60" in line  # owner and score still in view
        await pilot.press("/", *"dogs")
        assert {r.ref for r in table.records} >= {"9.7"}
    async with tui(portfolio="opc.roads") as pilot:
        await pilot.press("3")
        table = pilot.app.screen.query_one("#register", RecordTable)
        line = table.render_line(1).text
        assert "›" not in line  # in its own portfolio's view a record is not marked


async def test_history_shows_the_portfolio_s_changes_only(tui, seeded):
    async with tui() as pilot:
        await pilot.press("4")
        entities = {c.entity for c in pilot.app.screen.changes}
        assert "workstream" in entities and not entities & {"risk", "action", "commitment"}
        pilot.app.choose_portfolio("opc")
        await settle(pilot)
        entities = {c.entity for c in pilot.app.screen.changes}
        # the latest changes: the command's risks and actions, or its functions' measures seeded after them
        assert entities & {"risk", "action", "measure"} and not entities & {"workstream", "commitment"}


def test_history_keeps_a_deleted_record_s_events_in_its_portfolio(seeded):
    store.delete_action(session=seeded, ref="9.2/1", actor="tester")
    in_opc = {c.ref for c in changes.history(seeded, portfolio="opc", limit=5000)}
    in_collab = {c.ref for c in changes.history(seeded, portfolio="collab", limit=5000)}
    assert "9.2/1" in in_opc and "9.2/1" not in in_collab


async def test_the_plan_screen_in_collab_says_where_the_plan_is(tui, seeded):
    async with tui() as pilot:
        await pilot.press("6")
        status = str(pilot.app.screen.query_one("#status", Static).render())
        assert status == "No plan commitments in Collaboration; they are in plan (P switches portfolio)."
        assert pilot.app.screen.query_one("#commitments", RecordTable).records == []
        pilot.app.choose_portfolio("plan")
        await settle(pilot)
        assert len(pilot.app.screen.rows) == len(views_commitments(seeded)) > 10


@pytest.mark.parametrize("portfolio, owed", [("collab", True), ("opc", False)])
async def test_my_updates_are_those_of_the_portfolio_in_view(tui, seeded, portfolio, owed):
    from tracker.db.schemas import PeriodCreate

    store.create_period(session=seeded, data=PeriodCreate(label="2024", start="2024-01-01", end="2024-12-31"),
                        actor="tester")
    lead = views.dashboard(seeded, "2024", portfolio="collab").rows[0]
    store.add_user(session=seeded, name="lee", role="lead", actor="tester")
    from tracker.db.schemas import WorkstreamUpdate

    store.update_workstream(session=seeded, ref=lead.ref, changes=WorkstreamUpdate(lead="lee"), actor="tester")
    async with tui(user="lee", portfolio=portfolio) as pilot:
        await pilot.press("5")
        items = pilot.app.screen.items
        assert any(i.kind == "rating" and i.ref == lead.ref for i in items) is owed


async def test_the_check_and_the_report_request_follow_the_portfolio(tui, seeded):
    import datetime as dt

    from tracker.db.schemas import ActionCreate
    from tracker.screens.check import CheckModal
    from tracker.screens.report import ReportModal

    store.create_action(session=seeded, data=ActionCreate(ref="13.7", portfolio="opc.cbrn", title="Replace the kit",
                                                          owner="OSG", due_date=dt.date(2020, 3, 31)), actor="tester")
    from tracker.db.schemas import PeriodCreate

    store.create_period(session=seeded, data=PeriodCreate(label="H1 2024/25", start="2024-04-01", end="2024-09-30"),
                        actor="tester")  # a half year: the command's cycle
    async with tui(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.press("c")
        assert isinstance(app.screen, CheckModal)
        title = str(app.screen.query_one("#title").render())
        assert title.startswith("Before Collaboration 2023") and "13.7" not in frame_text(app)
        await pilot.press("escape")
        app.choose_portfolio("opc")
        await settle(pilot)
        assert app.screen.period_label == "H1 2024/25"
        await pilot.press("c")
        assert "13.7" in frame_text(app) and "Before Operational Policing Command H1" in frame_text(app)
        await pilot.press("escape")
        await pilot.press("r")
        assert isinstance(app.screen, ReportModal)
        requests = []
        app.screen.dismiss = requests.append
        await pilot.press("ctrl+s")
        assert requests and requests[0].portfolio == "opc" and requests[0].period == "H1 2024/25"


def frame_text(app) -> str:
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())
