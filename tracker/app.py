"""The app factory, shared by the CLI, the pilot tests and the snapshot tests.

SQLAlchemy, SQLModel and the screens other than the dashboard are imported when first needed:
on SQLite the first frame is painted from a page read with sqlite3 (db/firstpage.py), and the
engine is opened in a thread once it is on screen.
"""

import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.message import Message
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.screen import Screen

import tracker.screens
from tracker.config import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from tracker.db.firstpage import FirstPage

MAIN_SCREENS = {
    "dashboard": ("1", "Dashboard"),
    "actions": ("2", "Actions"),
    "risks": ("3", "Risks"),
    "history": ("4", "History"),
    "updates": ("5", "My updates"),
    "plan": ("6", "Plan"),
    "measures": ("7", "Measures"),
    "paper": ("8", "Paper"),
}


class WorkstreamCommands(Provider):
    """ "Go to workstream": fuzzy search over refs and names."""

    async def search(self, query: str) -> Hits:
        from tracker.db.records import session_on, workstream_names
        from tracker.db.text import terminal_line
        from tracker.screens.render import highlight as _highlight

        matcher = self.matcher(query)
        with session_on(self.app.engine) as session:
            rows = workstream_names(session)
        for ref, name in rows:
            title = terminal_line(f"Go to workstream {ref} {name}")
            score, offsets = matcher.fuzzy_search.match(matcher.query, title)
            if score > 0:
                yield Hit(score, _highlight(title, offsets, matcher.match_style), partial(self.app.open_workstream, ref),
                          text=title, help="Open its RAG timeline, actions, risks and history")


