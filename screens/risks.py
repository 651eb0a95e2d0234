"""The risk register: sorted by score, a likelihood x impact heat map, mitigating actions."""

from collections import Counter

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static
from tracker.db.words import plural, word
from tracker.db import store, views
from tracker.db.risk_rules import band_of, mitigation_statement
from tracker.db.views import ActionRow, RiskRow
from tracker.screens import editing
from tracker.screens.base import FAILED, TrackerScreen
from tracker.screens.forms import ConfirmModal
from tracker.screens.portfolios import with_marks
from tracker.screens.render import one_line
from tracker.screens.table import Column, RecordTable
from tracker.screens.theme import on_themed


BAND_MARK = {"low": "░", "medium": "▒", "high": "▓"}
"""An empty cell's fill by its band: the shade says the band without colour (NO_COLOR)."""
TARGET_MARK = "◇"
"""Where risks aim to be (their target likelihood x impact); a digit counts those there now."""


TRAVEL_MARK = {"up": "▲", "down": "▼", "unchanged": "="}
"""The direction of travel as the register's column shows it."""


class HeatMap(Widget, can_focus=True):
    """Likelihood (rows, highest at the top) by impact (columns): each cell counts the risks there
    now and marks with ◇ where risks aim to be (their target); an empty cell is shaded by its band
    (░ low, ▒ medium, ▓ high), so the bands read without colour too."""

    DEFAULT_CSS = "HeatMap { width: auto; height: auto; padding: 0 1; } HeatMap:focus { background: $boost; }"
    BINDINGS = [
        Binding("up", "move(1, 0)", "Likelier", show=False, id="heatmap.likelier", tooltip="One likelihood up"),
        Binding("down", "move(-1, 0)", "Less likely", show=False, id="heatmap.less_likely",
                tooltip="One likelihood down"),
        Binding("left", "move(0, -1)", "Less impact", show=False, id="heatmap.less_impact", tooltip="One impact left"),
        Binding("right", "move(0, 1)", "More impact", show=False, id="heatmap.more_impact",
                tooltip="One impact right"),
        Binding("enter", "choose", "Show cell", id="heatmap.choose", tooltip="List the risks in this cell"),
    ]

    cell: reactive[tuple[int, int]] = reactive((1, 1))

    class CellChosen(Message):
        def __init__(self, likelihood: int, impact: int) -> None:
            super().__init__()
            self.likelihood, self.impact = likelihood, impact

    def __init__(self, likelihood_max: int, impact_max: int) -> None:
        super().__init__()
        self.likelihood_max, self.impact_max = likelihood_max, impact_max
        self.counts: Counter[tuple[int, int]] = Counter()
        self.targets: Counter[tuple[int, int]] = Counter()
        self.chosen: tuple[int, int] | None = None

    def set_counts(self, risks: list[RiskRow]) -> None:
        self.counts = Counter((r.likelihood, r.impact) for r in risks if r.likelihood and r.impact)
        self.targets = Counter((r.target_likelihood, r.target_impact) for r in risks
                               if r.target_likelihood and r.target_impact)
        self.refresh(layout=True)

    def band_of(self, likelihood: int, impact: int) -> str:
        """The cell's band, by the register's one rule (db/risk_rules.band)."""
        return band_of(likelihood * impact, self.likelihood_max * self.impact_max)

    def _band(self, likelihood: int, impact: int) -> Style:
        """The cell's band as a background from the theme: low, medium or high."""
        level = self.band_of(likelihood, impact)
        return on_themed({"low": "success", "medium": "warning", "high": "error"}[level])

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def cell_text(self, likelihood: int, impact: int) -> str:
        """Two characters: the count of risks there now and ◇ for targets, else the band's shade."""
        count, target = self.counts.get((likelihood, impact), 0), self.targets.get((likelihood, impact), 0)
        body = (str(count) if count else "") + (TARGET_MARK if target else "")
        return f"{body[-2:]:^2}" if body else BAND_MARK[self.band_of(likelihood, impact)] * 2

    def render(self) -> Text:
        text = Text("L\\I " + "".join(f"{i:^4}" for i in range(1, self.impact_max + 1)) + "\n", style="bold")
        for likelihood in range(self.likelihood_max, 0, -1):
            text.append(f"{likelihood:>3} ", style="bold")
            for impact in range(1, self.impact_max + 1):
                here = (likelihood, impact) == self.cell and self.has_focus
                chosen = (likelihood, impact) == self.chosen
                body = self.cell_text(likelihood, impact)
                body = f"[{body}]" if here or chosen else f" {body} "
                text.append(body, style=self._band(likelihood, impact) + (Style(bold=True, reverse=True) if here else Style()))
            text.append("\n")
        text.append(f"n risks now · {TARGET_MARK} target · ░ low ▒ medium ▓ high", style="dim")
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, d_likelihood: int, d_impact: int) -> None:
        likelihood, impact = self.cell
        self.cell = (max(1, min(self.likelihood_max, likelihood + d_likelihood)),
                     max(1, min(self.impact_max, impact + d_impact)))

    def action_choose(self) -> None:
        self.chosen = self.cell
        self.post_message(self.CellChosen(*self.cell))
        self.refresh()


COLUMNS = [
    Column("Ref", 6, lambda r: r.ref),
    Column("Risk", None, lambda r: r.title),
    Column("Owner", 12, lambda r: r.owner or "", grow=1, most=32),
    Column("Score", 5, lambda r: Text(str(r.score) if r.score is not None else "—", style="bold")),
    Column("Target", 6, lambda r: str(r.target_score) if r.target_score is not None else "—"),
    Column("LxI", 5, lambda r: f"{r.likelihood}x{r.impact}" if r.likelihood else "—"),
    Column("Acts", 4, lambda r: str(r.actions)),
    Column("Dir", 3, lambda r: TRAVEL_MARK.get(r.direction, "")),
]


