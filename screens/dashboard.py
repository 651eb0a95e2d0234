"""The dashboard: the board paper's Table 1, live, for one period at a time."""

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from tracker.db import views
from tracker.screens.check import CheckModal
from tracker.screens.render import fit, one_line, rag_text
from tracker.screens.report import ReportModal, ReportRequest


class DashboardScreen(Screen):
    """Workstreams grouped by section with current and previous RAG and the change label."""

    CSS_PATH = "dashboard.tcss"
    BINDINGS = [
        Binding("left_square_bracket", "period(-1)", "Prev period", id="dashboard.previous_period",
                tooltip="Show the period before this one"),
        Binding("right_square_bracket", "period(1)", "Next period", id="dashboard.next_period",
                tooltip="Show the period after this one"),
        Binding("r", "report", "Report", id="dashboard.report",
                tooltip="Write this period's board report as Word, HTML or Markdown"),
        Binding("c", "check", "Check", id="dashboard.check",
                tooltip="What needs fixing before this period goes to the board"),
    ]

    class ReportRequested(Message):
        """The user asked for a report; the app writes it."""

        def __init__(self, request: ReportRequest) -> None:
            super().__init__()
            self.request = request

    COLUMNS = (
        ("ref", "Ref", 6), ("name", "Workstream", 24), ("rag", "RAG", 12),
        ("previous", "Previous", 12), ("change", "Change", 16), ("lead", "Lead", 20),
    )
    """Key, heading and width: ref to change fit an 80-column terminal, the lead comes last."""

    def __init__(self) -> None:
        super().__init__()
        self.period_label: str | None = None
        """The period on show; None for the latest."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="read-only-banner")
        yield Static(id="summary")
        yield DataTable(id="board", cursor_type="row", zebra_stripes=True)
        yield Static(id="dropped")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#board", DataTable)
        for key, label, width in self.COLUMNS:
            table.add_column(label, key=key, width=width)
        banner = self.query_one("#read-only-banner", Static)
        banner.display = self.app.read_only
        banner.update("READ-ONLY: nothing can be changed in this session")
        self.refresh_board()

    def refresh_board(self) -> None:
        with Session(self.app.engine) as session:
            board = views.dashboard(session, self.period_label)
        self.period_label = board.period.label if board.period else None
        table = self.query_one("#board", DataTable)
        table.clear()
        for row in board.reported:
            table.add_row(
                Text(row.ref), Text(fit(row.name, 24)), rag_text(row.rag), rag_text(row.previous_rag),
                Text(row.change or ""), Text(fit(row.lead or "—", 20)), key=row.ref,
            )
        if board.period is None:
            self.query_one("#summary", Static).update("No periods yet: add one with `tracker period add`.")
        else:
            title = Text(f"{board.period.label}", style="bold")
            if board.period.closed:
                title.append(" (closed)", style="dim")
            title.append("  ")
            title.append(board.summary().line())
            self.query_one("#summary", Static).update(title)
        dropped = board.summary().dropped
        text = Text()
        if dropped:
            text.append("No longer reported: ", style="bold")
            text.append("; ".join(f"{d.ref} {one_line(d.name)} ({d.status})" for d in dropped))
        self.query_one("#dropped", Static).update(text)

    def action_report(self) -> None:
        if self.period_label is None:
            self.notify("There is no period to report on yet.", severity="warning")
            return

        def requested(request: ReportRequest | None) -> None:
            if request is not None:
                self.post_message(self.ReportRequested(request))

        self.app.push_screen(ReportModal(self.period_label), requested)

    def action_check(self) -> None:
        if self.period_label is not None:
            self.app.push_screen(CheckModal(self.period_label))

    def action_period(self, step: int) -> None:
        with Session(self.app.engine) as session:
            labels = [p.label for p in views.periods(session)]
        if not labels or self.period_label not in labels:
            return
        index = labels.index(self.period_label) + step
        if 0 <= index < len(labels):
            self.period_label = labels[index]
            self.refresh_board()
