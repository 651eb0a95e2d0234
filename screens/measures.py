"""Performance measures by area: last year, this year, the difference, better or worse in a
word and a symbol as well as colour, and a chart of the highlighted measure over periods."""

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static
from textual_plotext import PlotextPlot
from tracker.db import plan
from tracker.db.errors import NotFound
from tracker.db.measures import MeasureRow
from tracker.screens.base import PeriodChoice, TrackerScreen
from tracker.screens.measure_form import set_value
from tracker.screens.measure_chart import breakdown_table, chart_key, chart_points, compared, draw_chart
from tracker.screens.portfolios import elsewhere, nothing_here
from tracker.screens.render import one_line
from tracker.screens.table import Column, RecordTable
from tracker.screens.theme import BAD, GOOD, MUTED, themed

ASSESSMENT = {
    "better": ("▲ better", GOOD),
    "worse": ("▼ worse", BAD),
    "same": ("= same", None),
    "n/a": ("N/A", MUTED),
}
"""Each assessment's word and symbol, and the theme variable it is coloured by."""


def _assessed(key: str) -> Style:
    variable = ASSESSMENT[key][1]
    return themed(variable, bold=key == "worse") if variable else Style()


@dataclass(frozen=True)
class AreaHeading:
    """A group row naming the area the measures below it belong to."""

    area: str


def _cell(row, make):
    return Text(one_line(row.area), style="bold") if isinstance(row, AreaHeading) else make(row)


def _assessment(row: MeasureRow) -> Text:
    word = ASSESSMENT[row.comparison.assessment][0]
    if row.comparison.significant is False:
        word += "*"
    return Text(word, style=_assessed(row.comparison.assessment))


COLUMNS = [
    Column("Ref", 7, lambda r: _cell(r, lambda m: m.ref)),  # a heading row shows only this, across the row
    Column("Measure", None, lambda r: "" if isinstance(r, AreaHeading) else r.name),
    Column("Last", 9, lambda r: "" if isinstance(r, AreaHeading) else Text(r.shown(r.last), justify="right")),
    Column("This", 9, lambda r: "" if isinstance(r, AreaHeading) else Text(r.shown(r.this), justify="right")),
    Column("Diff", 9, lambda r: "" if isinstance(r, AreaHeading)
           else Text(plan.format_difference(r.comparison), justify="right")),
    Column("", 10, lambda r: "" if isinstance(r, AreaHeading) else _assessment(r)),
]


