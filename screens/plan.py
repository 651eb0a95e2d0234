"""The plan: priorities on the left, their "We will" commitments on the right, and the chosen
quarter's commentary by team below. Commitments with no update this quarter are marked."""

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Static
from tracker.db.words import plural
from tracker.db import changes, plan, progress, views
from tracker.db.errors import NotFound
from tracker.db.commitments import CommitmentRow, PlanPriority
from tracker.db.schemas import CommentaryInput
from tracker.screens.base import PeriodChoice, TrackerScreen
from tracker.screens.portfolios import elsewhere, nothing_here
from tracker.screens.editing import store_call
from tracker.screens.forms import Field, RecordForm
from tracker.screens.render import one_line, visible
from tracker.screens.table import Column, RecordTable
from tracker.screens.theme import BAD, GOOD, themed

def _updated(row: CommitmentRow) -> Text:
    if row.updated:
        return Text("✓ yes", style=themed(GOOD))
    if row.children:  # its sub-commitments carry the update
        return Text("↓ parts")
    return Text("✗ none", style=themed(BAD, bold=True))


def _we_will(row: CommitmentRow) -> str:
    """A sub-commitment indented under its parent."""
    return f"{'  ' * row.depth}└ {row.text}" if row.depth else row.text


def _missing(p: PlanPriority) -> Text:
    if not p.commitments:
        return Text("—")
    if not p.without_update:
        return Text("✓ all", style=themed(GOOD))
    return Text(f"✗ {p.without_update}", style=themed(BAD, bold=True))


PRIORITY_COLUMNS = [
    Column("#", 3, lambda p: str(p.number)),
    Column("Priority", None, lambda p: p.title),
    Column("No upd", 6, _missing),
]
COMMITMENT_COLUMNS = [
    Column("Ref", 6, lambda c: c.ref),
    Column("We will", None, _we_will),
    Column("Update", 7, _updated),
]


