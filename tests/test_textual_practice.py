"""Textual practice: loads in workers, stylesheets scoped to their screen, colours from the theme,
a keymap, and rating keys that work with the cursor in the text box."""

import importlib
import inspect
import pkgutil
import threading
import zipfile
from pathlib import Path

import pytest
import tracker.reports
import tracker.screens
from rich.style import Style
from textual.binding import Binding
from textual.color import Color
from textual.widgets import TextArea
from textual.worker import WorkerState
from tracker.db import changes, plan, progress, views
from tracker.db.enums import Rag
from tracker.screens.base import TrackerScreen
from tracker.screens.render import RAG_SYMBOL
from tracker.screens.table import RecordTable

from tracker.app import TrackerApp, make_app

from tests.conftest import settle
from tracker.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
LEAD = "Det Supt Natalia Ross"


def table(app) -> RecordTable:
    return app.screen.query_one(RecordTable)


# -- workers ------------------------------------------------------------------------------------

READS = {
    "actions": (views, "actions"),
    "risks": (views, "risks"),
    "history": (changes, "history"),
    "updates": (progress, "my_updates"),
    "plan": (plan, "commitments"),
    "measures": (plan, "measures"),
}


@pytest.mark.parametrize("mode", list(READS))
async def test_each_screen_reads_in_a_worker_and_posts_what_it_loaded(engine, seeded, mode, monkeypatch):
    module, name = READS[mode]
    threads: list[str] = []
    original = getattr(module, name)

    def recorded(*args, **kwargs):
        if not (mode == "measures" and kwargs.get("limit")):  # its first page is read at once, as the dashboard's
            threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, recorded)
    posted: list = []
    handler = TrackerScreen.on_tracker_screen_data_loaded

    def handled(screen, message):
        posted.append(message)
        handler(screen, message)

    monkeypatch.setattr(TrackerScreen, "on_tracker_screen_data_loaded", handled)
    app = make_app(engine=engine, user=LEAD)  # who owes updates, for My updates
    app.portfolio = None  # every portfolio's records, so each screen has some
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(posted)
        app.switch_mode(mode)
        await settle(pilot)
        loaded = [m for m in posted[before:] if isinstance(m, TrackerScreen.DataLoaded)]
        assert loaded and loaded[-1].data is not None
        assert threads and threading.main_thread().name not in threads
        if mode != "updates":  # the seeds leave nothing owed this period
            assert table(app).row_count > 0  # what the worker read is on screen


async def test_the_workstream_screen_and_the_check_panel_read_in_workers(engine, seeded, monkeypatch):
    threads: dict[str, str] = {}
    for name in ("timeline", "readiness"):
        original = getattr(progress, name)

        def recorded(*args, _name=name, _original=original, **kwargs):
            threads[_name] = threading.current_thread().name
            return _original(*args, **kwargs)

        monkeypatch.setattr(progress, name, recorded)
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_workstream("5.4.3")
        await settle(pilot)
        assert "Right Care, Right Person" in str(app.screen.query_one("#rationale").render())
        await pilot.press("escape", "c")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "CheckModal"
        assert "to fix" in str(app.screen.query_one("#title").render())
    assert set(threads) == {"timeline", "readiness"}
    assert threading.main_thread().name not in threads.values()


def written_reports(monkeypatch) -> list:
    """The ReportWritten messages the app handles, as they arrive."""
    posted: list = []
    handler = TrackerApp.on_tracker_app_report_written

    def handled(app, message):
        posted.append(message)
        handler(app, message)

    monkeypatch.setattr(TrackerApp, "on_tracker_app_report_written", handled)
    return posted


async def test_the_report_is_written_in_a_worker_that_says_so(engine, seeded, tmp_path, monkeypatch):
    built_on: list[str] = []
    original = tracker.reports.build_report

    def recorded(*args, **kwargs):
        built_on.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(tracker.reports, "build_report", recorded)
    target = tmp_path / "board.docx"
    posted = written_reports(monkeypatch)
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
    [written] = [m for m in posted if isinstance(m, TrackerApp.ReportWritten)]
    assert written.problem is None and written.path == target.resolve()
    assert zipfile.is_zipfile(target)  # a Word file
    assert built_on and built_on[0] != threading.main_thread().name


async def test_a_report_that_cannot_be_written_is_reported_not_raised(engine, seeded, tmp_path, monkeypatch):
    posted = written_reports(monkeypatch)
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#path").value = str(tmp_path / "no" / "such" / "folder" / "r.md")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running
    [written] = [m for m in posted if isinstance(m, TrackerApp.ReportWritten)]
    assert written.problem


# -- stylesheets scoped to their screen ---------------------------------------------------------


async def report_dialog_size(engine, *, check_first: bool) -> tuple[int, int]:
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if check_first:  # the report dialog's stylesheet is loaded first, then the check panel's
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("c")
            await settle(pilot)
            assert app.screen.__class__.__name__ == "CheckModal"
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ReportModal"
        size = app.screen.query_one("#dialog").outer_size
        return size.width, size.height


async def test_the_report_dialog_keeps_its_size_after_the_check_panel(engine, seeded):
    alone = await report_dialog_size(engine, check_first=False)
    after_check = await report_dialog_size(engine, check_first=True)
    assert after_check == alone
    assert alone[0] == 60  # report.tcss's width, not check.tcss's 90%


def test_every_stylesheet_rule_sits_under_its_screen():
    for path in sorted((ROOT / "screens").glob("*.tcss")):
        text = path.read_text(encoding="utf-8")
        selectors = [line.split("{")[0].strip() for line in text.splitlines() if line.rstrip().endswith("{")]
        assert selectors, path
        owner = selectors[0].split()[0]
        assert owner.endswith(("Screen", "Modal")), path
        assert all(s.split()[0] == owner for s in selectors), (path, selectors)


