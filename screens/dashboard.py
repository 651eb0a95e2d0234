"""The dashboard: the board paper's Table 1, live, for one period at a time."""

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static
from tracker.db.boards import Dashboard, WorkstreamRow
from tracker.db.errors import InvalidInput
from tracker.screens.base import FAILED, PeriodChoice, TrackerScreen
from tracker.screens.portfolios import with_marks
from tracker.screens.render import one_line
from tracker.screens.table import Column, RecordTable

# db.store, db.views (SQLAlchemy) and the forms are imported when first used: the first frame
# is painted from the app's first page, read without them (db/firstpage.py).
from tracker.screens.theme import rag_text, trend_text


@dataclass(frozen=True)
class SectionHeading:
    """A section's title row in the list; the cursor passes over it."""

    code: str
    name: str


def _cell(attribute: str, render=None):
    def cell(record):
        if isinstance(record, SectionHeading):
            return Text(one_line(f"{record.code} {record.name}"), style="bold") if attribute == "ref" else ""
        value = getattr(record, attribute)
        return render(value) if render else one_line(value or "")

    return cell


COLUMNS = [
    Column("Ref", 6, _cell("ref")),
    Column("Workstream", None, _cell("name")),
    Column("RAG", 9, _cell("rag", lambda rag: rag_text(rag, fit=9))),
    Column("Previous", 9, _cell("previous_rag", lambda rag: rag_text(rag, fit=9))),
    Column("Trend", 7, _cell("trend", trend_text)),
    Column("Change", 17, _cell("change", lambda v: Text(v or "—"))),
    Column("Lead", 10, _cell("lead"), grow=1, most=26),
]


def _records(board: Dashboard) -> list:
    """The rows on show, each section preceded by its heading; items no longer reported are
    listed under the table instead."""
    records: list = []
    section = None
    for row in board.rows:
        if row.rag is None and row.status != "active":
            continue
        if row.section != section:
            section = row.section
            records.append(SectionHeading(row.section, row.section_name))
        records.append(row)
    return records


def _search(record) -> str:
    if isinstance(record, SectionHeading):
        return ""
    return (f"{record.ref} {record.name} {record.lead or ''} {record.rag or ''} {record.change or ''} {record.status}"
            f" {record.portfolio or ''}")


