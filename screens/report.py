"""The report dialog: which format, which folder and which file. It offers a folder (config
`report_dir`, else the documents folder, else home: never the current directory) and asks
before it replaces a file that is there already. It only asks; the app writes the report."""

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Button, Input, Label, Select, Static
from tracker.screens.render import one_line, visible

FORMATS = (("Word (.docx)", "docx"), ("HTML (.html)", "html"), ("Markdown (.md)", "md"))


@dataclass(frozen=True)
class ReportRequest:
    """A report the user asked for."""

    period: str
    fmt: str
    path: str
    portfolio: str | None = None
    """The portfolio in view when it was asked for (None: all)."""
    overwrite: bool = False
    """The user said yes to replacing the file there; without it, one that appears meanwhile is kept."""


def offered_folder(configured: str | None) -> str:
    """The folder the dialog offers, as typed in the config, or the default with `~` for home."""
    from tracker.db.files import report_folder

    if configured:
        return configured
    folder, home = report_folder(None), Path.home()
    return "~" if folder == home else f"~/{folder.relative_to(home)}" if folder.is_relative_to(home) else str(folder)


def report_target(folder: str, name: str) -> Path:
    """Where the report goes: `name` in `folder`, unless `name` is a path of its own (/..., ~/...)."""
    path = Path(name.strip()).expanduser()
    return path if path.is_absolute() else Path(folder.strip() or ".").expanduser() / path


class ReportModal(ModalScreen[ReportRequest | None]):
    """Ask for a report's format and file name; Escape cancels."""

    CSS_PATH = "report.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="report.cancel", tooltip="Close without writing anything"),
        Binding("ctrl+s", "submit", "Write", id="report.write", tooltip="Write the report"),
    ]

    def __init__(self, period: str) -> None:
        super().__init__()
        self.period = period
        """The period the report is for."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(one_line(f"Board report for {self.period}")), id="title")
            yield Label("Format")
            yield Select(FORMATS, value="docx", allow_blank=False, id="format")
            yield Label("Folder")
            yield Input(value=visible(offered_folder(self.app.settings.report_dir), lines=False), id="folder")
            yield Label("File")
            yield Input(
                value=self._default_name("docx"), id="path",
                validators=[Function(lambda text: bool(text.strip()), "A file name is needed")],
            )
            yield Static(id="error")
            with Horizontal(id="buttons"):
                yield Button("Write (ctrl+s)", variant="primary", id="write")
                yield Button("Cancel (esc)", id="cancel")

    def _default_name(self, fmt: str) -> str:
        from tracker.db.files import report_file_name

        name = report_file_name(self.app.portfolio, self.period, fmt)
        return visible(name, lines=False)  # a control character in the label is named, not typed

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        stem, dot, suffix = path.value.rpartition(".")
        if dot and suffix in {value for _, value in FORMATS}:
            path.value = f"{stem}.{event.value}"

    def on_input_submitted(self) -> None:
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_submit() if event.button.id == "write" else self.action_cancel()

    def action_submit(self) -> None:
        path = self.query_one("#path", Input)
        result = path.validate(path.value)
        if result is not None and not result.is_valid:
            self.query_one("#error", Static).update("A file name is needed")
            path.focus()
            return
        fmt = str(self.query_one("#format", Select).value)
        target = report_target(self.query_one("#folder", Input).value, path.value)
        if not (target.exists() or target.is_symlink()) or target.is_dir():  # a folder is refused when written
            self.dismiss(ReportRequest(self.period, fmt, str(target), self.app.portfolio))
            return
        from tracker.screens.forms import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(ReportRequest(self.period, fmt, str(target), self.app.portfolio, overwrite=True))
            else:
                path.focus()

        self.app.push_screen(ConfirmModal(f"{visible(str(target), lines=False)} exists already: replace it?"),
                             answered)

    def action_cancel(self) -> None:
        self.dismiss(None)