# -- colours from the theme ---------------------------------------------------------------------


def cell_style(app, ref: str, word: str):
    """The colour of `word` in `ref`'s row of the list, as painted."""
    rows = table(app)
    assert rows.move_to(lambda r: getattr(r, "ref", None) == ref)
    row = rows.cursor
    rows.action_move(1)  # paint the row without the cursor over it
    assert rows.cursor != row
    strip = rows.render_line(1 + row - int(rows.scroll_y))
    segments = [s for s in strip if word in s.text]
    assert segments, strip.text
    return segments[0].style  # the RAG column (Previous may say the same)


async def test_switching_theme_recolours_rag_with_the_symbol_kept(engine, seeded):
    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "textual-dark"
        await settle(pilot)
        dark = cell_style(app, "5.1.1", "● Green")
        assert dark.color == Color.parse(app.theme_variables["success"]).rich_color
        app.theme = "catppuccin-latte"  # a light theme
        await settle(pilot)
        light = cell_style(app, "5.1.1", "● Green")
        assert light.color == Color.parse(app.theme_variables["success"]).rich_color
        assert light.color != dark.color
        amber = cell_style(app, "5.4.3", "▲ Amber")
        assert amber.color == Color.parse(app.theme_variables["warning"]).rich_color


async def test_the_heat_map_and_timeline_follow_the_theme(engine, seeded):
    from tracker.screens.risks import HeatMap

    app = make_app(engine=engine, user="tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_workstream("5.4.3")
        await settle(pilot)

        def timeline_colour() -> object:
            text = app.screen.query_one("#timeline").content
            [span] = [s for s in text.spans if text.plain[s.start:s.end] == "▲A"]
            return span.style.color

        dark = timeline_colour()
        app.theme = "catppuccin-latte"  # a light theme
        await settle(pilot)
        assert timeline_colour() != dark
        assert timeline_colour() == Color.parse(app.theme_variables["warning"]).rich_color
        await pilot.press("escape", "3")
        await settle(pilot)
        heat = app.screen.query_one(HeatMap).render()  # the Rich Text it paints
        backgrounds = {span.style.bgcolor for span in heat.spans if isinstance(span.style, Style)}
        assert Color.parse(app.theme_variables["error"]).rich_color in backgrounds
        assert Color.parse(app.theme_variables["success"]).rich_color in backgrounds


# -- key ids and the keymap ---------------------------------------------------------------------


def every_binding() -> list[tuple[type, Binding]]:
    modules = [importlib.import_module("tracker.app")] + [
        importlib.import_module(f"tracker.screens.{m.name}") for m in pkgutil.iter_modules(tracker.screens.__path__)
    ]
    found = []
    for module in modules:
        for cls in vars(module).values():
            if inspect.isclass(cls) and cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
                found += [(cls, binding) for binding in cls.BINDINGS]
    return found


def test_every_binding_has_an_id_and_the_readme_lists_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    bindings = every_binding()
    assert {cls.__name__ for cls, _ in bindings} >= {"RecordTable", "HeatMap", "RatingModal", "TrackerApp"}
    for cls, binding in bindings:
        assert isinstance(binding, Binding) and binding.id, (cls, binding)
        assert f"`{binding.id}`" in readme, binding.id


def test_the_keymap_setting_is_read_and_checked(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\n"dashboard.check" = "k"\n"list.down" = "down,j,n"\n')
    assert load_settings(path).keymap == {"dashboard.check": "k", "list.down": "down,j,n"}
    path.write_text('[keymap]\n"dashboard.check" = "ctrl k"\n')
    with pytest.raises(Exception, match=r"keymap\.dashboard\.check"):
        load_settings(path)


async def test_a_remapped_key_works_and_the_old_one_does_not(engine, seeded):
    settings = Settings(keymap={"dashboard.check": "w", "list.down": "n"})
    app = make_app(engine=engine, user="tester", settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "DashboardScreen"
        first = table(app).cursor
        await pilot.press("n")
        assert table(app).cursor == first + 1
        await pilot.press("w")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "CheckModal"


# -- the rating form's keys ---------------------------------------------------------------------


@pytest.fixture
def year2024(seeded):
    import datetime as dt

    from tracker.db import store
    from tracker.db.schemas import PeriodCreate

    store.create_period(session=seeded, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                          end=dt.date(2024, 12, 31)), actor="seed")
    return seeded


@pytest.mark.parametrize(("key", "rag"), [("f3", Rag.AMBER), ("ctrl+o", Rag.AMBER), ("f2", Rag.GREEN),
                                          ("f4", Rag.RED), ("ctrl+r", Rag.RED), ("ctrl+g", Rag.GREEN)])
async def test_rag_keys_work_with_the_cursor_in_the_rationale(engine, year2024, key, rag):
    app = make_app(engine=engine, user=LEAD)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert table(app).move_to(lambda r: getattr(r, "ref", None) == "5.4.3")
        await pilot.press("g")
        await pilot.pause()
        box = app.screen.query_one("#field-rationale", TextArea)
        box.focus()
        await pilot.press(*"why", key)
        await pilot.pause()
        assert app.focused is box
        assert str(app.screen.query_one("#chosen").render()) == f"Chosen: {RAG_SYMBOL[rag]} {rag.label}"
        assert box.text == "why"  # the key did not reach the text box
        keys = str(app.screen.query_one("#rag-keys").render())
        assert "f2/^g Green · f3/^o Amber · f4/^r Red" in keys
