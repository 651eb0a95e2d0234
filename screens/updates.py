"""My updates: everything the current user owes this period, walked through one by one."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from tracker.db import progress
from tracker.db.progress import UpdateDue
from tracker.screens import editing
from tracker.screens.base import TrackerScreen
from tracker.screens.render import one_line
from tracker.screens.table import Column, RecordTable

KIND = {"rating": "Set RAG", "action": "Overdue", "review": "Review"}

COLUMNS = [
    Column("What", 8, lambda u: Text(KIND[u.kind], style="bold")),
    Column("Ref", 7, lambda u: u.ref),
    Column("Item", None, lambda u: u.title),
    Column("Why", 24, lambda u: u.reason, grow=1, most=48),
]


class UpdatesScreen(TrackerScreen):
    """A sweep: Enter updates the highlighted item, then the cursor is on the next one."""

    TITLE = "My updates"
    EDIT_ACTIONS = frozenset({"update"})
    DEFAULT_CSS = "UpdatesScreen #intro { padding: 0 1; height: auto; }"
    BINDINGS = [
        Binding("enter", "update", "Update", id="updates.update", tooltip="Update the highlighted item"),
        Binding("space", "next", "Skip", id="updates.next", tooltip="Leave this one for now; go to the next"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[UpdateDue] = []
        self.period: str | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(id="intro")
        yield RecordTable(COLUMNS, search=lambda u: f"{u.ref} {u.title} {u.reason}", id="due")
        yield from self.compose_bottom()

    def read(self, session) -> tuple[list[UpdateDue], str | None]:
        period = progress.current_period(session, self.app.portfolio) if self.app.portfolio else None
        return progress.my_updates(session, self.app.user, portfolio=self.app.portfolio), period.label if period else None

    def show(self, data: tuple[list[UpdateDue], str | None]) -> None:
        self.items, self.period = data
        table = self.query_one(RecordTable)
        cursor = table.cursor
        table.set_records(self.items)
        table.cursor = min(cursor, max(0, table.row_count - 1))
        text = Text(f"{one_line(self.app.user)}: ", style="bold")
        period = one_line(self.period or ("each portfolio's current period" if self.app.portfolio is None
                                          else "this period"))
        if self.items:
            text.append(f"{len(self.items)} to update for {period}. "
                        "Enter updates the highlighted one; the next one follows.")
        else:
            text.append(f"nothing needs your update for {period}.")
        self.query_one("#intro", Static).update(text)

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        event.stop()
        self.action_update()

    def action_update(self) -> None:
        item = self.query_one(RecordTable).highlighted
        if item is None or self.app.read_only:
            return
        if item.kind == "rating" and (item.period or self.period):
            editing.rate(self, item.ref, item.period or self.period)
        elif item.kind == "action":
            editing.edit_action(self, item.ref)
        else:
            editing.edit_risk(self, item.ref)

    def action_next(self) -> None:
        table = self.query_one(RecordTable)
        if table.row_count:
            table.cursor = (table.cursor + 1) % table.row_count