class DashboardScreen(PeriodChoice, TrackerScreen):
    """Workstreams grouped by section with current and previous RAG and the change label."""

    TITLE = "Dashboard"
    # Its stylesheet, dashboard.tcss, is read as the app's (TrackerApp.CSS_PATH), for the first frame.
    EDIT_ACTIONS = frozenset({"rate", "carry_forward", "new", "edit", "delete", "periods"})
    BINDINGS = [
        Binding("enter", "open", "Open", id="dashboard.open", tooltip="Open the highlighted workstream"),
        Binding("g", "rate", "RAG", id="dashboard.rate", tooltip="Set this period's RAG with a rationale"),
        Binding("f", "carry_forward", "Carry", id="dashboard.carry_forward",
                tooltip="Keep last period's RAG for this period, recorded as a deliberate no-change"),
        Binding("n", "new", "New", id="dashboard.new", tooltip="Add a workstream"),
        Binding("e", "edit", "Edit", id="dashboard.edit", tooltip="Edit the highlighted workstream"),
        Binding("d", "delete", "Delete", id="dashboard.delete", show=False, tooltip="Delete the highlighted workstream"),
        Binding("left_square_bracket", "period(-1)", "Prev", id="dashboard.previous_period", show=False,
                tooltip="Show the period before this one"),
        Binding("right_square_bracket", "period(1)", "Next", id="dashboard.next_period", show=False,
                tooltip="Show the period after this one"),
        Binding("p", "pick_period", "Period", id="dashboard.pick_period", show=False, tooltip="Choose the period ([ and ] step)"),
        Binding("r", "report", "Report", id="dashboard.report",
                tooltip="Write this period's board report as Word, HTML or Markdown"),
        Binding("c", "check", "Check", id="dashboard.check", show=False,
                tooltip="What needs fixing before this period goes to the board"),
        Binding("t", "periods", "Periods", id="dashboard.periods", show=False,
                tooltip="Add, close, reopen or rename reporting periods (admins)"),
    ]

    class ReportRequested(Message):
        """The user asked for a report; the app writes it."""

        def __init__(self, request: "ReportRequest") -> None:
            super().__init__()
            self.request = request

    def __init__(self) -> None:
        super().__init__()
        self.period_label: str | None = None
        """The period on show; None for the latest."""
        self.board: Dashboard | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(id="summary")
        yield RecordTable(with_marks(COLUMNS, "Workstream", self), search=_search,
                          is_group=lambda r: isinstance(r, SectionHeading), id="board")
        yield Static(id="dropped")
        yield from self.compose_bottom()

    def apply_filter(self, text: str) -> None:
        self.query_one("#board", RecordTable).filter(text)
        if not text:
            self.query_one("#board", RecordTable).action_jump(0)

    @property
    def selected(self) -> WorkstreamRow | None:
        record = self.query_one("#board", RecordTable).highlighted
        return record if isinstance(record, WorkstreamRow) else None

    FIRST_PAGE = 200
    """Rows read before the first frame; the rest follow from a worker thread."""

    class Loaded(Message):
        """Every row of the period has been read (posted by the loading worker)."""

        def __init__(self, generation: int, board: Dashboard, records: list, search: list[str]) -> None:
            super().__init__()
            self.generation, self.board, self.records, self.search = generation, board, records, search

    _generation = 0

    def reload(self) -> None:
        """The first time, the page the app read before SQLAlchemy was imported, if it has one."""
        first = self.app.take_first_page()
        if first is None:
            super().reload()
            return
        self._seen_change, self._seen_portfolio = first.newest_change, self.app.portfolio
        self._show_page(first.board, first.numbers)
        self._first_frame_pending = True
        self.call_after_refresh(self._first_frame_shown)

    _first_frame_pending = False
    """The first page is shown but not yet painted: nothing may import SQLAlchemy until it is."""

    def _first_frame_shown(self) -> None:
        self._first_frame_pending = False
        self.app.open_the_rest()

    def reload_if_changed(self) -> bool:
        """Not before the first frame (the screen resumes as it is first shown): the page read just
        now is as new as it gets, and the check would import SQLAlchemy first."""
        return False if self._first_frame_pending else super().reload_if_changed()

    def load(self) -> None:
        from tracker.db import views

        with self.session() as session:
            try:
                board = views.dashboard(session, self.period_label, portfolio=self.app.portfolio, limit=self.FIRST_PAGE)
            except InvalidInput:  # the period was deleted or renamed elsewhere
                self.period_label = None
                board = views.dashboard(session, portfolio=self.app.portfolio, limit=self.FIRST_PAGE)
        self._show_page(board, None)
        if board.period is not None:  # the counts follow the table's frame, so it waits on nothing
            self.call_after_refresh(self._load_numbers, self._generation, board)

    def _show_page(self, board: Dashboard, summary) -> None:
        self.period_label = board.period.label if board.period else None
        self._generation += 1
        self._show_rows(board, _records(board))
        if summary is not None or board.period is None:
            self._show_summary(board, summary)
        self.app.show_scope()
        if len(board.rows) == self.FIRST_PAGE:
            # After the first frame is on screen, so the loading thread does not delay it.
            self.call_after_refresh(self._load_all, self._generation, self.period_label)

    @work(thread=True, exclusive=True, group="dashboard-load")
    def _load_all(self, generation: int, period: str | None) -> None:
        from tracker.db import views

        with self.session() as session:
            board = views.dashboard(session, period, portfolio=self.app.portfolio)
        records = _records(board)
        search = self.query_one("#board", RecordTable).search_texts(records)
        self.post_message(self.Loaded(generation, board, records, search))

    class NumbersLoaded(Message):
        """The summary line's counts have been read (posted by their worker)."""

        def __init__(self, generation: int, board: Dashboard, numbers) -> None:
            super().__init__()
            self.generation, self.board, self.numbers = generation, board, numbers

    @work(thread=True, exclusive=True, group="dashboard-numbers")
    def _load_numbers(self, generation: int, board: Dashboard) -> None:
        from tracker.db import views

        with self.session() as session:
            numbers = views.period_numbers(session, board.period.label, portfolio=self.app.portfolio)
        self.post_message(self.NumbersLoaded(generation, board, numbers))

    def on_dashboard_screen_numbers_loaded(self, message: "DashboardScreen.NumbersLoaded") -> None:
        if message.generation == self._generation:
            self._show_summary(message.board, message.numbers)

    def on_dashboard_screen_loaded(self, message: "DashboardScreen.Loaded") -> None:
        if message.generation == self._generation:
            self._show_rows(message.board, message.records, message.search)
            from tracker.collector import freeze_survivors

            freeze_survivors()

    def _show_rows(self, board: Dashboard, records: list, search: list[str] | None = None) -> None:
        self.board = board
        table = self.query_one("#board", RecordTable)
        table.set_records(records, keep=lambda r: getattr(r, "ref", None) or r.code, search=search)
        if isinstance(table.highlighted, SectionHeading) or table.highlighted is None:
            table.action_jump(0)

    def _show_summary(self, board: Dashboard, numbers) -> None:
        summary = self.query_one("#summary", Static)
        if board.period is None or numbers is None:
            summary.update("No periods in this portfolio's cycle yet (`tracker period add`); P switches."
                           if self.app.portfolio is not None else
                           "No periods yet: add one with `tracker period add`, or load the seeds.")
            self.query_one("#dropped", Static).update("")
            return
        line = Text(one_line(board.period.label), style="bold")
        if board.period.closed:
            line.append(" (closed)", style="dim")
        line.append("  ")
        line.append(numbers.line())
        summary.update(line)
        text = Text()
        if numbers.dropped:
            text.append(f"No longer reported since {one_line(board.previous.label)}: ", style="bold")
            text.append("; ".join(one_line(f"{d.ref} {d.name} ({d.status})") for d in numbers.dropped))
            if numbers.dropped_total > len(numbers.dropped):
                text.append(f"; and {numbers.dropped_total - len(numbers.dropped)} more")
        self.query_one("#dropped", Static).update(text)

    # -- actions --------------------------------------------------------------------------------

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        self.action_open()

    def action_open(self) -> None:
        if (row := self.selected) is not None:
            from tracker.screens.workstream import WorkstreamScreen

            self.app.push_screen(WorkstreamScreen(row.ref, self.period_label))

    def action_rate(self) -> None:
        from tracker.screens import editing

        if (row := self.selected) is not None and self.period_label:
            editing.rate(self, row.ref, self.period_label)

    def action_carry_forward(self) -> None:
        from tracker.screens import editing

        def carried(result) -> None:
            self.notify(f"{row.ref}: {result.rag.label} carried forward from {self.board.previous.label}", markup=False)
            self.reload()

        if (row := self.selected) is not None and self.period_label:
            editing.carry_forward(self, row.ref, self.period_label, carried)

    def action_new(self) -> None:
        from tracker.screens import editing

        editing.new_workstream(self)

    def action_edit(self) -> None:
        from tracker.screens import editing

        if (row := self.selected) is not None:
            editing.edit_workstream(self, row.ref)

    def action_delete(self) -> None:
        from tracker.db import store
        from tracker.screens.forms import ConfirmModal

        if (row := self.selected) is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and self.write(store.delete_workstream, ref=row.ref) is not FAILED:
                self.reload()

        self.app.push_screen(ConfirmModal(f"Delete workstream {row.ref} {row.name} and its RAGs?"), answered)

    def period_choices(self) -> list:
        from tracker.db import views

        with self.session() as session:
            return views.rating_periods(session, self.app.portfolio)

    def action_report(self) -> None:
        from tracker.screens.report import ReportModal, ReportRequest

        if self.period_label is None:
            self.notify("There is no period to report on yet.", severity="warning", markup=False)
            return

        def requested(request: ReportRequest | None) -> None:
            if request is not None:
                self.post_message(self.ReportRequested(request))

        self.app.push_screen(ReportModal(self.period_label), requested)

    def action_periods(self) -> None:
        from tracker.screens.periods import manage_periods

        manage_periods(self)

    def action_check(self) -> None:
        from tracker.screens.check import CheckModal, go_to_finding

        if (period := self.period_label) is not None:
            self.app.push_screen(CheckModal(period), lambda found: found and go_to_finding(self, found, period))
