"""Modal forms, each typed by its result. Escape cancels and nothing is written.

A form checks what it can next to each field, then hands its result to the `save` callback the
screen gave it. The screen does the store write; a refusal comes back as an InvalidInput and
is shown next to the field it names, with everything typed still in the form.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static, TextArea
from tracker.db import text as safe
from tracker.db.dates import HINT as DATE_HINT
from tracker.db.dates import show_date
from tracker.db.enums import Rag
from tracker.db.errors import InvalidInput
from tracker.db.rules import require_new_rationale, require_override_reason, require_rationale
from tracker.screens.fields import Field, convert  # noqa: F401 -- Field is the forms' API
from tracker.screens.rating_keys import LETTERS, fresh_rationale, key_lines
from tracker.screens.render import RAG_SYMBOL, one_line, visible

T = TypeVar("T")

FORM_CSS = """
.form { width: 76; max-width: 100%; height: auto; max-height: 100%; border: thick $primary;
        background: $surface; padding: 0 1; }
.form .title { text-style: bold; margin: 0 0 1 0; }
.form .row { height: auto; }
.form .row Label { width: 14; }
.form Input { height: 1; border: none; padding: 0 1; width: 1fr; background: $boost; }
.form Input:focus { background: $accent 30%; }
.form Input.-invalid { background: $error 30%; }
.form Select { width: 1fr; }
.form .error { color: $error; height: auto; padding-left: 14; display: none; }
.form .error.-shown { display: block; }
.form TextArea { height: 3; width: 1fr; }
.form .hint { color: $text-muted; }
.form .field-hint { padding-left: 14; }
.form .buttons { height: 1; margin-top: 1; }
.form .buttons Button { margin-right: 2; min-width: 16; }
"""


class FormModal(ModalScreen[T], Generic[T]):
    """Shared keys and error display for the forms below."""

    DEFAULT_CSS = "FormModal { align: center middle; }" + FORM_CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving anything"),
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Check and save"),
    ]

    def __init__(self, save: Callable[[T], InvalidInput | None]) -> None:
        super().__init__()
        self._save = save
        self._originals: dict[str, tuple[str, str]] = {}
        """Per field, the stored text and what the field showed of it (control characters as markers)."""

    def shown(self, field: str, stored: str, *, lines: bool) -> str:
        """What a field shows of `stored`: every control, bidi or hidden character as a marker
        such as ⟨U+202E⟩, so none reaches the terminal. `typed` gives the stored text back."""
        shown = safe.terminal(stored, lines=lines)
        self._originals[field] = (stored, shown)
        return shown

    def typed(self, field: str, value: str) -> str:
        """A field's text to save: the stored text exactly when the field still shows it
        unchanged; otherwise what was typed, each marker turned back into its character."""
        stored, shown = self._originals.get(field, (None, None))
        return stored if value == shown else safe.restore(value)

    def buttons(self) -> ComposeResult:
        yield Static(classes="error", id="error-form")
        with Horizontal(classes="buttons"):
            yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
            yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, field: str | None, message: str) -> None:
        """Show `message` next to `field` (or under the form) and put the cursor there."""
        target = self.query(f"#error-{field}") if field else None
        widget = target.first() if target else self.query_one("#error-form", Static)
        widget.update(Text(visible(message)))
        widget.add_class("-shown")
        if field and (inputs := self.query(f"#field-{field}")):
            inputs.first().focus()

    def clear_errors(self) -> None:
        for widget in self.query(".error"):
            widget.update("")
            widget.remove_class("-shown")

    def action_save(self) -> None:
        self.clear_errors()
        try:
            result = self.to_model()
        except InvalidInput as exc:
            self.show_error(exc.where, exc.reason)
            return
        error = self._save(result)
        if error is None:
            self.dismiss(result)
            return
        field = (error.where or "").rsplit(", ", 1)[-1]
        self.show_error(field if self.query(f"#error-{field}") else None, str(error) if not self.query(f"#error-{field}") else error.reason)

    def to_model(self) -> T:
        raise NotImplementedError


# ---------------------------------------------------------------------------------------------
# Confirm


class ConfirmModal(ModalScreen[bool]):
    """Ask before something that cannot simply be typed again, such as a delete."""

    DEFAULT_CSS = "ConfirmModal { align: center middle; } ConfirmModal .title { width: 100%; }" + FORM_CSS
    """The question wraps: at 80 columns a long one (naming a record) would be cut off."""
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no", tooltip="Keep it"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(Text(one_line(self.question)), classes="title")
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", variant="error", id="yes", compact=True)
                yield Button("No (n, esc)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


# ---------------------------------------------------------------------------------------------
# Rating


@dataclass(frozen=True)
class RatingChange:
    """A RAG for a period and why."""

    rag: Rag
    rationale: str


RAG_ORDER = (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_GRADED)


class RatingModal(FormModal[RatingChange]):
    """Set a workstream's RAG for a period; a rationale is needed when it differs from last period's."""

    BINDINGS = [
        # F keys and Ctrl+letters that neither TextArea nor Input binds, so they work wherever the
        # focus is (ctrl+a selects all in the rationale box; TextArea takes F5-F7).
        Binding("f2,ctrl+g", "pick(0)", "Green", id="rating.green", tooltip="Rate green"),
        Binding("f3,ctrl+o", "pick(1)", "Amber", id="rating.amber", tooltip="Rate amber"),
        Binding("f4,ctrl+r", "pick(2)", "Red", id="rating.red", tooltip="Rate red"),
        Binding("f8,ctrl+l", "keep", "Keep old rationale", id="rating.keep",
                tooltip="Save the changed RAG with the rationale already stored"),
        *LETTERS,  # g, a, r, n (screens/rating_keys.py)
    ]
    _kept = False
    """Set while a save keeps the stored rationale under a changed RAG on purpose (the keep key)."""

    def __init__(self, *, title: str, period: str, current: Rag | None, previous: Rag | None,
                 previous_label: str | None, rationale: str, save: Callable[[RatingChange], InvalidInput | None],
                 suggestion: tuple[Rag, str] | None = None) -> None:
        super().__init__(save)
        self.heading, self.period = title, period
        self.current, self.previous, self.previous_label = current, previous, previous_label
        self.rationale = rationale
        self.suggestion = suggestion
        """A RAG a measure against its target suggests, and why; overriding it needs a reason."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield Label(Text(one_line(f"{self.heading} · RAG for {self.period}")), classes="title")
            was = f"{RAG_SYMBOL[self.previous]} {self.previous.label}" if self.previous else "none"
            yield Label(Text(f"Previous period ({one_line(self.previous_label or '—')}): {was}"), classes="hint")
            if self.suggestion is not None:
                rag, reason = self.suggestion
                yield Static(Text(f"Suggested: {RAG_SYMBOL[rag]} {rag.label}, from {visible(reason)}. Another RAG needs a reason.",
                                  style="bold"), classes="hint", id="suggestion")
            preset = self.current or (self.suggestion[0] if self.suggestion else None) or self.previous
            with RadioSet(id="field-rag", compact=True):
                for rag in RAG_ORDER:
                    yield RadioButton(f"{RAG_SYMBOL[rag]} {rag.label}", value=rag == preset)
            yield Label(id="chosen")
            yield Label(id="rag-letters", classes="hint")
            yield Label(id="rag-keys", classes="hint")
            yield Static(classes="error", id="error-rag")
            yield Static(id="stored-rationale", classes="hint")
            yield Label("Rationale (needed when the RAG differs from the previous period's)")
            yield TextArea(self.shown("rationale", self.rationale, lines=True), id="field-rationale", soft_wrap=True, compact=True)
            yield Static(classes="error", id="error-rationale")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self._show_choice()
        self._show_keys()

    def _show_keys(self) -> None:
        one, anywhere = key_lines(self)
        self.query_one("#rag-letters", Label).update(one)
        self.query_one("#rag-keys", Label).update(anywhere)

    def on_radio_set_changed(self) -> None:
        self._show_choice()
        fresh_rationale(self, self.query_one("#field-rationale", TextArea), self.query_one("#stored-rationale", Static))
        self._show_stale()

    def shown_text(self, field: str) -> str:
        """What the field showed of its stored text when the form opened."""
        return self._originals.get(field, ("", ""))[1]

    def chosen_rag(self) -> Rag | None:
        return self._chosen()

    def on_text_area_changed(self) -> None:
        self._show_stale()

    def _key(self, binding_id: str) -> str:
        """How the first key bound to `binding_id` reads now (a keymap may have changed it)."""
        for key, active in self.active_bindings.items():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding.with_key(key))
        return binding_id

    def _stale_message(self, reason: str) -> str:
        return f"{reason}, or press {self._key('rating.keep')} to keep the old one"

    def _show_stale(self) -> None:
        """Say at the rationale, as soon as the RAG differs from the stored one, that the stored
        rationale shown there will not be taken as it is."""
        error = self.query_one("#error-rationale", Static)
        try:
            require_new_rationale(self._chosen() or self.current, self.current, self.rationale, self._rationale(),
                                  kept=False, where=self.period)
        except InvalidInput as exc:
            error.update(Text(visible(self._stale_message(exc.reason))))
            error.add_class("-shown")
            return
        error.update("")
        error.remove_class("-shown")

    def _chosen(self) -> Rag | None:
        pressed = self.query_one(RadioSet).pressed_index
        return RAG_ORDER[pressed] if pressed >= 0 else None

    def _rationale(self) -> str:
        return self.typed("rationale", self.query_one("#field-rationale", TextArea).text)

    def action_keep(self) -> None:
        """Save, keeping the stored rationale though the RAG changed: the explicit confirmation."""
        box = self.query_one("#field-rationale", TextArea)
        if not self.rationale.strip():
            self.show_error("rationale", "there is no stored rationale to keep")
        elif box.text and self._rationale() != self.rationale:
            self.show_error("rationale", "the rationale was edited: save (ctrl+s) to store what you typed")
        else:
            box.text = self._originals["rationale"][1]  # the box was emptied when the RAG changed
            self._kept = True
            try:
                self.action_save()
            finally:
                self._kept = False

    def _show_choice(self) -> None:
        """Name the chosen RAG in words: the radio buttons differ only by colour."""
        chosen = self._chosen()
        self.query_one("#chosen", Label).update(
            Text(f"Chosen: {RAG_SYMBOL[chosen]} {chosen.label}" if chosen else "Chosen: none yet", style="bold")
        )

    def action_pick(self, index: int) -> None:
        self.query_one(RadioSet).query(RadioButton)[index].value = True

    def to_model(self) -> RatingChange:
        rag = self._chosen()
        if rag is None:
            raise InvalidInput("choose a RAG", where="rag")
        rationale = self._rationale()
        try:
            require_new_rationale(rag, self.current, self.rationale, rationale, kept=self._kept, where=self.period)
        except InvalidInput as exc:
            raise InvalidInput(self._stale_message(exc.reason), where="rationale") from None
        try:  # the store's own rules (db/rules.py), checked here too so the refusal sits by the field
            if not (rag == self.current and self.rationale.strip()):  # an unchanged RAG keeps its rationale
                require_rationale(rag, self.previous, rationale, self.period)
            if self.suggestion is not None:
                require_override_reason(*self.suggestion, rag, rationale, self.period)
        except InvalidInput as exc:
            raise InvalidInput(exc.reason, where="rationale") from None
        return RatingChange(rag, rationale)


