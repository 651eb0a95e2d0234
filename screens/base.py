"""What every main screen shares: header, read-only banner, `/` filter bar, footer, store calls."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static
from tracker.db.errors import TrackerError
from tracker.screens.render import visible

FAILED = object()
"""What `TrackerScreen.write` returns when the store refused the change."""


class FilterInput(Input):
    """Filters as the value changes, in the same frame as the keystroke's echo."""

    virtual_size = Reactive(Size(0, 0), layout=False)
    """Its width grows with the text it holds. Its own width is fixed, so a new layout is
    not needed for that. Asking for one per keystroke cost a second frame: the list's
    scrollbar was repainted about 20 ms after the rows."""

    def watch_value(self, value: str) -> None:
        self.screen.apply_filter(value)


class FilterBar(Horizontal):
    """The `/` filter: hidden until asked for; filters the screen's list as you type."""

    DEFAULT_CSS = """
    FilterBar { height: 1; display: none; background: $panel; }
    FilterBar.-open { display: block; }
    FilterBar Label { width: auto; padding: 0 1; }
    FilterBar Input { height: 1; border: none; padding: 0; width: 1fr; background: $panel; }
    """
    BINDINGS = [
        Binding("escape", "close(True)", "Clear filter", id="filter.clear", tooltip="Clear the filter and close it"),
        Binding("enter,down", "close(False)", "Keep filter", id="filter.keep", tooltip="Back to the list, filtered"),
    ]

    def __init__(self, hint: str = "filter") -> None:
        super().__init__()
        self.hint = hint

    def compose(self) -> ComposeResult:
        yield Label(f"/ {self.hint}:")
        yield FilterInput(id="filter-input", select_on_focus=False, compact=True)  # no border: one line shows the text

    @property
    def value(self) -> str:
        return self.query_one(Input).value

    def open(self) -> None:
        self.add_class("-open")
        self.query_one(Input).focus()

    def action_close(self, clear: bool) -> None:
        if clear:
            self.query_one(Input).value = ""
            self.remove_class("-open")
        elif not self.value:
            self.remove_class("-open")
        self.screen.focus_list()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # already applied by FilterInput.watch_value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_close(False)


