"""RecordTable: a list that renders only the rows on screen (Textual's Line API).

A stock DataTable measures every cell of every row; this one holds plain records and turns
a record into a line only when that line is painted, so 100,000 rows open and filter as fast
as 100. Filtering matches a lowercase search string computed once per record.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from tracker.screens.render import one_line


@dataclass(frozen=True)
class Column:
    """One column: its heading, width (None takes what is left) and how a record shows in it.

    A column with a width and `grow` is laid out at that width on an 80-column terminal and
    takes a share (by `grow`, beside each width-less column's share of 1) of every column a
    wider terminal adds, up to `most`: names, titles and leads use a 120-column terminal."""

    title: str
    width: int | None
    cell: Callable[[Any], Text | str]
    grow: int = 0
    most: int | None = None


DESIGN_WIDTH = 79
"""The width the columns are laid out for: an 80-column terminal less the cursor gutter."""


class RecordTable(ScrollView, can_focus=True):
    """A keyboard-driven list of records with a fixed header and a row cursor."""

    COMPONENT_CLASSES = {"record-table--header", "record-table--cursor", "record-table--group"}
    DEFAULT_CSS = """
    RecordTable { overflow-x: hidden; background: $surface; }
    RecordTable > .record-table--header { text-style: bold; background: $panel; }
    RecordTable > .record-table--cursor { background: $accent 40%; text-style: bold; }
    RecordTable:focus > .record-table--cursor { background: $accent; color: $text; }
    RecordTable > .record-table--group { text-style: bold; color: $text-muted; }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="list.up", tooltip="The row above"),
        Binding("down,j", "move(1)", "Down", show=False, id="list.down", tooltip="The row below"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up", tooltip="A screenful up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down", tooltip="A screenful down"),
        Binding("home", "jump(0)", "First", show=False, id="list.first", tooltip="The first row"),
        Binding("end", "jump(-1)", "Last", show=False, id="list.last", tooltip="The last row"),
    ]

    virtual_size = Reactive(Size(0, 0), layout=False)
    """Set through `_resize_rows`, which asks for a layout only when it is needed."""

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Index of the highlighted row among the rows shown."""

    class Highlighted(Message):
        """The cursor moved to `record` (None when the list is empty)."""

        def __init__(self, table: "RecordTable", record: Any) -> None:
            super().__init__()
            self.table, self.record = table, record

        @property
        def control(self) -> "RecordTable":
            return self.table

    class Selected(Highlighted):
        """Enter was pressed on `record`."""

    def __init__(self, columns: Sequence[Column], *, search: Callable[[Any], str] | None = None,
                 is_group: Callable[[Any], bool] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self._search_of = search or (lambda record: "")
        self._is_group = is_group or (lambda record: False)
        self._records: list[Any] = []
        self._search: list[str] = []
        self._shown: list[int] = []
        """Indexes into _records of the rows on show, after the filter."""
        self._query = ""
        self._applied: str | None = None
        """The query `_shown` was last filtered by."""
        self._cache: dict[tuple[int, bool, int], Strip] = {}

    # -- data --------------------------------------------------------------------------------

    def search_texts(self, records: Sequence[Any]) -> list[str]:
        """What the filter matches for each record; safe to call from a worker thread."""
        return [self._search_of(r).lower() for r in records]

    def set_records(self, records: Sequence[Any], *, keep: Callable[[Any], Any] | None = None,
                    search: list[str] | None = None) -> None:
        """Show `records`; with `keep`, the cursor stays on the record with the same key.

        `search` may hold `search_texts(records)` computed beforehand, off the UI thread.
        """
        kept, before = None, self.highlighted
        if keep is not None and before is not None:
            kept = keep(before)
        self._records = list(records)
        self._search = search if search is not None else self.search_texts(self._records)
        self._applied = None
        self._apply_filter()
        if kept is not None:
            for row, index in enumerate(self._shown):
                if keep(self._records[index]) == kept:
                    self._place(row, before)
                    return
        self._place(min(self.cursor, max(0, len(self._shown) - 1)), before)

    def filter(self, query: str) -> None:
        """Show only the records whose search text holds `query` (case-insensitive)."""
        before = self.highlighted
        self._query = query.strip().lower()
        self._apply_filter()
        self._place(0, before)

    def _place(self, row: int, before: Any) -> None:
        """The cursor to `row`, or the nearest record below (else above) that is not a group
        row; the screen hears of the record highlighted now even when the row number is the
        same (a new list or filter puts another record there)."""
        is_group = self._is_group
        rows = len(self._shown)
        below = next((r for r in range(row, rows) if not is_group(self._records[self._shown[r]])), None)
        above = next((r for r in range(min(row, rows - 1), -1, -1)
                      if not is_group(self._records[self._shown[r]])), None)
        target = below if below is not None else above if above is not None else row
        if target != self.cursor:
            self.cursor = target
        elif self.highlighted is not before:
            self.post_message(self.Highlighted(self, self.highlighted))

    def _apply_filter(self) -> None:
        query, search = self._query, self._search
        if not query:
            self._shown = list(range(len(self._records)))
        elif self._applied and query.startswith(self._applied):
            # Typing one more letter can only narrow the rows already on show.
            self._shown = [i for i in self._shown if query in search[i]]
        else:
            self._shown = [i for i, text in enumerate(search) if query in text]
        self._applied = query
        self._cache.clear()
        self._resize_rows(len(self._shown) + 1)
        self.refresh()

    def _resize_rows(self, rows: int) -> None:
        """The virtual height to `rows`, with the scrollbar's thumb in the same frame as the rows.

        A new layout (a frame of its own, after the rows) is asked for only when the scrollbar
        must come or go."""
        self.virtual_size = Size(self.size.width, rows)
        needs_bar = rows > self.container_size.height
        if needs_bar != self.show_vertical_scrollbar:
            self.refresh(layout=True)
        elif needs_bar:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = rows
            bar.refresh()

    @property
    def records(self) -> list[Any]:
        """The records on show, in order."""
        return [self._records[i] for i in self._shown]

    @property
    def row_count(self) -> int:
        return len(self._shown)

    @property
    def highlighted(self) -> Any:
        if 0 <= self.cursor < len(self._shown):
            return self._records[self._shown[self.cursor]]
        return None

    def move_to(self, predicate: Callable[[Any], bool]) -> bool:
        """Put the cursor on the first record on show that matches."""
        for row, index in enumerate(self._shown):
            if predicate(self._records[index]):
                self.cursor = row
                return True
        return False

    # -- cursor and keys -----------------------------------------------------------------------

    def watch_cursor(self, cursor: int) -> None:
        self._cache.clear()
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.highlighted))

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top, visible = int(self.scroll_y), self._visible_rows()
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def _step(self, delta: int) -> None:
        if not self._shown:
            return
        row = max(0, min(len(self._shown) - 1, self.cursor + delta))
        direction = 1 if delta > 0 else -1
        # Group rows (section headings) are passed over by the cursor.
        while 0 <= row < len(self._shown) and self._is_group(self._records[self._shown[row]]):
            row += direction
        if 0 <= row < len(self._shown):
            self.cursor = row

    def action_move(self, delta: int) -> None:
        self._step(delta)

    def action_page(self, direction: int) -> None:
        self._step(direction * self._visible_rows())

    def action_jump(self, where: int) -> None:
        if self._shown:
            self.cursor = 0 if where == 0 else len(self._shown) - 1
            if self._is_group(self.highlighted):
                self._step(1 if where == 0 else -1)

    def action_select(self) -> None:
        if self.highlighted is not None and not self._is_group(self.highlighted):
            self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self._shown):
            self.cursor = row
            if event.chain > 1:
                self.action_select()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._retheme)

    def _retheme(self, _theme: object) -> None:
        """Cells take colours from the theme: paint them again in the new one."""
        self._cache.clear()
        self.refresh()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._cache.clear()
        self._resize_rows(len(self._shown) + 1)

    # -- painting ------------------------------------------------------------------------------

    def _widths(self, total: int) -> list[int]:
        total -= 1  # the cursor gutter
        widths = [c.width for c in self.columns]
        flexible = [c for c in self.columns if c.width is None]
        shares = sum(c.grow for c in self.columns if c.width is not None) + len(flexible)
        extra = total - max(DESIGN_WIDTH, sum(w or 0 for w in widths) + len(widths) - 1 + 8 * len(flexible))
        if extra > 0 and shares and any(c.grow for c in self.columns):
            for n, column in enumerate(self.columns):
                if column.width is not None and column.grow:
                    grown = column.width + extra * column.grow // shares
                    widths[n] = min(grown, column.most) if column.most else grown
            if not flexible:  # the whole width is shared by the growing columns
                widths = self._spread(widths, total)
        fixed = sum(w or 0 for w in widths) + len(widths) - 1
        spare = max(8, total - fixed) // max(1, len(flexible)) if flexible else 0
        return [w if w is not None else spare for w in widths]

    def _spread(self, widths: list, total: int) -> list:
        """What rounding left over goes to the last growing column without a cap."""
        left = total - (sum(widths) + len(widths) - 1)
        for n in reversed(range(len(self.columns))):
            if self.columns[n].grow and not self.columns[n].most and left > 0:
                widths[n] += left
                break
        return widths

    def _line(self, cells: list[Text], widths: list[int], width: int, style: Style, *, over: bool = False) -> Strip:
        """One row; with `over`, `style` wins over the cells' own colours (the cursor row).

        A one-character gutter shows ▶ on the cursor row, so the cursor shows without colour too.
        """
        line = Text("▶" if over else " ", no_wrap=True, overflow="ellipsis")
        for n, (cell, size) in enumerate(zip(cells, widths, strict=True)):
            if n:
                line.append(" ")
            cell = cell.copy()
            cell.truncate(size, overflow="ellipsis", pad=True)
            line.append_text(cell)
        segments = list(line.render(self.app.console))
        styled = Segment.apply_style(segments, None, style) if over else Segment.apply_style(segments, style)
        return Strip(styled).adjust_cell_length(width, style)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        widths = self._widths(width)
        if y == 0:
            style = base + self.get_component_rich_style("record-table--header")
            return self._line([Text(c.title) for c in self.columns], widths, width, style)
        row = int(self.scroll_y) + y - 1
        if row >= len(self._shown):
            return Strip.blank(width, base)
        is_cursor = row == self.cursor
        key = (row, is_cursor, width)
        if key not in self._cache:
            record = self._records[self._shown[row]]
            if self._is_group(record):  # a heading across the whole row
                style = base + self.get_component_rich_style("record-table--group")
                self._cache[key] = self._line([_as_text(self.columns[0].cell(record))], [width - 1], width, style)
            elif is_cursor:
                style = base + self.get_component_rich_style("record-table--cursor")
                cells = [_as_text(column.cell(record)) for column in self.columns]
                self._cache[key] = self._line(cells, widths, width, style, over=True)
            else:
                cells = [_as_text(column.cell(record)) for column in self.columns]
                self._cache[key] = self._line(cells, widths, width, base)
        return self._cache[key]


def _as_text(value: Text | str | None) -> Text:
    if isinstance(value, Text):
        return value
    return Text(one_line("" if value is None else str(value)))
