"""All actions for improvement: filter by status, owner and overdue; sorted by due date, each
sub-action under its parent, which sums up theirs ("3 of 6 done")."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from tracker.db.dates import show_date
from tracker.db.words import plural, word
from tracker.db import store, strand_views, views
from tracker.db.schemas import ActionUpdate
from tracker.db.views import ActionRow
from tracker.screens import editing
from tracker.screens.base import FAILED, TrackerScreen
from tracker.screens.forms import ConfirmModal
from tracker.screens.portfolios import with_marks
from tracker.screens.render import one_line
from tracker.screens.table import Column, RecordTable
from tracker.screens.theme import BAD, themed

STATUS_CYCLE = (None, "open", "in_progress", "done", "cancelled")


def _due(action: ActionRow) -> Text:
    """Overdue dates stand out by a "!" and the theme's error colour, so they read without colour too."""
    if action.overdue:
        return Text(f"!{show_date(action.due_date)}", style=themed(BAD, bold=True))
    return Text(f" {show_date(action.due_date)}" if action.due_date else "")


def _title(action: ActionRow) -> str:
    """A sub-action reads as one ("↳" under its parent); a parent says how its sub-actions stand."""
    text = f"↳ {action.title}" if action.parent else action.title
    return f"{text} ({action.sub_actions})" if action.sub_actions else text


COLUMNS = [
    Column("Ref", 7, lambda a: a.ref),
    Column("Action", None, _title),
    Column("Owner", 12, lambda a: a.owner or "", grow=1, most=32),
    Column("Due (!late)", 11, _due),
    Column("Status", 11, lambda a: word(a.status)),
    Column("For", 6, lambda a: a.workstream or a.risk or ""),
]


class ActionsScreen(TrackerScreen):
    """Every action for improvement, by due date; overdue ones stand out."""

    TITLE = "Actions"
    EDIT_ACTIONS = frozenset({"new", "edit", "done", "delete"})
    FILTER_HINT = "filter by ref, title, owner"
    DEFAULT_CSS = "ActionsScreen #filters { padding: 0 1; height: 1; }"
    BINDINGS = [
        Binding("enter,e", "edit", "Edit", id="actions.edit", tooltip="Edit the highlighted action"),
        Binding("n", "new", "New", id="actions.new", tooltip="Add an action for improvement"),
        Binding("x", "done", "Done", id="actions.done", tooltip="Mark the highlighted action done"),
        Binding("s", "cycle_status", "Status", id="actions.status", tooltip="Show all, or one status"),
        Binding("o", "toggle_overdue", "Overdue", id="actions.overdue", tooltip="Show only overdue actions"),
        Binding("m", "toggle_mine", "Mine", id="actions.mine", show=False, tooltip="Show only the actions you own"),
        Binding("d", "delete", "Delete", id="actions.delete", show=False, tooltip="Delete the highlighted action"),
        Binding("enter", "read_detail", "Detail", id="actions.read", show=False,
                tooltip="Read-only mode: read every field of the highlighted action"),
        Binding("i", "detail", "Detail", id="actions.detail", show=False,
                tooltip="Read every field of the highlighted action (Enter in read-only mode); h there: its history"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status: str | None = None
        self.overdue_only = False
        self.mine_only = False
        self.rows: list[ActionRow] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(id="filters")
        yield RecordTable(with_marks(COLUMNS, "Action", self),
                          search=lambda a: f"{a.ref} {a.title} {a.owner or ''} {a.workstream or ''} {a.risk or ''}"
                                           f" {a.portfolio or ''}",
                          id="actions")
        yield from self.compose_bottom()

    def read(self, session) -> list[ActionRow]:
        return views.actions(session, portfolio=self.app.portfolio)

    def show(self, data: list[ActionRow]) -> None:
        self.rows = data
        self._show()

    def _show(self) -> None:
        rows = [
            a for a, _ in strand_views.nested(self.rows)  # sub-actions under their parent
            if (self.status is None or a.status == self.status)
            and (not self.overdue_only or a.overdue)
            and (not self.mine_only or a.owner == self.app.user)
        ]
        table = self.query_one(RecordTable)
        table.set_records(rows, keep=lambda a: a.ref)
        overdue = sum(a.overdue for a in self.rows)
        text = Text(f"{len(rows)} of {plural(len(self.rows), 'action')} · {overdue} overdue · showing: ")
        parts = [word(self.status) if self.status else "every status"]
        if self.overdue_only:
            parts.append("overdue only")
        if self.mine_only:
            parts.append(one_line(f"owned by {self.app.user}"))
        text.append(", ".join(parts), style="bold")
        self.query_one("#filters", Static).update(text)

    @property
    def selected(self) -> ActionRow | None:
        return self.query_one(RecordTable).highlighted

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        event.stop()
        self.action_detail() if self.app.read_only else self.action_edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "read_detail":  # Enter reads where it cannot edit
            return self.app.read_only
        return super().check_action(action, parameters)

    def action_read_detail(self) -> None:
        self.action_detail()

    def action_detail(self) -> None:
        from tracker.screens.detail import show_detail

        if (action := self.selected) is not None:
            show_detail(self, "action", action.ref)

    def action_edit(self) -> None:
        if self.app.read_only:
            return
        if (action := self.selected) is not None:
            editing.edit_action(self, action.ref)

    def action_new(self) -> None:
        editing.new_action(self)

    def action_done(self) -> None:
        if (action := self.selected) is not None:
            if self.write(store.update_action, ref=action.ref, changes=ActionUpdate(status="done")) is not FAILED:
                self.notify(f"Action {action.ref} done", markup=False)
                self.reload()

    def action_delete(self) -> None:
        if (action := self.selected) is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and self.write(store.delete_action, ref=action.ref) is not FAILED:
                self.reload()

        self.app.push_screen(ConfirmModal(f"Delete action {action.ref} {action.title}?"), answered)

    def action_cycle_status(self) -> None:
        self.status = STATUS_CYCLE[(STATUS_CYCLE.index(self.status) + 1) % len(STATUS_CYCLE)]
        self._show()

    def action_toggle_overdue(self) -> None:
        self.overdue_only = not self.overdue_only
        self._show()

    def action_toggle_mine(self) -> None:
        self.mine_only = not self.mine_only
        self._show()
