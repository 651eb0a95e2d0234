"""The portfolio switcher: a picker over the portfolio tree, and the palette's commands for it.

Choosing sets the app's portfolio (TrackerApp.choose_portfolio): the screen on show reads
again, every other main screen when next shown, and the choice is remembered for next time.
"All portfolios" is offered to admins only (anyone, while a database has no users).
"""

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from tracker.db.scopes import ALL_NAME, PortfolioInfo
from tracker.screens.render import fit, one_line

ALL = "*all*"
"""The picker's answer for "All portfolios" (no portfolio code can be this)."""


def choices(session, user: str) -> tuple[list[PortfolioInfo], bool]:
    """Every portfolio, parents first, and whether `user` may view all portfolios at once."""
    from tracker.db.access import write_access
    from tracker.db.enums import Role
    from tracker.db.views import portfolios

    role, _ = write_access(session, user)
    return portfolios(session), role == Role.ADMIN


def label(p: PortfolioInfo) -> str:
    """ "opc.roads  Roads Policing": the code and name, made safe, indented by depth, on one line."""
    closed = " (closed)" if p.status != "active" else ""
    return "  " * p.depth + fit(one_line(p.code) + "  " + one_line(p.name) + closed, max(20, 56 - 2 * p.depth))


class PortfolioPicker(ModalScreen[str | None]):
    """Choose the portfolio every screen shows; closed ones are listed on request."""

    DEFAULT_CSS = """
    PortfolioPicker { align: center middle; }
    PortfolioPicker > Vertical { width: 64; max-width: 100%; height: auto; max-height: 90%;
                                 border: thick $primary; background: $surface; }
    PortfolioPicker OptionList { height: auto; max-height: 18; }
    PortfolioPicker #portfolio-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="portfolio_picker.cancel", tooltip="Keep the portfolio on show"),
        Binding("c", "toggle_closed", "Closed", id="portfolio_picker.closed", tooltip="Show or hide closed portfolios"),
    ]

    def __init__(self, portfolios: list[PortfolioInfo], current: str | None, *, allow_all: bool) -> None:
        super().__init__()
        self.portfolios, self.current, self.allow_all = portfolios, current, allow_all
        self.show_closed = any(p.code == current and p.status != "active" for p in portfolios)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Portfolio")
            yield OptionList(id="portfolios")
            yield Label("", id="portfolio-hint", markup=False)

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self) -> None:
        shown = [p for p in self.portfolios if self.show_closed or p.status == "active" or p.code == self.current]
        options = [Option(Text(ALL_NAME, style="bold"), id=ALL)] if self.allow_all else []
        options += [Option(Text(label(p)), id=p.code) for p in shown]
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        ids = [o.id for o in options]
        want = self.current if self.current is not None else ALL
        option_list.highlighted = ids.index(want) if want in ids else (0 if ids else None)
        closed = sum(p.status != "active" for p in self.portfolios)
        hint = f"c: {'hide' if self.show_closed else 'show'} {closed} closed" if closed else ""
        self.query_one("#portfolio-hint", Label).update(hint)

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self._fill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_picker(app) -> None:
    """Show the picker over the screen on show; the answer switches the app's portfolio."""
    from tracker.db.records import session_on

    with session_on(app.engine) as session:
        portfolios, allow_all = choices(session, app.user)

    def picked(code: str | None) -> None:
        if code is not None:
            app.choose_portfolio(None if code == ALL else code)

    app.push_screen(PortfolioPicker(portfolios, app.portfolio, allow_all=allow_all), picked)


