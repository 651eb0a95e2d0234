"""Managing reporting periods in the TUI (admins): add, close, reopen and rename, through the
store with the same rules and history as `tracker period ...`."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option
from tracker.db import store
from tracker.db.dates import show_date
from tracker.db.errors import InvalidInput
from tracker.db.schemas import PeriodCreate, validated
from tracker.screens.editing import may_open, store_call
from tracker.screens.forms import Field, RecordForm
from tracker.screens.render import one_line, visible


def manage_periods(screen: Any) -> None:
    """Open the periods for an admin; anyone else is told why not, in the store's words."""
    if may_open(screen, store.check_may_manage):
        screen.app.push_screen(PeriodsModal(), lambda _changed: screen.reload())


def period_line(period: Any) -> Text:
    """A period as the list shows it, its dates per the config's `date_format`."""
    state = "closed" if period.closed else "open"
    return Text(one_line(f"{period.label}  {show_date(period.start)} to {show_date(period.end)}  {state}"))


class PeriodsModal(ModalScreen[bool]):
    """Every period, oldest first; `a` adds one, `c` closes or reopens the highlighted one, `r`
    renames it. Each change is one store write, recorded in history like the CLI's."""

    DEFAULT_CSS = """
    PeriodsModal { align: center middle; }
    PeriodsModal > Vertical { width: 64; max-width: 100%; height: auto; max-height: 90%;
                              border: thick $primary; background: $surface; padding: 0 1; }
    PeriodsModal OptionList { height: auto; max-height: 14; }
    PeriodsModal .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="periods.close", tooltip="Back"),
        Binding("a", "add", "Add", id="periods.add", tooltip="Add a reporting period"),
        Binding("c", "toggle", "Close/reopen", id="periods.toggle",
                tooltip="Close the highlighted period (its RAGs freeze) or reopen it"),
        Binding("r", "rename", "Rename", id="periods.rename", tooltip="Rename the highlighted period"),
    ]

    periods: list = []
    changed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Reporting periods", style="bold"))
            yield OptionList(id="periods")
            yield Static(Text("a add · c close or reopen · r rename · esc back"), classes="hint")

    @contextmanager
    def session(self) -> Iterator[Any]:
        from tracker.db.records import session_on

        with session_on(self.app.engine) as session:
            yield session

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self, keep: str | None = None) -> None:
        from tracker.db.views import periods

        with self.session() as session:
            self.periods = periods(session)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(period_line(p), id=p.label) for p in self.periods])
        labels = [p.label for p in self.periods]
        if labels:
            options.highlighted = labels.index(keep) if keep in labels else len(labels) - 1

    @property
    def highlighted(self) -> Any:
        index = self.query_one(OptionList).highlighted
        return self.periods[index] if index is not None and 0 <= index < len(self.periods) else None

    def _wrote(self, label: str | None, message: str) -> None:
        self.changed = True
        self.notify(visible(message), markup=False)
        self.reload(label)

    def action_toggle(self) -> None:
        if (period := self.highlighted) is None:
            return
        error = store_call(self, store.set_period_closed, label=period.label, closed=not period.closed)
        if error is not None:
            self.notify(visible(str(error)), severity="error", markup=False, timeout=8)
            return
        self._wrote(period.label, f"period {period.label} is {'open' if period.closed else 'closed'}")

    def action_add(self) -> None:
        fields = [Field("label", "Label", required=True), Field("start", "Start", kind="date", required=True),
                  Field("end", "End", kind="date", required=True)]

        def save(values: dict) -> Any:
            try:
                data = validated(PeriodCreate, values, where=f"period {values.get('label')}")
            except InvalidInput as exc:  # shown at its field
                return exc
            return store_call(self, store.create_period, data=data)

        def done(values: dict | None) -> None:
            if values:
                self._wrote(values["label"], f"added period {values['label']}")

        self.app.push_screen(RecordForm(title="New period", fields=fields, values={}, save=save, creating=True), done)

    def action_rename(self) -> None:
        if (period := self.highlighted) is None:
            return

        def save(values: dict) -> Any:
            if not values:
                return None
            return store_call(self, store.rename_period, label=period.label, new_label=values["label"])

        def done(values: dict | None) -> None:
            if values:
                self._wrote(values["label"], f"period {period.label} is now {values['label']}")

        self.app.push_screen(RecordForm(title=f"Rename period {period.label}", fields=[Field("label", "New label", required=True)],
                                        values={"label": period.label}, save=save, creating=False), done)

    def action_close(self) -> None:
        self.dismiss(self.changed)