class RisksScreen(TrackerScreen):
    """The register, highest score first, current beside target, with its heat map."""

    TITLE = "Risks"
    EDIT_ACTIONS = frozenset({"new", "edit", "delete"})
    FILTER_HINT = "filter by ref, title, owner"
    DEFAULT_CSS = """
    RisksScreen #top { height: auto; }
    RisksScreen #legend { width: 1fr; padding: 0 1; }
    RisksScreen #register { height: 1fr; }
    RisksScreen #mitigations { height: auto; max-height: 5; padding: 0 1; }
    """
    BINDINGS = [
        Binding("enter,e", "edit", "Rescore/edit", id="risks.edit", tooltip="Edit or rescore the highlighted risk"),
        Binding("n", "new", "New", id="risks.new", tooltip="Add a risk"),
        Binding("h", "heat_map", "Heat map", id="risks.heat_map", tooltip="Move to the heat map to pick a cell"),
        Binding("x", "clear_cell", "All cells", id="risks.clear_cell", show=False, tooltip="Stop filtering by heat-map cell"),
        Binding("d", "delete", "Delete", id="risks.delete", show=False, tooltip="Delete the highlighted risk"),
        Binding("enter", "read_detail", "Detail", id="risks.read", show=False,
                tooltip="Read-only mode: read every field of the highlighted risk"),
        Binding("i", "detail", "Detail", id="risks.detail", show=False,
                tooltip="Read every field of the highlighted risk (Enter in read-only mode); h there: its history"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RiskRow] = []
        self.actions: list[ActionRow] = []
        self.cell: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        scale = self.app.settings.risk_scale
        yield from self.compose_top()
        with Horizontal(id="top"):
            yield HeatMap(scale.likelihood, scale.impact)
            yield Static(id="legend")
        yield RecordTable(with_marks(COLUMNS, "Risk", self),
                          search=lambda r: f"{r.ref} {r.title} {r.owner or ''} {r.workstream or ''} {r.portfolio or ''}",
                          id="register")
        yield Static(id="mitigations")
        yield from self.compose_bottom()

    def read(self, session) -> tuple[list[RiskRow], list[ActionRow]]:
        return (views.risks(session, portfolio=self.app.portfolio),
                [a for a in views.actions(session, portfolio=self.app.portfolio) if a.risk])

    def show(self, data: tuple[list[RiskRow], list[ActionRow]]) -> None:
        self.rows, self.actions = data
        self.query_one(HeatMap).set_counts([r for r in self.rows if r.status != "closed"])
        self._show()

    def _show(self) -> None:
        rows = self.rows if self.cell is None else [r for r in self.rows if (r.likelihood, r.impact) == self.cell]
        self.query_one(RecordTable).set_records(rows, keep=lambda r: r.ref)
        scored = sum(1 for r in self.rows if r.likelihood)
        text = Text(f"{plural(len(self.rows), 'risk')}, {scored} scored on the matrix, "
                    f"{sum(r.register_kind == 'force' for r in self.rows)} on the force register.\n")
        if self.cell:
            text.append(f"Showing likelihood {self.cell[0]} x impact {self.cell[1]}", style="bold")
            text.append(" (x for all).\n")
        text.append("h: heat map, arrows move, Enter lists a cell.", style="dim")
        self.query_one("#legend", Static).update(text)
        self._show_mitigations(self.query_one(RecordTable).highlighted)

    def _show_mitigations(self, risk: RiskRow | None) -> None:
        text = Text()
        if risk is not None:
            mine = [a for a in self.actions if a.risk == risk.ref]
            text.append(f"Mitigating actions for {one_line(risk.ref)} ({len(mine)}): ", style="bold")
            text.append("; ".join(f"{one_line(a.ref)} {one_line(a.title)} [{word(a.status)}"
                                  f"{', OVERDUE' if a.overdue else ''}]" for a in mine) or "none recorded")
            if statement := mitigation_statement(risk.mitigation_count, risk.mitigation_areas):
                text.append(f"\nAs the paper says: {one_line(statement)}")
            if risk.controls:
                text.append(f"\nControls ({len(risk.controls)}): ", style="bold")
                text.append("; ".join(f"{one_line(c.description)} [{c.effectiveness}]" for c in risk.controls))
        self.query_one("#mitigations", Static).update(text)

    def on_record_table_highlighted(self, event: RecordTable.Highlighted) -> None:
        self._show_mitigations(event.record)

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

        if (risk := self.query_one(RecordTable).highlighted) is not None:
            show_detail(self, "risk", risk.ref)

    def on_heat_map_cell_chosen(self, event: HeatMap.CellChosen) -> None:
        self.cell = (event.likelihood, event.impact)
        self._show()
        self.focus_list()

    def action_heat_map(self) -> None:
        self.query_one(HeatMap).focus()

    def action_clear_cell(self) -> None:
        self.cell = None
        self.query_one(HeatMap).chosen = None
        self.query_one(HeatMap).refresh()
        self._show()

    def action_edit(self) -> None:
        if not self.app.read_only and (risk := self.query_one(RecordTable).highlighted) is not None:
            editing.edit_risk(self, risk.ref)

    def action_new(self) -> None:
        editing.new_risk(self)

    def action_delete(self) -> None:
        if (risk := self.query_one(RecordTable).highlighted) is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and self.write(store.delete_risk, ref=risk.ref) is not FAILED:
                self.reload()

        self.app.push_screen(ConfirmModal(f"Delete risk {risk.ref} {risk.title}?"), answered)
