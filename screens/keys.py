"""The `?` panel: every key of the screen on show, its own keys first (those the footer has no
room for too), then the list's, then those that work everywhere, then Textual's generic ones.
A modal screen whose panel has the focus, so it scrolls by keyboard (up, down, page up/down,
home, end); `?` or Escape closes it."""

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

EVERYWHERE = "Everywhere"
GENERIC = "Scrolling and focus"


def key_sections(screen: Screen) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The screen's active keys as (section title, [(keys, description, tooltip)]), the screen's
    own section first. Read while the screen's list still has the focus."""
    app = screen.app
    titles: dict[str, list[tuple[str, Binding]]] = {}
    own = f"This screen: {getattr(screen, 'TITLE', '') or type(screen).__name__}"
    titles[own] = []
    for active in screen.active_bindings.values():
        node, binding = active.node, active.binding
        if binding.system and binding.action != "command_palette":
            continue
        if node is app:
            title = EVERYWHERE
        elif binding.id is None:
            title = GENERIC
        elif node is screen:
            title = own
        else:
            title = _widget_title(node)
        titles.setdefault(title, []).append((app.get_key_display(binding), binding))
    order = [own, *(t for t in titles if t not in (own, EVERYWHERE, GENERIC)), EVERYWHERE, GENERIC]
    return [(title, _by_action(titles[title])) for title in order if titles.get(title)]


def _widget_title(node: object) -> str:
    name = type(node).__name__
    return {"RecordTable": "In the list", "HeatMap": "In the heat map"}.get(name, f"In the {name}")


def _by_action(keys: Iterable[tuple[str, Binding]]) -> list[tuple[str, str, str]]:
    """One row per action: its keys together ("⏎ e Edit"), in the order they were bound."""
    rows: dict[tuple[str, str], tuple[list[str], Binding]] = {}
    for display, binding in keys:
        shown, _ = rows.setdefault((binding.action, binding.description), ([], binding))
        if display not in shown:
            shown.append(display)
    return [(" ".join(shown), binding.description or binding.action, binding.tooltip or "")
            for shown, binding in rows.values()]


class HelpPanel(VerticalScroll):
    """Every key of the screen below, as read when `?` was pressed; focused, so it scrolls."""

    DEFAULT_CSS = """
    HelpPanel {
        width: 60%; min-width: 44; max-width: 76; height: 1fr;
        border-left: vkey $accent; padding: 0 1; background: $surface;
    }
    HelpPanel > Static { width: 1fr; height: auto; }
    """

    def __init__(self, sections: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
        super().__init__(id="keys-help")
        self.sections = sections

    def compose(self) -> ComposeResult:
        yield Static(self._table(), markup=False)

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(justify="right", style="bold", max_width=9, overflow="fold")
        table.add_column(ratio=1)
        for number, (title, rows) in enumerate(self.sections):
            if number:
                table.add_row("", "")
            table.add_row("", Text(title, style="underline"))
            for keys, description, tooltip in rows:
                line = Text(description)
                if tooltip:
                    line.append(" " + tooltip, style="dim")
                table.add_row(Text(keys), line)
        return table


class KeysScreen(ModalScreen[None]):
    """`?` over any screen: the panel on the right, the screen still in view on the left."""

    DEFAULT_CSS = "KeysScreen { align: right top; }"
    BINDINGS = [
        Binding("escape,question_mark", "dismiss", "Close keys", id="keys.close", tooltip="Back to the screen"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        yield HelpPanel(self.sections)  # on the right (align), above the footer (docked)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(HelpPanel).focus()

    def action_dismiss(self) -> None:  # type: ignore[override]  (a binding's action, no result)
        self.dismiss(None)


def toggle_keys(screen: Screen) -> None:
    """`?`: open the panel on the screen's keys, or close it if it is open."""
    if isinstance(screen, KeysScreen):
        screen.dismiss(None)
        return
    screen.app.push_screen(KeysScreen(key_sections(screen)))
