"""Small pickers: choose one item from a short list."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from tracker.db.dates import show_date
from tracker.db.views import PeriodInfo
from tracker.screens.render import one_line


class PeriodPicker(ModalScreen[str | None]):
    """Choose a reporting period, newest first."""

    DEFAULT_CSS = """
    PeriodPicker { align: center middle; }
    PeriodPicker > Vertical { width: 50; height: auto; max-height: 80%; border: thick $primary; background: $surface; }
    PeriodPicker OptionList { height: auto; max-height: 16; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="period_picker.cancel", tooltip="Keep the period on show")]

    def __init__(self, periods: list[PeriodInfo], current: str | None) -> None:
        super().__init__()
        self.periods = list(reversed(periods))
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Period")
            options = [
                Option(Text(one_line(
                    f"{p.label}  ({show_date(p.start)} to {show_date(p.end)}{', closed' if p.closed else ''})")), id=p.label)
                for p in self.periods
            ]
            yield OptionList(*options)

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        labels = [p.label for p in self.periods]
        if self.current in labels:
            option_list.highlighted = labels.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
