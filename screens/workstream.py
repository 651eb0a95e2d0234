"""One workstream: its fields, its RAG in every period, the chosen period's rationale, its
actions and risks, and its history."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static
from tracker.db.dates import show_date
from tracker.db.words import word
from tracker.db import changes, clock, progress, records, store, strand_views, views
from tracker.db.errors import InvalidInput
from tracker.screens import editing
from tracker.screens.base import FAILED, TrackerScreen
from tracker.screens.forms import ConfirmModal
from tracker.screens.paper_preview import narrative as narrative_text
from tracker.screens.render import RAG_SYMBOL, one_line, visible
from tracker.screens.theme import BAD, MUTED, rag_style, rag_text, themed


class WorkstreamScreen(TrackerScreen):
    """Everything about one workstream; Escape goes back."""

    TITLE = "Workstream"
    EDIT_ACTIONS = frozenset({"rate", "carry_forward", "edit", "delete", "add_action", "narrative"})
    DEFAULT_CSS = """
    WorkstreamScreen #body { padding: 0 1; }
    WorkstreamScreen .block { margin-bottom: 1; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="workstream.back", tooltip="Back to the list"),
        Binding("g", "rate", "RAG", id="workstream.rate", tooltip="Set the chosen period's RAG"),
        Binding("f", "carry_forward", "Carry", id="workstream.carry_forward",
                tooltip="Keep the previous period's RAG for the chosen period"),
        Binding("e", "edit", "Edit", id="workstream.edit", tooltip="Edit this workstream"),
        Binding("a", "add_action", "Add action", id="workstream.add_action", tooltip="Add an action for improvement"),
        Binding("t", "narrative", "Narrative", id="workstream.narrative", show=False,
                tooltip="Write the chosen period's narrative: the paper's paragraphs under the rationale"),
        Binding("d", "delete", "Delete", id="workstream.delete", show=False, tooltip="Delete this workstream"),
        Binding("left_square_bracket", "period(-1)", "Prev", id="workstream.previous_period",
                tooltip="The period before", show=False),
        Binding("right_square_bracket", "period(1)", "Next", id="workstream.next_period", tooltip="The period after",
                show=False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return False  # nothing here to filter
        return super().check_action(action, parameters)

    def __init__(self, ref: str, period: str | None) -> None:
        super().__init__()
        self.ref = ref
        self.narratives: dict[str, str] = {}
        """Its narrative by period label, as last read."""
        self.period = period
        """The period whose rationale is shown and which g and f change."""

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with VerticalScroll(id="body"):
            for name in ("fields", "timeline", "rationale", "milestones", "actions", "risks", "history"):
                yield Static(id=name, classes="block")
        yield from self.compose_bottom()


    def focus_list(self) -> None:
        self.query_one("#body").focus()

    def read(self, session) -> tuple:
        from tracker.db.paper_views import narrative

        entries = progress.timeline(session, self.ref)
        self.milestones = strand_views.milestones(session, self.ref)
        return (
            records.record_fields(session, "workstream", self.ref),
            entries,
            [a for a in views.actions(session) if a.workstream == self.ref],
            [r for r in views.risks(session) if r.workstream == self.ref],
            changes.history(session, ref=self.ref, limit=30),
            {e.period.label: narrative(session, e.period.label, workstream=self.ref) for e in entries},
        )

    def load_failed(self, error) -> None:
        if isinstance(error, InvalidInput) and self.app.screen is self:
            self.app.pop_screen()  # deleted, here or elsewhere
        else:
            super().load_failed(error)

    def show(self, data: tuple) -> None:
        record, entries, actions, risks, changes, self.narratives = data
        labels = [e.period.label for e in entries]
        if self.period not in labels and labels:
            self.period = labels[-1]
        self.sub_title = one_line(f"{self.ref} {record['name']}")
        self._show_fields(record)
        self._show_timeline(entries)
        self._show_milestones()
        self._show_lists(actions, risks, changes)

    def _show_milestones(self) -> None:
        """Planned, revised and done dates and % complete, with the state in words (never colour alone)."""
        today = clock.today()
        text = Text()
        text.append(f"Milestones ({len(self.milestones)})\n", style="bold")
        lines = [Text(f"  {one_line(m.title)}  planned {show_date(m.planned) or '—'}"
                      + (f"  revised {show_date(m.revised)}" if m.revised else "")
                      + f"  {m.state(today)}") for m in self.milestones]
        text.append_text(Text("\n").join(lines) if lines else Text("  none", style="dim"))
        self.query_one("#milestones", Static).update(text)

    def _show_fields(self, record: dict) -> None:
        text = Text()
        text.append(f"{self.ref} {one_line(record['name'])}", style="bold")
        text.append(f"  · portfolio {one_line(record.get('portfolio') or '—')}\n")
        for label, key in (("Section", "section"), ("Lead", "lead"), ("Status", "status"), ("Priorities", "priorities")):
            value = record[key]
            value = ", ".join(map(str, value)) if isinstance(value, list) else value
            text.append(f"{label}: ", style="bold")
            text.append(f"{one_line(str(value)) if value not in (None, '', []) else '—'}   ")
        if record["description"]:
            text.append("\n" + visible(record["description"]))
        self.query_one("#fields", Static).update(text)

    def _show_timeline(self, entries: list[progress.TimelineEntry]) -> None:
        line = Text()
        line.append("RAG by period: ", style="bold")
        chosen = None
        for entry in entries:
            mark = "[" if entry.period.label == self.period else " "
            style = rag_style(entry.rag) if entry.rag else themed(MUTED)
            symbol = RAG_SYMBOL[entry.rag] if entry.rag else "·"
            line.append(f"{mark}{one_line(entry.period.label)} ", style="reverse" if mark == "[" else "")
            line.append(symbol + (entry.rag.label[0] if entry.rag else "-"), style=style)
            line.append("] " if mark == "[" else "  ")
            if entry.period.label == self.period:
                chosen = entry
        self.query_one("#timeline", Static).update(line)
        text = Text()
        if chosen is None or chosen.rag is None:
            text.append(one_line(views.not_rated(self.period)), style="bold")
            text.append(" (g to set it, f to carry the last one forward)")
        else:
            text.append(f"{one_line(self.period)}: ", style="bold")
            text.append_text(rag_text(chosen.rag))
            text.append(f"   by {one_line(chosen.assessed_by)}, {one_line(chosen.assessed_at[:10])}\n", style="dim")
            text.append(visible(chosen.rationale or "No rationale recorded."))
        if story := self.narratives.get(self.period, "").strip():
            text.append("\nNarrative (t edits it):\n", style="bold")
            text.append_text(narrative_text(story))
        self.query_one("#rationale", Static).update(text)

    def _show_lists(self, actions, risks, changes) -> None:
        def figure(value) -> str:
            return "—" if value is None else str(value)

        def block(selector: str, heading: str, lines: list[Text]) -> None:
            text = Text()
            text.append(heading + "\n", style="bold")
            text.append_text(Text("\n").join(lines) if lines else Text("  none", style="dim"))
            self.query_one(selector, Static).update(text)

        block("#actions", f"Actions ({len(actions)})", [
            Text(f"  {'  ' * depth}{one_line(a.ref)}  {one_line(a.title)}  {one_line(a.owner)}  due "
                 f"{show_date(a.due_date) or '—'}  {word(a.status)}"
                 + (f"  sub-actions: {a.sub_actions}" if a.sub_actions else ""))
            + (Text("  OVERDUE", style=themed(BAD, bold=True)) if a.overdue else Text())
            for a, depth in strand_views.nested(actions)
        ])
        block("#risks", f"Risks ({len(risks)})", [
            Text(f"  {one_line(r.ref)}  {one_line(r.title)}  score {figure(r.score)} (target {figure(r.target_score)})")
            for r in risks
        ])
        block("#history", "History (newest first; 4 shows all)", [
            Text(f"  {c.at[:16].replace('T', ' ')}  {one_line(c.actor)}  {one_line(c.period or '')}{' ' if c.period else ''}"
                 f"{one_line(c.field)}: {one_line(c.old or '—')[:30]} → {one_line(c.new or '—')[:40]}")
            for c in changes
        ])

    # -- actions --------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_rate(self) -> None:
        if self.period:
            editing.rate(self, self.ref, self.period)

    def action_carry_forward(self) -> None:
        def carried(result) -> None:
            self.notify(f"{self.ref}: last period's RAG carried forward to {self.period}", markup=False)
            self.reload()

        if self.period:
            editing.carry_forward(self, self.ref, self.period, carried)

    def action_edit(self) -> None:
        editing.edit_workstream(self, self.ref)

    def action_narrative(self) -> None:
        from tracker.screens.paper_forms import edit_narrative

        def done(result: str | None) -> None:
            if result is not None:
                self.notify(f"{self.ref}: narrative for {self.period} saved", markup=False)
                self.reload()

        if self.period:
            edit_narrative(self, self.ref, self.period, done)

    def action_add_action(self) -> None:
        editing.new_action(self, {"workstream": self.ref})

    def action_delete(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes and self.write(store.delete_workstream, ref=self.ref) is not FAILED:
                self.app.pop_screen()

        self.app.push_screen(ConfirmModal(f"Delete workstream {self.ref} and its RAGs?"), answered)

    def action_period(self, step: int) -> None:
        with self.session() as session:
            labels = [p.label for p in views.workstream_periods(session, self.ref)]
        if self.period in labels and 0 <= labels.index(self.period) + step < len(labels):
            self.period = labels[labels.index(self.period) + step]
            self.reload()