# ---------------------------------------------------------------------------------------------
# Records: workstreams, actions, risks


class RecordForm(FormModal[dict]):
    """Create or edit a record. Its result holds the fields that differ from `values`."""

    def __init__(self, *, title: str, fields: Sequence[Field], values: dict[str, Any],
                 save: Callable[[dict], InvalidInput | None], creating: bool) -> None:
        super().__init__(save)
        self.heading, self.fields, self.values, self.creating = title, list(fields), values, creating

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield Label(Text(one_line(self.heading)), classes="title")
            for field in self.fields:
                with Horizontal(classes="row"):
                    yield Label(field.label + (" *" if field.required else ""))
                    yield self._widget(field)
                if field.hint:
                    yield Label(Text(field.hint), classes="hint field-hint")
                yield Static(classes="error", id=f"error-{field.name}")
            hints = ["* required"] if any(f.required for f in self.fields) else []
            hints += [DATE_HINT] if any(f.kind == "date" for f in self.fields) else []
            if hints:
                yield Label(" · ".join(hints), classes="hint")
            yield from self.buttons()

    def _widget(self, field: Field):
        value = self.values.get(field.name)
        if field.kind == "choice":
            return Select([(Text(one_line(c.replace("_", " "))), c) for c in field.choices], value=value or field.choices[0],
                          allow_blank=False, id=f"field-{field.name}", compact=True)
        if field.kind == "long":
            return TextArea(self.shown(field.name, value or "", lines=True), id=f"field-{field.name}",
                            soft_wrap=True, compact=True)
        if isinstance(value, dt.date):
            value = show_date(value)
        text = "" if value is None else (",".join(map(str, value)) if isinstance(value, list) else str(value))
        return Input(self.shown(field.name, text, lines=False), id=f"field-{field.name}")

    def on_mount(self) -> None:
        first = self.fields[0] if self.creating else next((f for f in self.fields if f.name != "ref"), self.fields[0])
        self.query_one(f"#field-{first.name}").focus()
        self.call_after_refresh(self._from_the_start)

    def _from_the_start(self) -> None:
        """A long value shows from its first letter: focus puts the cursor at its end, which
        scrolls the start out of sight."""
        for field in self.query(Input):
            field.cursor_position = 0
            field.scroll_to(0, animate=False)

    def _raw(self, field: Field) -> Any:
        widget = self.query_one(f"#field-{field.name}")
        if isinstance(widget, Select):
            return widget.value
        return self.typed(field.name, widget.text if isinstance(widget, TextArea) else widget.value)

    def to_model(self) -> dict:
        result = {}
        for field in self.fields:
            value = convert(field, self._raw(field))
            if self.creating or value != self.values.get(field.name):
                result[field.name] = value
        return result