class MeasuresScreen(PeriodChoice, TrackerScreen):
    """Every measure grouped by area, the same period a year before beside this one."""

    TITLE = "Measures"
    EDIT_ACTIONS = frozenset({"set_value"})
    FILTER_HINT = "filter by ref, measure, area"
    DEFAULT_CSS = """
    MeasuresScreen #status { height: 1; padding: 0 1; }
    MeasuresScreen #measures { height: 1fr; }
    MeasuresScreen #figures { height: 7; }
    MeasuresScreen #chart { width: 1fr; }
    MeasuresScreen #breakdown { width: 1fr; padding: 0 1; }
    MeasuresScreen #notes { height: auto; max-height: 3; padding: 0 1; }
    """
    BINDINGS = [
        Binding("v", "set_value", "Set value", id="measures.set_value",
                tooltip="Set the highlighted measure's value for a period"),
        Binding("p", "pick_period", "Period", id="measures.pick_period",
                tooltip="Compare a chosen period with a year before, instead of each measure's latest"),
        Binding("l", "latest", "Latest", id="measures.latest", tooltip="Each measure at its latest value again"),
        Binding("c", "toggle_chart", "Chart", id="measures.chart", tooltip="Show or hide the chart"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period_label: str | None = None
        self.rows: list[MeasureRow] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(id="status")
        yield RecordTable(COLUMNS, search=lambda r: r.area if isinstance(r, AreaHeading) else f"{r.ref} {r.name} {r.area}",
                          is_group=lambda r: isinstance(r, AreaHeading), id="measures")
        with Horizontal(id="figures"):
            yield PlotextPlot(id="chart")
            yield Static(id="breakdown")
        yield Static(id="notes")
        yield from self.compose_bottom()

    holders = ""
    """Where the measures are, when the portfolio on show has none."""

    FIRST_PAGE = 60
    """Measures read and shown at once, on the UI thread (a few ms); the rest follow from a worker."""

    def load(self) -> None:
        """The first page at once, so the table and the first chart show without waiting on the
        rest (at 1,000 measures reading them all takes about 100 ms); then every measure."""
        with self.session() as session:
            data = self.read(session, limit=self.FIRST_PAGE)
        self._loads += 1  # a worker's load still under way is not shown over this one
        self._rest_pending = len(data[1]) == self.FIRST_PAGE
        self.show(data)

    _rest_pending = False
    """The first page is shown: its first chart is drawn at once too, and every measure is read
    after that frame (a worker's long read would hold up the short one the chart waits on)."""

    def _read_the_rest(self) -> None:
        if self._rest_pending:
            self._rest_pending = False
            super().load()

    def read(self, session, limit: int | None = None) -> tuple[str | None, list[MeasureRow]]:
        where = self.app.portfolio
        try:
            rows = plan.measures(session, self.period_label, portfolio=where, limit=limit)
            label = self.period_label
        except NotFound:  # the period went away meanwhile
            label, rows = None, plan.measures(session, None, portfolio=where, limit=limit)
        self.holders = elsewhere(session, "measure") if not rows and where else ""
        return label, rows

    def show(self, data: tuple[str | None, list[MeasureRow]]) -> None:
        self.period_label, self.rows = data
        self._asked = None  # shown again (a reload, a new theme): the chart is drawn again
        grouped: list = []
        area = None
        for row in self.rows:  # in ref order; a heading wherever the area changes
            if row.area != area:
                grouped.append(AreaHeading(row.area))
                area = row.area
            grouped.append(row)
        self.query_one(RecordTable).set_records(grouped, keep=lambda r: ("area", r.area) if isinstance(r, AreaHeading) else r.ref)
        counts = {key: sum(r.comparison.assessment == key for r in self.rows) for key in ASSESSMENT}
        status = compared(self.rows)  # first, so an 80-column terminal shows the periods compared
        status.stylize("bold")
        if self.period_label:
            status = Text(f"{one_line(self.period_label)}: ", style="bold") + status
        status.append(f" · {len(self.rows)}: " if status else f"{len(self.rows)}: ")
        status.append(f"{counts['better']} ▲ better", style=_assessed("better"))
        status.append(", ")
        status.append(f"{counts['worse']} ▼ worse", style=_assessed("worse"))
        status.append(f", {counts['same']} same, {counts['n/a']} N/A · * not significant")
        if not self.rows and self.app.portfolio is not None:
            status = Text(nothing_here(self.app, "measures", self.holders), style="bold")
        self.query_one("#status", Static).update(status)
        self._select_a_measure()
        if not self._rest_pending:  # every measure is read: kept out of the collector's scans
            from tracker.collector import freeze_survivors

            freeze_survivors()

    def _select_a_measure(self) -> None:
        """A measure highlighted, never a heading or nothing, so its chart is drawn at once."""
        table = self.query_one(RecordTable)
        if not isinstance(table.highlighted, MeasureRow):
            table.action_jump(0)
        self._show(table.highlighted)

    def apply_filter(self, text: str) -> None:
        self.query_one(RecordTable).filter(text)
        self._select_a_measure()

    class SeriesLoaded(Message):
        """A measure's every value has been read (posted by the chart's worker)."""

        def __init__(self, row: MeasureRow, values: list) -> None:
            super().__init__()
            self.row, self.values = row, values

    _asked: object = None
    """The row whose values were last asked for: the table's Highlighted after a jump asks again."""

    def _show(self, row) -> None:
        """Chart, breakdown and notes for the highlighted row, once its values are read off the UI thread."""
        if row is self._asked:
            return
        self._asked = row
        if isinstance(row, MeasureRow) and self._rest_pending:  # opening: the first chart with the first page
            with self.session() as session:
                self._draw(row, plan.series(session, row.ref))
            self.call_after_refresh(self._read_the_rest)
        elif isinstance(row, MeasureRow):
            self._read_series(row)
        else:
            self._draw(row, [])

    @work(thread=True, exclusive=True, group="measure-series")
    def _read_series(self, row: MeasureRow) -> None:
        with self.session() as session:
            values = plan.series(session, row.ref)
        self.post_message(self.SeriesLoaded(row, values))

    def on_measures_screen_series_loaded(self, message: "MeasuresScreen.SeriesLoaded") -> None:
        if message.row is self.query_one(RecordTable).highlighted:
            self._draw(message.row, message.values)

    def _draw(self, row, values: list) -> None:
        chart = self.query_one(PlotextPlot)
        chart.plt.clear_data()
        chart.plt.clear_figure()
        breakdown = self.query_one("#breakdown", Static)
        table = breakdown_table(row, values, self.size.width // 2 - 2) if isinstance(row, MeasureRow) else None
        breakdown.display = table is not None
        breakdown.update(table or "")
        notes = Text()
        if isinstance(row, MeasureRow):
            points = chart_points(values)
            # The width it will have once the breakdown is shown or hidden (the layout follows later).
            draw_chart(chart.plt, row, points, self.size.width // 2 if table is not None else self.size.width)
            direction = "higher is better" if row.direction == "higher_is_better" else "lower is better"
            notes.append(f"{one_line(row.ref)}: {direction}", style="bold")
            notes.append(" · " + chart_key(row, points))
            if row.last_period or row.this_period:
                notes.append(" · " + one_line(f"{row.this_period or '—'} against {row.last_period or '—'}"))
            if row.ci_last is not None or row.ci_this is not None:
                notes.append(f" · confidence ±{row.shown(row.ci_last)} / ±{row.shown(row.ci_this)}")
            sizes = [v.n for v in (row.last_value, row.this_value) if v is not None and v.n is not None]
            if sizes:
                notes.append(" · n = " + " / ".join(f"{n:,}" for n in sizes))
            if row.source:
                notes.append(" · " + one_line(row.source))
            if row.question:
                notes.append(" · asked: " + one_line(row.question))
            for footnote in row.footnotes:
                notes.append(f"\nNote: {one_line(footnote)}")
        chart.refresh()
        self.query_one("#notes", Static).update(notes)

    def on_record_table_highlighted(self, event: RecordTable.Highlighted) -> None:
        self._show(event.record)

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        event.stop()
        self.action_set_value()

    def action_toggle_chart(self) -> None:
        figures = self.query_one("#figures")
        figures.display = not figures.display

    def action_latest(self) -> None:
        self.period_label = None
        self.reload()

    def action_set_value(self) -> None:
        row = self.query_one(RecordTable).highlighted
        if not isinstance(row, MeasureRow) or self.app.read_only:
            return
        set_value(self, row, self.period_label or row.this_period)