class PlanScreen(PeriodChoice, TrackerScreen):
    """The Police and Crime Plan's commitments and each quarter's update on them."""

    TITLE = "Plan"
    EDIT_ACTIONS = frozenset({"update"})
    FILTER_HINT = "filter commitments by ref, text, team"
    DEFAULT_CSS = """
    PlanScreen #status { height: 1; padding: 0 1; }
    PlanScreen #panes { height: 1fr; }
    PlanScreen #priorities { width: 34; border-right: vkey $panel-lighten-2; }
    PlanScreen #commitments { width: 1fr; }
    PlanScreen #detail { height: 9; border-top: hkey $panel-lighten-2; padding: 0 1; }
    """
    BINDINGS = [
        Binding("a", "update", "Add update", id="plan.update",
                tooltip="Add or revise a team's commentary on the highlighted commitment for this quarter"),
        Binding("tab", "switch_pane", "Pane", id="plan.pane", show=False, tooltip="Move between priorities and commitments"),
        Binding("left_square_bracket", "period(-1)", "Prev", id="plan.previous_period", show=False,
                tooltip="Show the quarter before"),
        Binding("right_square_bracket", "period(1)", "Next", id="plan.next_period", show=False,
                tooltip="Show the quarter after"),
        Binding("p", "pick_period", "Period", id="plan.pick_period", show=False,
                tooltip="Choose the quarter ([ and ] step)"),
        Binding("w", "without_update", "No update", id="plan.without_update",
                tooltip="Show only commitments with no update this quarter"),
        Binding("o", "earlier", "Earlier", id="plan.earlier",
                tooltip="Show every quarter's commentary on the highlighted commitment"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period_label: str | None = None
        self.rows: list[CommitmentRow] = []
        self.priorities: list[PlanPriority] = []
        self.without_only = False
        self.show_earlier = False

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(id="status")
        with Horizontal(id="panes"):
            yield RecordTable(PRIORITY_COLUMNS, search=lambda p: f"{p.number} {p.title}", id="priorities")
            yield RecordTable(COMMITMENT_COLUMNS, search=lambda c: f"{c.ref} {c.text} {' '.join(c.owners)}",
                              id="commitments")
        with VerticalScroll(id="detail"):
            yield Static(id="detail-text")
        yield from self.compose_bottom()

    def focus_list(self) -> None:
        self.query_one("#commitments", RecordTable).focus()

    def apply_filter(self, text: str) -> None:
        self.query_one("#commitments", RecordTable).filter(text)

    holders = ""
    """Where the commitments are, when the portfolio on show has none."""

    def read(self, session) -> tuple[str | None, list[CommitmentRow], list[PlanPriority]]:
        label = self.period_label
        if label is None:
            found = plan.commentary_period(session) or progress.current_period(session)
            label = found.label if found else None
            if self.app.portfolio is not None and found not in views.periods(session, self.app.portfolio):
                found = progress.current_period(session, self.app.portfolio)  # not of its cycle
                label = found.label if found else None
        where = self.app.portfolio
        try:
            rows = plan.commitments(session, label, portfolio=where)
        except NotFound:  # the period went away meanwhile
            label, rows = None, plan.commitments(session, None, portfolio=where)
        self.holders = elsewhere(session, "commitment") if not rows and where else ""
        return label, rows, plan.plan_priorities(session, rows, portfolio=where)

    def show(self, data: tuple[str | None, list[CommitmentRow], list[PlanPriority]]) -> None:
        self.period_label, self.rows, self.priorities = data
        table = self.query_one("#priorities", RecordTable)
        table.set_records(self.priorities, keep=lambda p: p.number)
        self._show_commitments()

    @property
    def priority(self) -> PlanPriority | None:
        return self.query_one("#priorities", RecordTable).highlighted

    def _show_commitments(self) -> None:
        chosen = self.priority
        rows = [r for r in self.rows if chosen is None or r.priority == chosen.number]
        if self.without_only:
            rows = [r for r in rows if r.lacks_update]
        self.query_one("#commitments", RecordTable).set_records(rows, keep=lambda c: c.ref)
        missing = sum(r.lacks_update for r in self.rows)
        status = Text(f"{one_line(self.period_label or 'No period')} · ", style="bold")
        status.append(f"{len(self.rows) - missing} of {plural(len(self.rows), 'commitment')} updated, ")
        status.append(f"{missing} without an update", style=themed(BAD, bold=True) if missing else "")
        if self.without_only:
            status.append(" · showing only those (w for all)")
        if not self.rows and self.app.portfolio is not None:
            status = Text(nothing_here(self.app, "plan commitments", self.holders), style="bold")
        self.query_one("#status", Static).update(status)
        self._show_detail(self.query_one("#commitments", RecordTable).highlighted)

    class CommentaryLoaded(Message):
        """Every quarter's commentary on a commitment has been read (posted by a worker)."""

        def __init__(self, row: CommitmentRow, notes: list) -> None:
            super().__init__()
            self.row, self.notes = row, notes

    def _show_detail(self, row: CommitmentRow | None) -> None:
        """The highlighted commitment's teams and commentary; every quarter's (`o`) is read in a
        worker first."""
        if row is not None and self.show_earlier:
            self._read_commentary(row)
        else:
            self._write_detail(row, [])

    @work(thread=True, exclusive=True, group="plan-commentary")
    def _read_commentary(self, row: CommitmentRow) -> None:
        with self.session() as session:
            notes = plan.commentary_over_time(session, row.ref)
        self.post_message(self.CommentaryLoaded(row, notes))

    def on_plan_screen_commentary_loaded(self, message: "PlanScreen.CommentaryLoaded") -> None:
        if self.show_earlier and message.row is self.query_one("#commitments", RecordTable).highlighted:
            self._write_detail(message.row, message.notes)

    def _write_detail(self, row: CommitmentRow | None, notes: list) -> None:
        text = Text()
        if row is not None:
            text.append(f"{visible(row.ref)} ", style="bold")
            text.append(visible(row.text) + "\n")
            text.append("Who: ", style="bold")
            text.append(visible("; ".join(row.owners)) or "no team named")
            if row.lead:
                text.append(f" · kept up to date by {visible(row.lead)}")
            text.append("\n")
            if self.show_earlier:
                for label, note in notes:
                    text.append(f"{visible(label)} · {visible(note.team)}: ", style="bold")
                    text.append(visible(note.text) + "\n")
                if not notes:
                    text.append("No commentary in any quarter.\n", style="italic")
            elif row.commentary:
                for note in row.commentary:
                    text.append(f"{visible(note.team)}: ", style="bold")
                    text.append(visible(note.text) + "\n")
            else:
                text.append(f"✗ No update for {visible(row.period or 'this period')} yet", style=themed(BAD, bold=True))
                text.append(" (a to add one).\n" if not self.app.read_only else ".\n")
        self.query_one("#detail-text", Static).update(text)

    def on_record_table_highlighted(self, event: RecordTable.Highlighted) -> None:
        if event.control.id == "priorities":
            self._show_commitments()
        else:
            self._show_detail(event.record)

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        event.stop()
        if event.control.id == "priorities":
            self.focus_list()
        else:
            self.action_update()

    def action_switch_pane(self) -> None:
        commitments = self.query_one("#commitments", RecordTable)
        (self.query_one("#priorities", RecordTable) if commitments.has_focus else commitments).focus()

    def action_without_update(self) -> None:
        self.without_only = not self.without_only
        self._show_commitments()

    def action_earlier(self) -> None:
        self.show_earlier = not self.show_earlier
        self._show_detail(self.query_one("#commitments", RecordTable).highlighted)

    def action_update(self) -> None:
        row = self.query_one("#commitments", RecordTable).highlighted
        if row is None or self.app.read_only or self.period_label is None:
            return
        add_update(self, row, self.period_label)


def add_update(screen: TrackerScreen, row: CommitmentRow, period: str) -> None:
    """Ask for a team's commentary on `row` for `period` and save it; a new quarter's update
    is a new record, so the last quarter's stays as it was."""
    teams = list(row.owners) or ["(no team named)"]
    existing = {note.team: note.text for note in row.commentary}
    first = next((t for t in teams if t not in existing), teams[0])
    with screen.session() as session:
        versions = {t: changes.record_version(session, "commentary", plan.commentary_ref(row.ref, t), period)
                    for t in teams}

    def save(values: dict):
        from tracker.db.errors import InvalidInput
        from tracker.db.schemas import validated

        try:
            data = validated(CommentaryInput, {"period": period, **values}, where=f"commitment {row.ref}")
        except InvalidInput as exc:
            return exc
        return store_call(screen, plan.write_commentary, ref=row.ref, data=data,
                          expected=versions.get(data.team))

    fields = [
        Field("team", "Team", kind="choice", required=True, choices=[first, *(t for t in teams if t != first)]),
        Field("text", f"Update for {period}", kind="long", required=True),
    ]

    def done(result: dict | None) -> None:
        if result is not None:
            screen.notify(f"Commitment {row.ref}: update for {period} saved", markup=False)
            screen.reload()

    screen.app.push_screen(
        RecordForm(title=one_line(f"{row.ref} {row.text}"), fields=fields, values={"team": first, "text": existing.get(first, "")},
                   save=save, creating=True),
        done,
    )
