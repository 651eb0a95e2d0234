"""The Paper screen (key 8): the board paper of the portfolio and period in view, its outline on
the left and the highlighted section on the right, as it will print.

Enter edits a section's text (a narrative, or a data section's lead-in); the other keys add a
section, move it, confirm one copied from last period's paper as it is, and edit the front sheet.
A frozen (approved or presented) paper, a user without rights and a read-only session are told
why before any editor opens; the store refuses the same again on every write.
"""

from dataclasses import dataclass, field

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static
from tracker.db import paper_checks, paper_views, papers, views
from tracker.db.enums import SectionKind
from tracker.db.errors import TrackerError
from tracker.db.paper_schemas import SectionUpdate
from tracker.db.paper_views import PaperInfo, PaperView, SectionInfo
from tracker.screens import paper_forms
from tracker.screens.base import FAILED, PeriodChoice, TrackerScreen
from tracker.screens.paper_preview import Preview, section_text
from tracker.screens.render import fit, one_line, visible
from tracker.screens.table import Column, RecordTable
from tracker.screens.theme import MUTED, themed

STALE = "⚠"
"""Beside a section copied from last period's paper and not yet updated for this one."""
KIND_WORDS = {SectionKind.NARRATIVE: "narrative", SectionKind.SUMMARY: "summary", SectionKind.DASHBOARD: "table 1",
              SectionKind.WORKSTREAMS: "workstreams", SectionKind.RISKS: "risks", SectionKind.ACTIONS: "actions",
              SectionKind.MEASURES: "measures", SectionKind.COMMITMENTS: "commitments",
              SectionKind.CONSULTATION: "consulted", SectionKind.LINKS: "links"}
"""A section's kind in the outline's 12 columns (the pane names it in full)."""


def _outline_heading(section: SectionInfo) -> Text:
    """"5.0 Current Work…", "  6.1 Links…" under its section, "  ↳ …" for one that continues it."""
    if section.number is None:
        return Text("  ↳ " + one_line(section.caption or section.kind.label), style="italic")
    return Text(("  " if "." in section.number else "") + one_line(section.heading))


OUTLINE_COLUMNS = [
    Column("", 1, lambda s: Text(STALE, style="bold") if s.stale else ""),
    Column("Section", None, _outline_heading),
    Column("Kind", 12, lambda s: Text(KIND_WORDS[s.kind], style="" if s.kind == SectionKind.NARRATIVE else "italic")),
]


@dataclass(frozen=True)
class PaperData:
    """What the screen shows, read in a worker."""

    period: str | None
    papers: list[PaperInfo] = field(default_factory=list)
    view: PaperView | None = None
    preview: Preview = field(default_factory=Preview)
    previous: str | None = None
    """Last period's label, when it has a paper of the kind in view (a new one can copy it)."""
    problem: str = ""