class TrackerScreen(Screen):
    """A main screen: reads and writes through the store, never writes in read-only mode."""

    TITLE: ClassVar[str] = ""
    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    """Actions that change data: hidden from the footer and refused in read-only mode."""
    FILTER_HINT: ClassVar[str] = "filter"
    DEFAULT_CSS = "TrackerScreen #read-only-banner { background: $warning; color: $text; text-style: bold; padding: 0 1; }"

    BINDINGS = [Binding("slash", "filter", "Filter", id="screen.filter", tooltip="Filter this list as you type")]

    def compose_top(self) -> ComposeResult:
        yield Header()
        banner = Static(f"READ-ONLY: {visible(self.app.read_only_reason)}", id="read-only-banner", markup=False)
        banner.display = self.app.read_only
        yield banner

    def compose_bottom(self) -> ComposeResult:
        yield FilterBar(self.FILTER_HINT)
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDIT_ACTIONS and self.app.read_only:
            return False
        return True

    @contextmanager
    def session(self) -> Iterator[Any]:
        """A session on the app's database, for db's view and store functions."""
        from tracker.db.records import session_on

        with session_on(self.app.engine) as session:
            yield session

    def write(self, change: Callable[..., Any], /, **kwargs: Any) -> Any:
        """Run one store write as the acting user; a refusal is shown, and FAILED returned."""
        if self.app.read_only:
            self.notify("Read-only: nothing can be changed.", severity="warning", markup=False)
            return FAILED
        try:
            with self.session() as session:
                return change(session=session, actor=self.app.user, **kwargs)
        except TrackerError as exc:
            self.notify(visible(str(exc)), severity="error", markup=False, timeout=8)
            return FAILED

    _seen_change: int | None = None
    """The newest change event when this screen last read its data."""

    _seen_portfolio: str | None = None
    """The app's portfolio when this screen last read its data."""

    def reload(self) -> None:
        """Read the screen's data again from the store, noting how recent it is."""
        self._seen_change = self._newest_change()
        self._seen_portfolio = self.app.portfolio
        self.load()

    def follow_portfolio(self) -> None:
        """The app's portfolio changed: a period of the old one's cycle is dropped (the new
        one's latest is shown) and the screen reads again."""
        if hasattr(self, "period_label"):
            self.period_label = None
        self.reload()

    class DataLoaded(Message):
        """The screen's data has been read from the store (posted by its loading worker)."""

        def __init__(self, generation: int, data: Any, error: TrackerError | None = None) -> None:
            super().__init__()
            self.generation, self.data, self.error = generation, data, error

    _loads = 0
    """How many loads this screen has started; only the newest one's data is shown."""

    def load(self) -> None:
        """Read the screen's data in a worker thread; `show` puts it on screen once read."""
        self._loads += 1
        self._read_in_worker(self._loads)

    @work(thread=True, exclusive=True, group="screen-load")
    def _read_in_worker(self, generation: int) -> None:
        try:
            with self.session() as session:
                data = self.read(session)
        except TrackerError as exc:  # e.g. the record went away meanwhile
            self.post_message(self.DataLoaded(generation, None, exc))
            return
        self.post_message(self.DataLoaded(generation, data))

    def read(self, session: Any) -> Any:
        """What the screen shows, read through db's views. Runs in a worker thread: it may read
        the screen's settings but must not touch its widgets."""
        return None

    def show(self, data: Any) -> None:
        """Put what `read` returned on screen (on the UI thread)."""

    def load_failed(self, error: TrackerError) -> None:
        """`read` was refused by the store: say why."""
        self.notify(visible(str(error)), severity="error", markup=False, timeout=8)

    wanted_ref: str | None = None
    """A record to put the list's cursor on once the data is shown (screens/navigate.py)."""

    _shown: Any = None
    """What `show` was last given, to show again in a new theme's colours."""

    def on_tracker_screen_data_loaded(self, message: "TrackerScreen.DataLoaded") -> None:
        message.stop()
        if message.generation != self._loads:
            return  # a newer load is under way
        if message.error is not None:
            self.load_failed(message.error)
        else:
            self._shown = message.data
            self.show(message.data)
            if self.wanted_ref is not None:
                from tracker.screens.navigate import move_to_wanted

                move_to_wanted(self)
            self.app.show_scope()

    def retheme(self, _theme: object) -> None:
        """The theme changed: show the same data again, its colours taken from the new theme."""
        if self._shown is not None:
            self.show(self._shown)

    def _newest_change(self) -> int:
        from tracker.db.changes import last_change_id

        with self.session() as session:
            return last_change_id(session)

    def on_screen_resume(self) -> None:
        """Coming back to a screen: read again if the portfolio changed meanwhile or anything was
        written; the header names this screen's portfolio and period."""
        if self._seen_change is not None and self._seen_portfolio != self.app.portfolio:
            self.follow_portfolio()
        else:
            self.reload_if_changed()
        self.app.show_scope()

    def reload_if_changed(self) -> bool:
        """Read again if anything was written since the screen last read (one indexed read to
        find out); the lists keep their cursor on the same record and their filter."""
        if self._seen_change is not None and self._newest_change() != self._seen_change:
            self.reload()
            return True
        return False

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self.retheme)
        self.reload()
        self.focus_list()

    def focus_list(self) -> None:
        """Put focus on the screen's main list."""
        from tracker.screens.table import RecordTable

        if tables := self.query(RecordTable):
            tables.first().focus()

    def apply_filter(self, text: str) -> None:
        """Filter the main list as the user types."""
        from tracker.screens.table import RecordTable

        self.query_one(RecordTable).filter(text)

    def action_filter(self) -> None:
        self.query_one(FilterBar).open()


class PeriodChoice:
    """For a screen that shows one period at a time: `[` and `]` step, `p` picks from a list."""

    period_label: str | None = None

    def period_choices(self) -> list:
        """The periods this screen can show, oldest first: those of the portfolio's cycle."""
        from tracker.db.views import periods

        with self.session() as session:
            return periods(session, self.app.portfolio)

    def action_period(self, step: int) -> None:
        labels = [p.label for p in self.period_choices()]
        if not labels:
            return
        index = labels.index(self.period_label) if self.period_label in labels else len(labels) - 1
        index = max(0, min(len(labels) - 1, index + step))
        if labels[index] != self.period_label:
            self.period_label = labels[index]
            self.reload()

    def action_pick_period(self) -> None:
        from tracker.screens.pickers import PeriodPicker

        def picked(label: str | None) -> None:
            if label:
                self.period_label = label
                self.reload()

        self.app.push_screen(PeriodPicker(self.period_choices(), self.period_label), picked)
