"""Every change, newest first, paged from the store so 100,000 events open at once."""

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static
from tracker.db import changes
from tracker.db.changes import Change
from tracker.db.times import TIME_FIELDS, shown_time
from tracker.db.undo import UNDO_FIELD
from tracker.db.words import plural, field_word, word
from tracker.screens.base import TrackerScreen
from tracker.screens.render import one_line
from tracker.screens.table import Column, RecordTable

PAGE = 500
"""Events read at a time; the next page is read as the cursor nears the end."""


def _item(c: Change) -> str:
    return f"{word(c.entity)} {c.ref}" + (f" {c.period}" if c.period else "")


def _value(c: Change, value: str | None, zone: str | None = None) -> Text:
    """A value as a person reads it: a stored value in words, an undo's batch (a hash) as what it is."""
    if value is None:
        return Text("—", style="dim")
    if c.field == UNDO_FIELD:
        return Text("an earlier change", style="italic")
    if c.field in TIME_FIELDS:
        return Text(shown_time(value, zone))
    return Text(one_line(word(value) if c.field in WORD_FIELDS else value))


WORD_FIELDS = frozenset({"status", "rag", "role", "unit", "direction", "cycle", "kind"})
"""Fields whose values are tracker's own (a status, a RAG): shown as words."""

ITEM_MOST = 28
"""The Item column is as wide as the widest item on the page, up to this."""


def columns(zone: str | None, item_width: int = 14) -> list[Column]:
    """The list's columns: times in `zone` (None: the system's), the item as wide as it needs."""
    return [
        Column("When", 16, lambda c: shown_time(c.at, zone)),
        Column("Who", 10, lambda c: c.actor, grow=1, most=16),
        Column("Item", 14, _item, grow=3, most=item_width),
        Column("Field", 10, lambda c: field_word(c.field), grow=1, most=16),
        Column("Old", None, lambda c: _value(c, c.old, zone)),
        Column("New", None, lambda c: _value(c, c.new, zone)),
    ]


def parse_query(text: str) -> dict[str, str | None]:
    """ "by:ann ref:5.4.3 rationale" -> actor, ref and free text."""
    actor = ref = None
    words = []
    for word in text.split():
        if word.startswith("by:"):
            actor = word[3:] or None
        elif word.startswith("ref:"):
            ref = word[4:] or None
        else:
            words.append(word)
    return {"actor": actor, "ref": ref, "text": " ".join(words) or None}


class HistoryScreen(TrackerScreen):
    """Who changed what, when, with old and new values side by side."""

    TITLE = "History"
    FILTER_HINT = "text, by:NAME, ref:REF"
    DEFAULT_CSS = """
    HistoryScreen #status { padding: 0 1; height: 1; }
    HistoryScreen #detail { padding: 0 1; height: auto; max-height: 4; background: $panel; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.query_terms: dict[str, str | None] = {"actor": None, "ref": None, "text": None}
        self.changes: list[Change] = []
        self.more = False
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(id="status")
        yield RecordTable(columns(self._zone()), id="changes")
        yield Static(id="detail")
        yield from self.compose_bottom()

    class PageLoaded(Message):
        """The next page of older changes has been read (posted by the paging worker)."""

        def __init__(self, generation: int, page: list[Change]) -> None:
            super().__init__()
            self.generation, self.page = generation, page

    def _zone(self) -> str | None:
        return getattr(getattr(self.app, "settings", None), "timezone", None)

    def _fit_item(self) -> None:
        """Let the Item column take the width the page's widest item needs (ITEM_MOST at most)."""
        table = self.query_one(RecordTable)
        needed = max((len(_item(c)) for c in self.changes[:PAGE]), default=14)
        table.columns = columns(self._zone(), max(14, min(ITEM_MOST, needed)))
        table.refresh()

    def read(self, session) -> list[Change]:
        return changes.history(session, limit=PAGE, portfolio=self.app.portfolio, **self.query_terms)

    def show(self, data: list[Change]) -> None:
        self.changes = data
        self.more = len(self.changes) == PAGE
        self._fit_item()
        self.query_one(RecordTable).set_records(self.changes)
        self.query_one(RecordTable).cursor = 0
        self._status()

    def retheme(self, _theme: object) -> None:
        """Only the list is coloured here, and it repaints itself; the cursor stays put."""

    _paging = False
    """A page is being read; another is not asked for until it has arrived."""

    def _load_more(self) -> None:
        if not self._paging:
            self._paging = True
            self._read_page(self._loads, self.changes[-1].id, dict(self.query_terms, portfolio=self.app.portfolio))

    @work(thread=True, exclusive=True, group="history-page")
    def _read_page(self, generation: int, before_id: int, terms: dict) -> None:
        with self.session() as session:
            page = changes.history(session, limit=PAGE, before_id=before_id, **terms)
        self.post_message(self.PageLoaded(generation, page))

    def on_history_screen_page_loaded(self, message: "HistoryScreen.PageLoaded") -> None:
        self._paging = False
        if message.generation != self._loads:
            return  # read for a filter or a load that has since been replaced
        self.more = len(message.page) == PAGE
        self.changes.extend(message.page)
        self.query_one(RecordTable).set_records(self.changes, keep=lambda c: c.id)
        self._status()

    def _status(self) -> None:
        terms = [f"{k}: {v}" for k, v in self.query_terms.items() if v]
        text = Text(f"{plural(len(self.changes), 'change')}{'+' if self.more else ''}, newest first")
        if terms:
            text.append(one_line(" · " + ", ".join(terms)), style="bold")
        self.query_one("#status", Static).update(text)

    def on_record_table_highlighted(self, event: RecordTable.Highlighted) -> None:
        change = event.record
        detail = Text()
        if change is not None:
            when = shown_time(change.at, self._zone())
            detail.append(one_line(f"{word(change.kind)} {_item(change)} · {field_word(change.field)} · "
                                   f"{change.actor} · {when} ({shown_time(change.at, utc=True)})") + "\n", style="bold")
            detail.append("old: ", style="bold")
            detail.append_text(_value(change, change.old, self._zone()))
            detail.append("\nnew: ", style="bold")
            detail.append_text(_value(change, change.new, self._zone()))
        self.query_one("#detail", Static).update(detail)
        table = self.query_one(RecordTable)
        if self.more and table.cursor >= table.row_count - 50:
            self._load_more()

    def apply_filter(self, text: str) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        terms = parse_query(text)

        def run() -> None:
            self.query_terms = terms
            self.reload()

        self._debounce = self.set_timer(0.15, run)