class PaperScreen(PeriodChoice, TrackerScreen):
    """A portfolio's board paper for a period, section by section."""

    TITLE = "Paper"
    EDIT_ACTIONS = frozenset({"add", "move", "confirm", "front", "new"})
    FILTER_HINT = "filter sections by title or kind"
    DEFAULT_CSS = """
    PaperScreen #status { height: auto; max-height: 3; padding: 0 1; }
    PaperScreen #panes { height: 1fr; }
    PaperScreen #outline { width: 1fr; min-width: 36; max-width: 56; border-right: vkey $panel-lighten-2; }
    PaperScreen #section-pane { width: 1fr; padding: 0 1; }
    PaperScreen #legend { height: auto; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("enter", "edit", "Edit", id="paper.edit", tooltip="Edit the highlighted section's text"),
        Binding("a", "add", "Add", id="paper.add", tooltip="Add a section after the highlighted one"),
        Binding("K,shift+up", "move(-1)", "Up", id="paper.move_up", show=False, tooltip="Move the highlighted section up"),
        Binding("J,shift+down", "move(1)", "Down", id="paper.move_down", show=False,
                tooltip="Move the highlighted section down"),
        Binding("c", "confirm", "Confirm", id="paper.confirm", show=False,
                tooltip="Confirm a section not yet updated for this period as it is"),
        Binding("f", "front", "Front sheet", id="paper.front", show=False, tooltip="Edit the front sheet"),
        Binding("n", "new", "New paper", id="paper.new",
                tooltip="Start this period's paper from a template or from last period's"),
        Binding("k", "next_kind", "Kind", id="paper.kind", show=False,
                tooltip="Show the portfolio's next paper of this period (another kind)"),
        Binding("tab", "switch_pane", "Pane", id="paper.pane", show=False,
                tooltip="Move between the outline and the section (to scroll it)"),
        Binding("left_square_bracket", "period(-1)", "Prev", id="paper.previous_period", show=False,
                tooltip="The period before"),
        Binding("right_square_bracket", "period(1)", "Next", id="paper.next_period", show=False,
                tooltip="The period after"),
        Binding("p", "pick_period", "Period", id="paper.pick_period", show=False, tooltip="Choose the period ([ and ] step)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period_label: str | None = None
        self.kind: str | None = None
        """The kind of paper on show, when the portfolio has several for the period."""
        self.data = PaperData(None)

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(id="status")
        with Horizontal(id="panes"):
            yield RecordTable(OUTLINE_COLUMNS, search=lambda s: f"{s.heading} {s.kind.label} {s.key}", id="outline")
            with VerticalScroll(id="section-pane"):
                yield Static(id="section")
        yield Static(id="legend")
        yield from self.compose_bottom()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.data.view
        if action == "new" and (view is not None or not self.data.period):
            return False  # there is a paper already, or the screen has not read yet
        if action in ("add", "move", "confirm", "front", "edit") and view is None:
            return False
        if action == "next_kind" and len(self.data.papers) < 2:
            return False
        return super().check_action(action, parameters)

    # -- reading -----------------------------------------------------------------------------

    def read(self, session) -> PaperData:
        code = self.app.portfolio
        if code is None:
            return PaperData(None, problem="A paper is of one portfolio: press P to choose one.")
        label = self.period_label
        if label is None:
            latest = views.latest_period(session, code)
            label = latest.label if latest else None
        if label is None:
            return PaperData(None, problem=f"{code} has no periods yet; add one with `tracker period add`.")
        found = paper_views.papers(session, code, label)
        chosen = next((p for p in found if p.kind == self.kind), found[0] if found else None)
        previous = _previous_paper(session, label, code, chosen.kind if chosen else "report")
        if chosen is None:
            return PaperData(label, found, previous=previous)
        view = paper_views.paper(session, chosen.key)
        return PaperData(label, found, view, self._preview(session, code, label), previous)

    def _preview(self, session, code: str, label: str) -> Preview:
        try:
            report = self.app.paper_report(session, code, label)
            problem = ""
        except TrackerError as exc:
            report, problem = None, str(exc)
        return Preview(report, problem, paper_views.narratives(session, label),
                       {p.code: p.name for p in views.portfolios(session)}, paper_checks.consulted(session, code, label))

    def show(self, data: PaperData) -> None:
        self.data, self.period_label = data, data.period
        view = data.view
        self.kind = view.info.kind if view else self.kind
        table = self.query_one("#outline", RecordTable)
        table.set_records(view.sections if view else [], keep=lambda s: s.key)
        self._show_status()
        self._show_section(table.highlighted)
        self.refresh_bindings()

    def _show_status(self) -> None:
        data, view = self.data, self.data.view
        status = Text()
        legend = Text()
        if view is None:
            status.append(one_line(data.problem) if data.problem else self._empty(), style="bold")
        else:
            info = view.info
            status.append(fit(info.title, 40), style="bold")
            status.append(f" · {fit(info.kind, 20)} · {one_line(data.period)} · {info.status.value}")
            if info.front["version"]:
                status.append(f" · version {one_line(str(info.front['version']))}")
            if info.frozen:
                status.append(" · frozen: a change needs a new version", style="bold")
            if len(data.papers) > 1:
                status.append(f" · paper {data.papers.index(info) + 1} of {len(data.papers)} (k: next kind)")
            if view.stale:
                legend.append(f"{STALE} {len(view.stale)} not yet updated for {fit(data.period, 16)}: "
                              "edit, or c to confirm as it is")
        self.query_one("#status", Static).update(status)
        self.query_one("#legend", Static).update(legend)
        self.query_one("#legend", Static).display = bool(legend)

    def _empty(self) -> str:
        """The empty state: there is no paper yet, and how to start one."""
        data = self.data
        where = f"{one_line(self.app.portfolio)} has no paper for {one_line(data.period)} yet."
        if self.app.read_only:
            return f"{where} (read-only: nothing can be started here)"
        start = f"n starts one from a template{f' or from {one_line(data.previous)} paper' if data.previous else ''}"
        return f"{where} {start}; or `tracker paper new`."

    def _show_section(self, section: SectionInfo | None) -> None:
        pane = self.query_one("#section", Static)
        if section is None:
            pane.update(Text(""))
            return
        out = Text()
        out.append(section.heading or f"{section.kind.label} (continues {self._continued(section)})", style="bold")
        out.append("\n")
        words = "Narrative" if section.kind == SectionKind.NARRATIVE else f"Data: {section.kind.label.lower()}"
        more = " · paragraphs numbered" if section.numbered else ""
        caption = f" · caption “{visible(section.caption)}”" if section.caption else ""
        out.append(f"{words}{more}{caption} · key {one_line(section.key)}\n", style=themed(MUTED))
        if section.stale:
            out.append(f"{STALE} Not yet updated for {one_line(self.data.period)}: copied from last period's paper. "
                       "Edit it, or press c to confirm it as it is.\n", style="bold")
        out.append("\n")
        out.append_text(section_text(section, self.data.preview))
        pane.update(out)

    def _continued(self, section: SectionInfo) -> str:
        """The heading of the titled section `section` continues."""
        before = [s for s in self.data.view.sections if s.position < section.position and s.number is not None]
        return one_line(before[-1].heading) if before else "the front sheet"

    def on_record_table_highlighted(self, event: RecordTable.Highlighted) -> None:
        self._show_section(event.record)

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        event.stop()
        self.action_edit()

    def focus_list(self) -> None:
        self.query_one("#outline", RecordTable).focus()

    # -- actions -----------------------------------------------------------------------------

    @property
    def section(self) -> SectionInfo | None:
        return self.query_one("#outline", RecordTable).highlighted

    def _refusal(self, what: str) -> str | None:
        """Why this user may not change the paper now (read-only, no rights, frozen), if so."""
        if self.app.read_only:
            return f"Read-only: {self.app.read_only_reason}; the paper cannot be changed here."
        with self.session() as session:
            return paper_checks.paper_refusal(session, self.app.user, self.data.view.info.key, what)

    def action_edit(self) -> None:
        section = self.section
        if self.data.view is None or section is None:
            return
        if refusal := self._refusal(f"section {section.key}"):
            self.notify(visible(refusal), severity="warning", timeout=8)
            return
        paper_forms.edit_section_text(self, self.data.view.info.key, section.key, self._saved(f"{section.key} saved"))

    def _saved(self, message: str):
        def done(result) -> None:
            if result is not None:
                self.notify(message)
                self.reload()

        return done

    def action_add(self) -> None:
        section = self.section
        position = section.position + 1 if section else 1
        if self.data.view is not None and not self._say_refusal("a section"):
            paper_forms.add_section(self, self.data.view.info.key, position, self._saved("Section added"))

    def _say_refusal(self, what: str) -> bool:
        if refusal := self._refusal(what):
            self.notify(visible(refusal), severity="warning", timeout=8)
            return True
        return False

    def action_move(self, step: int) -> None:
        section, view = self.section, self.data.view
        if section is None or view is None:
            return
        position = section.position + step
        if not 1 <= position <= len(view.sections):
            return
        if self.write(papers.move_section, key=view.info.key, section=section.key, position=position) is not FAILED:
            self.reload()

    def action_confirm(self) -> None:
        section, view = self.section, self.data.view
        if section is None or view is None:
            return
        if not section.stale:
            self.notify(f"{one_line(section.key)} is up to date already.")
            return
        if self.write(papers.edit_section, key=view.info.key, section=section.key,
                      changes=SectionUpdate(stale=False)) is not FAILED:
            self.notify(f"{one_line(section.key)} confirmed for {one_line(self.data.period)} as it is")
            self.reload()

    def action_front(self) -> None:
        if self.data.view is not None and not self._say_refusal("the front sheet"):
            paper_forms.front_sheet(self, self.data.view.info, self._saved("Front sheet saved"))

    def action_new(self) -> None:
        if self.data.view is None and self.data.period and self.app.portfolio:
            paper_forms.new_paper(self, self.app.portfolio, self.data.period, self.data.previous,
                                  self._saved("Paper started"))

    def action_next_kind(self) -> None:
        kinds = [p.kind for p in self.data.papers]
        if len(kinds) > 1:
            self.kind = kinds[(kinds.index(self.kind) + 1) % len(kinds)] if self.kind in kinds else kinds[0]
            self.reload()

    def action_switch_pane(self) -> None:
        outline = self.query_one("#outline", RecordTable)
        (self.query_one("#section-pane") if outline.has_focus else outline).focus()


def _previous_paper(session, label: str, code: str, kind: str) -> str | None:
    """Last period's label, if `code` has a paper of `kind` for it."""
    period = next((p for p in views.periods(session, code) if p.label == label), None)
    before = views.previous_period(session, period) if period else None
    if before is None:
        return None
    return before.label if any(p.kind == kind for p in paper_views.papers(session, code, before.label)) else None