def _highlight(title: str, offsets, style):
    """`title` as plain content with the matched letters styled: a name is never parsed as
    markup (Textual's own highlight parses it, so `[@click=...]` would become an action)."""
    from textual.content import Content

    content = Content(title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


SCREENS = {
    "dashboard": ("tracker.screens.dashboard", "DashboardScreen"),
    "actions": ("tracker.screens.actions", "ActionsScreen"),
    "risks": ("tracker.screens.risks", "RisksScreen"),
    "history": ("tracker.screens.history", "HistoryScreen"),
    "updates": ("tracker.screens.updates", "UpdatesScreen"),
    "plan": ("tracker.screens.plan", "PlanScreen"),
    "measures": ("tracker.screens.measures", "MeasuresScreen"),
    "paper": ("tracker.screens.paper", "PaperScreen"),
}
"""Each main screen's module and class, imported when the screen is first shown."""


def _screen(mode: str) -> Callable[[], Screen]:
    def make() -> Screen:
        import importlib

        module, name = SCREENS[mode]
        return getattr(importlib.import_module(module), name)()

    return make


def Session(engine: "Engine", **options: Any):  # noqa: N802  (SQLModel's Session, imported when first used)
    from sqlmodel import Session as SQLModelSession

    return SQLModelSession(engine, **options)


def _portfolio_commands():
    from tracker.screens.portfolios import PortfolioCommands

    return PortfolioCommands


class TrackerApp(App[None]):
    """tracker's TUI. Screens read and write through the store only."""

    TITLE = "tracker"
    CSS_PATH = str(Path(tracker.screens.__file__).with_name("dashboard.tcss"))
    """The dashboard's stylesheet is the app's (its rules all sit under DashboardScreen): read with
    the app's, so showing the dashboard does not parse and apply every stylesheet once more (a
    screen's own CSS_PATH makes Textual re-read them all before the first frame)."""
    DEFAULT_MODE = "dashboard"
    """Textual composes the dashboard as the first screen: no default screen is made and then
    switched away from, which parsed the whole stylesheet once more before the first frame."""
    COMMANDS = App.COMMANDS | {WorkstreamCommands, lambda: _portfolio_commands()}
    BINDINGS = [
        *(Binding(key, f"switch_mode('{mode}')", title, id=f"app.{mode}", tooltip=f"Show {title}", show=False)
          for mode, (key, title) in MAIN_SCREENS.items()),
        Binding("P", "portfolio", "Portfolio", id="app.portfolio", show=False,
                tooltip="Choose the portfolio every screen shows (also in the palette: Switch portfolio…)"),
        Binding("u", "undo", "Undo", id="app.undo", show=False,  # in `?`: the footer fits 80 columns
                tooltip="Undo your last change (recorded as a new change)"),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Show or hide every key of this screen"),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave tracker"),
    ]

    def __init__(self, *, engine: "Engine | None", user: str, settings: Settings, read_only: bool = False,
                 first_page: "FirstPage | None" = None, opener: "Callable[[], Engine] | None" = None,
                 url: str | None = None) -> None:
        self.MODES = {mode: _screen(mode) for mode in SCREENS}
        super().__init__()
        self._engine, self._opener, self._engine_error = engine, opener, None
        self._engine_lock = threading.Lock()
        self._first_page = first_page
        self.user = user
        """Whom changes are recorded under."""
        self.settings = settings
        from tracker.db.dates import use_date_format

        use_date_format(settings.date_format)
        self.url = url if url is not None else engine.url.render_as_string(hide_password=True)
        """The database, as the remembered portfolio is keyed (tracker/state.py)."""
        self.portfolio: str | None
        """The portfolio every screen shows, with its children (None: all portfolios)."""
        self.portfolio_name: str
        if first_page is not None:
            refusal = first_page.read_only_reason
            self.portfolio, self.portfolio_name = first_page.portfolio, first_page.portfolio_name
        else:
            from tracker.db.access import write_access
            from tracker.db.filecheck import engine_read_only_reason
            from tracker.screens.portfolios import opening

            with Session(engine) as session:
                _, refusal = write_access(session, user)
                self.portfolio, self.portfolio_name = opening(session, self.url, user)
            refusal = engine_read_only_reason(engine) or refusal
        self._named = self.portfolio
        """The portfolio `portfolio_name` names."""
        self.read_only = read_only or refusal is not None
        """When true, nothing can be written, edit keys are hidden and a banner says so."""
        self.read_only_reason = refusal or "opened with --read-only"

    @property
    def engine(self) -> "Engine":
        """The database every screen works on, through the store; opened on first use (by
        `open_the_rest` once the first frame is on screen, or here if something needs it sooner)."""
        with self._engine_lock:
            if self._engine is None and self._engine_error is None:
                try:
                    self._engine = self._opener()
                except Exception as exc:  # reported when the app ends (run_tui)
                    self._engine_error = exc
            if self._engine_error is not None:
                raise self._engine_error
            return self._engine

    def take_first_page(self) -> "FirstPage | None":
        """The dashboard's first page read before the engine opened, once; then None."""
        first, self._first_page = self._first_page, None
        return first

    @work(thread=True, exclusive=True, group="open-engine")
    def open_the_rest(self) -> None:
        """After the first frame (the dashboard asks, once its page is on screen): open the
        engine, and import what the other screens need. The collector paused for start-up
        (tracker.collector.paused_gc) resumes, with what start-up made frozen out of its scans."""
        from tracker.collector import resume_gc
        from tracker.db.errors import TrackerError

        resume_gc(freeze=True)
        try:
            self.engine
        except Exception as exc:
            message = str(exc) if isinstance(exc, TrackerError) else f"cannot open the database: {exc}"
            self.call_from_thread(self.exit, return_code=1, message=message)
            return
        import importlib

        for module in ("tracker.db.store", "tracker.screens.editing", "tracker.screens.workstream",
                       *(module for mode, (module, _) in SCREENS.items() if mode != "measures")):
            importlib.import_module(module)  # so that the first key to another screen does not wait

    POLL_SECONDS = 3.0
    """How often the screen on show looks for changes other processes wrote."""

    def on_mount(self) -> None:
        from tracker.collector import resume_gc

        self.set_timer(2.0, resume_gc)  # in case no first page calls open_the_rest (PostgreSQL, a new file)
        self.show_scope()
        self.set_keymap(self.settings.keymap)
        self.switch_mode("dashboard")
        self.set_interval(self.POLL_SECONDS, self.poll_for_changes, name="poll-history-head")

    def show_scope(self) -> None:
        """The header: who, the portfolio and the period in view (the screen's, if it has one)."""
        from tracker.screens.render import fit

        try:
            screen = self.screen
        except Exception:  # no screen yet
            screen = None
        period = getattr(screen, "period_label", None) or getattr(screen, "period", None)
        if self._named != self.portfolio:  # set directly (the tests do): look its name up
            from tracker.db.views import scope

            with Session(self.engine) as session:
                self.portfolio_name = scope(session, self.portfolio).name
        self._named = self.portfolio
        parts = [fit(self.user, 12), fit(self.portfolio_name, 32), *([fit(period, 16)] if period else [])]
        self.sub_title = " · ".join(parts) + (" · read-only" if self.read_only else "")

    def action_portfolio(self) -> None:
        from tracker.screens.portfolios import open_picker

        open_picker(self)

    def choose_portfolio(self, code: str | None) -> None:
        """Show portfolio `code` (None: all) on every screen, the one on show at once; remember it."""
        from tracker.screens.portfolios import switch

        switch(self, code)

    def poll_for_changes(self) -> None:
        """Show what others wrote: the main screen on show reads again if history moved on.
        A form or other modal on top is left alone, so unsaved input is never touched; the
        screen beneath catches up when it closes."""
        from sqlalchemy.exc import SQLAlchemyError
        from tracker.db.errors import TrackerError
        from tracker.screens.base import TrackerScreen

        if isinstance(self.screen, TrackerScreen):
            try:
                self.screen.reload_if_changed()
            except (SQLAlchemyError, TrackerError):
                pass  # the database is unreachable for now; the next poll tries again

    def notify(self, message: str, *, title: str = "", markup: bool = True, **options) -> None:
        """Every notification, from every screen: its text made safe for the terminal (a ref or
        period label in it is shown, never acted on) and never parsed as markup."""
        from tracker.db.text import terminal

        super().notify(terminal(message), title=terminal(title), markup=False, **options)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo" and self.read_only:
            return False
        return True

    def action_help(self) -> None:
        from tracker.screens.keys import toggle_keys

        toggle_keys(self.screen)

    def action_undo(self) -> None:
        from tracker.db.errors import TrackerError
        from tracker.db.undo import undo_last

        try:
            with Session(self.engine) as session:
                result = undo_last(session=session, actor=self.user)
        except TrackerError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.notify(f"Undid the {result.summary}", title="Undone", markup=False)
        if hasattr(self.screen, "reload"):
            self.screen.reload()

    def paper_report(self, session, portfolio: str, period: str):
        """The board report's model of `portfolio` for `period`, which the Paper screen previews
        its data sections from (screens do not import tracker.reports)."""
        from tracker.reports import build_report

        return build_report(session, period=period, author=self.user, portfolio=portfolio)

    def open_workstream(self, ref: str) -> None:
        from tracker.screens.workstream import WorkstreamScreen

        self.switch_mode("dashboard")
        self.push_screen(WorkstreamScreen(ref, getattr(self.screen, "period_label", None)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: every main screen, and every action of the screen you are on."""
        yield from super().get_system_commands(screen)
        for mode, (key, title) in MAIN_SCREENS.items():
            yield SystemCommand(f"Go to {title}", f"Switch to {title} (key {key})", partial(self.switch_mode, mode))
        title = getattr(screen, "TITLE", "") or "Screen"
        for binding in screen.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            action = binding.action.split("(")[0]
            if screen.check_action(action, ()) is not True:
                continue
            yield SystemCommand(f"{title}: {binding.description}", binding.tooltip or binding.description,
                                partial(self.call_later, screen.run_action, binding.action))

    class ReportWritten(Message):
        """The board report has been written to `path`, or failed with `problem` (posted by its worker)."""

        def __init__(self, path: Path, problem: str | None = None) -> None:
            super().__init__()
            self.path, self.problem = path, problem

    def on_dashboard_screen_report_requested(self, message) -> None:
        """Write the report the dashboard asked for, off the UI thread."""
        self.notify(f"Writing {Path(message.request.path).expanduser()}…", markup=False)
        self._write_report(message.request)

    @work(thread=True, exclusive=True, group="report")
    def _write_report(self, request) -> None:
        from tracker.db.errors import TrackerError
        from tracker.reports import build_document, write_report

        path = Path(request.path).expanduser()
        try:
            with Session(self.engine) as session:
                document, _ = build_document(session, period=request.period, author=self.user,
                                             portfolio=request.portfolio)
            write_report(document, request.fmt, path, overwrite=request.overwrite)
        except (OSError, TrackerError) as exc:
            self.post_message(self.ReportWritten(path, str(getattr(exc, "strerror", None) or exc)))
            return
        self.post_message(self.ReportWritten(path.resolve()))

    def on_tracker_app_report_written(self, message: "TrackerApp.ReportWritten") -> None:
        """Say where the report went, or why it could not be written."""
        if message.problem is not None:
            self.notify(f"Could not write {message.path}: {message.problem}", severity="error", markup=False)
        else:
            self.notify(f"Wrote {message.path}", title="Report written", markup=False)


def make_app(*, engine: "Engine", user: str, settings: Settings | None = None, read_only: bool = False) -> TrackerApp:
    """The app on `engine`, as the CLI and the tests build it."""
    return TrackerApp(engine=engine, user=user, settings=settings or Settings(), read_only=read_only)


def run_tui(ctx, *, demo: bool, read_only: bool) -> int:
    """Open the TUI; with `demo`, on a throwaway database loaded from the seeds. On a SQLite file
    of the current schema, the first frame is painted before the engine is opened."""
    if demo:
        from tracker.app_start import run_demo

        return run_demo(ctx, read_only, make_app)
    from tracker.db.firstpage import read_first_page
    from tracker.screens.dashboard import DashboardScreen

    from tracker.state import remembered_portfolio

    remembered = remembered_portfolio(ctx.url, ctx.user)  # "" is all portfolios
    first = read_first_page(ctx.url, user=ctx.user, read_only=read_only, limit=DashboardScreen.FIRST_PAGE,
                            portfolio=remembered or None, choose=remembered != "")
    if first is None:  # a database that is not there is refused as every command refuses it (how to make one)
        engine = ctx.engine()
        from tracker.app_start import server_first_page

        first = server_first_page(engine, ctx, read_only, remembered, DashboardScreen.FIRST_PAGE)
        app = TrackerApp(engine=engine, user=ctx.user, settings=ctx.settings, read_only=read_only, url=ctx.url,
                         first_page=first)
    else:
        app = TrackerApp(engine=None, user=ctx.user, settings=ctx.settings, read_only=read_only,
                         first_page=first, opener=ctx.engine, url=ctx.url)
    app.run()
    if app._engine is not None:
        app._engine.dispose()
    return app.return_code or 0
