"""Ready for the board? The findings of the readiness check, one per line."""

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label
from tracker.db import progress
from tracker.db.records import session_on
from tracker.screens.render import fit, one_line

KIND_LABEL = {
    "unassessed": "No RAG",
    "no_rationale": "No rationale",
    "overdue_action": "Overdue",
    "review_overdue": "Review due",
    "period_open": "Period open",
    "stale_section": "Not updated",
}


class CheckModal(ModalScreen[None]):
    """What would embarrass a lead at the board for the period on show."""

    CSS_PATH = "check.tcss"
    BINDINGS = [Binding("escape,c,q", "close", "Close", id="check.close", tooltip="Back to the dashboard")]

    def __init__(self, period: str) -> None:
        super().__init__()
        self.period = period

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(id="title")
            yield DataTable(id="findings", cursor_type="row")

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
        table = self.query_one("#findings", DataTable)
        table.add_column("What", width=12)
        table.add_column("Ref", width=7)
        table.add_column("Detail")
        for finding in findings:
            table.add_row(Text(KIND_LABEL[finding.kind]), Text(fit(finding.ref, 7)), Text(one_line(finding.message)))
        table.display = bool(findings)

    def _paper(self) -> str:
        """ "Collaboration 2023": the portfolio in view and the period checked."""
        return fit(f"{self.app.portfolio_name} {self.period}", 48)

    def action_close(self) -> None:
        self.dismiss(None)
