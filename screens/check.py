"""Ready for the board? The findings of the readiness check, one per line."""

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static
from tracker.db import progress
from tracker.db.records import session_on
from tracker.db.words import first_upper, word
from tracker.screens.render import fit, one_line

WHAT_WIDTH = 14
"""The widest finding's words ("overdue action", "review overdue")."""
REF_WIDTH = 10


class CheckModal(ModalScreen["progress.Finding | None"]):
    """What would embarrass a lead at the board for the period on show. Enter goes to the
    highlighted finding's record (dismissing with it); its whole detail wraps under the list."""

    CSS_PATH = "check.tcss"
    BINDINGS = [
        Binding("escape,c,q", "close", "Close", id="check.close", tooltip="Back to the dashboard"),
        Binding("enter", "go", "Go to it", id="check.go", tooltip="Go to the highlighted finding's record to fix it"),
    ]

    def __init__(self, period: str) -> None:
        super().__init__()
        self.period = period

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(id="title")
            yield DataTable(id="findings", cursor_type="row")
            yield Static(id="detail")

    class Checked(Message):
        """The readiness check has run (posted by its worker)."""

        def __init__(self, findings: list[progress.Finding]) -> None:
            super().__init__()
            self.findings = findings

    def on_mount(self) -> None:
        self.query_one("#title", Label).update(Text(one_line(f"Checking {self.period}…")))
        self.query_one("#findings", DataTable).display = False
        self._check()

    @work(thread=True, exclusive=True, group="check")
    def _check(self) -> None:
        with session_on(self.app.engine) as session:
            self.post_message(self.Checked(progress.readiness(session, self.period, portfolio=self.app.portfolio)))

    def on_check_modal_checked(self, message: "CheckModal.Checked") -> None:
        findings = message.findings
        title = self.query_one("#title", Label)
        if findings:
            title.update(Text(f"Before {self._paper()} goes to the board: {len(findings)} to fix", style="bold"))
        else:
            title.update(Text(f"{self._paper()} is ready for the board: nothing to fix", style="bold"))
        self.findings = findings
        table = self.query_one("#findings", DataTable)
        table.add_column("What", width=WHAT_WIDTH)
        table.add_column("Ref", width=REF_WIDTH)
        table.add_column("Detail")
        for finding in findings:
            table.add_row(Text(first_upper(word(finding.kind))), Text(fit(finding.ref, REF_WIDTH)),
                          Text(one_line(finding.message)))
        table.display = bool(findings)
        self._show_detail()
        if findings:
            table.focus()

    findings: list = []

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_go()

    def _highlighted(self) -> "progress.Finding | None":
        row = self.query_one("#findings", DataTable).cursor_row
        return self.findings[row] if 0 <= row < len(self.findings) else None

    def _show_detail(self) -> None:
        """The highlighted finding in full, wrapped (the table's column cuts a long one), and
        where Enter takes you."""
        finding = self._highlighted()
        detail = self.query_one("#detail", Static)
        if finding is None:
            detail.update("")
            return
        text = Text(f"{first_upper(word(finding.kind))} · {one_line(finding.ref)}: ", style="bold")
        text.append(one_line(finding.message))
        text.append(f"\nEnter: {GOES_TO[finding.kind]}", style="dim")
        detail.update(text)

    def action_go(self) -> None:
        if (finding := self._highlighted()) is not None:
            self.dismiss(finding)

    def _paper(self) -> str:
        """ "Collaboration 2023": the portfolio in view and the period checked."""
        return fit(f"{self.app.portfolio_name} {self.period}", 48)

    def action_close(self) -> None:
        self.dismiss(None)


GOES_TO = {
    "unassessed": "set its RAG (read-only: open the workstream)",
    "no_rationale": "set its RAG with a rationale (read-only: open the workstream)",
    "overdue_action": "show it in Actions",
    "review_overdue": "show it in Risks",
    "period_open": "manage periods (admins)",
    "total_mismatch": "show it in Measures",
}
"""Where Enter takes each kind of finding."""


def go_to_finding(screen, finding: "progress.Finding", period: str) -> None:
    """Take the user to the record a finding is about, to fix it: the rating form for a
    workstream (its screen in read-only mode), the action or risk in its list, the periods."""
    from tracker.screens import editing

    if finding.kind in ("unassessed", "no_rationale"):
        if screen.app.read_only:
            from tracker.screens.workstream import WorkstreamScreen

            screen.app.push_screen(WorkstreamScreen(finding.ref, period))
        else:
            editing.rate(screen, finding.ref, period)
    elif finding.kind in ("overdue_action", "review_overdue", "total_mismatch"):
        from tracker.screens.navigate import show_record

        modes = {"overdue_action": "actions", "review_overdue": "risks", "total_mismatch": "measures"}
        show_record(screen.app, modes[finding.kind], finding.ref)
    else:
        from tracker.screens.periods import manage_periods

        manage_periods(screen)