class PortfolioCommands(Provider):
    """The palette: "Switch portfolio…", and "Portfolio: CODE NAME" for each active portfolio."""

    def _commands(self) -> list[tuple[str, str | None]]:
        from tracker.db.records import session_on

        with session_on(self.app.engine) as session:
            portfolios, allow_all = choices(session, self.app.user)
        found = [(fit(f"Portfolio: {p.code} {p.name}", 76), p.code) for p in portfolios if p.status == "active"]
        return ([(f"Portfolio: {ALL_NAME}", None)] if allow_all else []) + found

    def _run(self, code: str | None) -> None:
        self.app.choose_portfolio(code)

    async def discover(self) -> Hits:
        yield DiscoveryHit("Switch portfolio…", partial(open_picker, self.app), help="Choose the portfolio every screen shows (key P)")

    async def search(self, query: str) -> Hits:
        from tracker.screens.render import highlight  # a name is never parsed as markup

        matcher = self.matcher(query)
        commands = [("Switch portfolio…", partial(open_picker, self.app))]
        commands += [(title, partial(self._run, code)) for title, code in self._commands()]
        for title, run in commands:
            score, offsets = matcher.fuzzy_search.match(matcher.query, title)
            if score > 0:
                yield Hit(score, highlight(title, offsets, matcher.match_style), run, text=title,
                          help="Choose the portfolio every screen shows (key P)")


def opening(session, url: str, user: str) -> tuple[str | None, str]:
    """The portfolio to open on and its name: the one `user` last chose on this database (all
    portfolios only if they may view all), else the opening rule's (views.opening_portfolio);
    a remembered one that is gone is passed over silently. A user limited to portfolios opens
    on one of theirs (access.opening_portfolio_for)."""
    from tracker.db.access import opening_portfolio_for
    from tracker.db.errors import NotFound
    from tracker.db.views import opening_portfolio, scope
    from tracker.state import remembered_portfolio

    remembered = remembered_portfolio(url, user)
    if remembered == "" and choices(session, user)[1]:
        code = None
    else:
        code = opening_portfolio(session)
        if remembered:
            try:
                scope(session, remembered)
                code = remembered
            except NotFound:
                pass
    code = opening_portfolio_for(session, user, code)
    return code, scope(session, code).name


def switch(app, code: str | None) -> None:
    """Show `code` (None: all portfolios) from now on: the header says so, the screen on show
    reads again at once (other main screens when next shown), and the choice is remembered."""
    from tracker.db.errors import NotFound
    from tracker.db.records import session_on
    from tracker.db.views import scope
    from tracker.screens.base import TrackerScreen
    from tracker.state import remember_portfolio

    try:
        with session_on(app.engine) as session:
            name = scope(session, code).name
    except NotFound as exc:  # closed or gone meanwhile
        app.notify(str(exc), severity="warning")
        return
    app.portfolio, app.portfolio_name, app._named = code, name, code
    app.run_worker(partial(remember_portfolio, app.url, app.user, code), thread=True, group="remember-portfolio",
                   exit_on_error=False)  # a file written (and synced) off the UI thread
    screen = app.screen
    if isinstance(screen, TrackerScreen):
        screen.follow_portfolio()
    app.show_scope()


def elsewhere(session, kind: str) -> str:
    """ "plan": the codes of the portfolios holding records of `kind`, for a screen that has none
    in the portfolio on show; "" if there are none anywhere."""
    from tracker.db.portfolio_views import holders

    found = [code for code, _ in holders(session, kind)]
    return one_line(", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else ""))


def nothing_here(app, things: str, holders: str) -> str:
    """What a screen says when the portfolio on show has none of `things`, on one line."""
    where = fit(app.portfolio_name, 28)
    if holders:
        return f"No {things} in {where}; they are in {holders} (P switches portfolio)."
    return f"No {things} in {where}."


def with_marks(columns: list, title: str, screen) -> list:
    """`columns` with column `title` showing, before a record from a child portfolio, that
    child's code ("roads › ..." in opc's view; the full code in the view of all portfolios)."""
    from dataclasses import replace

    from tracker.screens.render import child_mark

    def wrap(cell):
        def marked(record):
            shown = cell(record)
            mark = child_mark(getattr(record, "portfolio", None), screen.app.portfolio)
            if not mark:
                return shown
            text = Text(mark, style="italic")
            text.append(" › ")
            text.append(shown if isinstance(shown, Text) else Text(one_line(shown)))
            return text

        return marked

    return [replace(c, cell=wrap(c.cell)) if c.title == title else c for c in columns]
