"""A record's detail, read-only: every field a lead sees in its form (an action's detail, a
risk's description), for reviewers and anyone in `--read-only`; `h` shows the record's history."""

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static
from tracker.db.words import field_word, first_upper, word
from tracker.screens.render import one_line, visible

FIELDS = {
    "action": ("title", "owner", "due_date", "status", "completed_on", "workstream", "risk", "parent", "priorities",
               "portfolio", "detail", "expected_outcome"),
    "risk": ("title", "owner", "workstream", "register_kind", "inherent_likelihood", "inherent_impact",
             "inherent_score", "likelihood", "impact", "score", "target_likelihood", "target_impact", "target_score",
             "target_reason", "status", "board", "reviewed_on", "review_date", "direction_stated", "mitigation_count",
             "mitigation_areas", "direction", "next_review", "priorities", "portfolio", "causes", "consequences",
             "controls", "description"),
    "workstream": ("name", "section", "lead", "status", "priorities", "portfolio", "description"),
}
"""Each kind's fields in the order its form shows them."""

LONG = frozenset({"detail", "description", "expected_outcome", "causes", "consequences", "target_reason", "controls"})
WORDED = frozenset({"status"})


def shown_value(field: str, value: Any, date_format: str | None = None) -> str:
    """A field's value as a person reads it: words for statuses, dates per the config, yes/no."""
    from tracker.db.dates import show_date

    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return show_date(value, date_format)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return word(value) if field in WORDED else str(value)


def detail_text(entity: str, values: dict[str, Any], date_format: str | None = None) -> Text:
    """The record's fields, one a line, long text wrapped under its label; stored text is shown
    safe (markers for control characters) and never read as markup."""
    text = Text()
    for field in FIELDS[entity]:
        label = first_upper(field_word(field))
        value = shown_value(field, values.get(field), date_format)
        if field in LONG:
            text.append(f"\n{label}\n", style="bold")
            text.append(visible(value))
        else:
            text.append(f"{label}: ", style="bold")
            text.append(one_line(value) + "\n")
    return text


class DetailModal(ModalScreen[str | None]):
    """One record's detail; dismisses with "history" when `h` asks for its history."""

    DEFAULT_CSS = """
    DetailModal { align: center middle; }
    DetailModal > VerticalScroll { width: 90; max-width: 100%; height: auto; max-height: 100%;
                                   border: thick $primary; background: $surface; padding: 0 1; }
    DetailModal .title { text-style: bold; margin-bottom: 1; }
    DetailModal .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="detail.close", tooltip="Back to the list"),
        Binding("h", "history", "History", id="detail.history", tooltip="This record's history"),
    ]

    def __init__(self, entity: str, ref: str, values: dict[str, Any]) -> None:
        super().__init__()
        self.entity, self.ref, self.values = entity, ref, values

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(Text(one_line(f"{first_upper(word(self.entity))} {self.ref}")), classes="title")
            yield Static(detail_text(self.entity, self.values), id="fields")
            yield Label("h its history · esc back", classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_history(self) -> None:
        self.dismiss("history")

    def action_close(self) -> None:
        self.dismiss(None)


def show_detail(screen: Any, entity: str, ref: str) -> None:
    """Open `ref`'s detail from a list; `h` there shows History filtered to it."""
    from tracker.db import records

    with screen.session() as session:
        values = records.record_fields(session, entity, ref)
        if entity == "risk":  # computed: the direction of travel, the next review, the controls
            settings = screen.app.settings
            values |= records.risk_register_fields(session, ref, settings.risk_scale.scale(),
                                                   settings.risk_review.months())

    def closed(choice: str | None) -> None:
        if choice == "history":
            show_history(screen.app, ref)

    screen.app.push_screen(DetailModal(entity, ref, values), closed)


def show_history(app: Any, ref: str) -> None:
    """History, filtered to the changes of `ref` (as typing `/ref:REF` there does)."""
    from textual.widgets import Input
    from tracker.screens.base import FilterBar

    from tracker.screens.history import parse_query

    app.switch_mode("history")
    screen = app.screen
    screen.query_terms = parse_query(f"ref:{ref}")  # read with it from the first load

    def fill_in() -> None:
        bar = screen.query_one(FilterBar)
        bar.open()
        bar.query_one(Input).value = f"ref:{ref}"

    if screen.is_mounted:
        screen.reload()
    screen.call_after_refresh(fill_in)
