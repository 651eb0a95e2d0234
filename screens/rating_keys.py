"""The rating form's short path (issue 18): one letter per RAG, the keys as bound shown in the
form, and a fresh rationale box when the RAG changes, with the stored rationale above it."""

from typing import Any

from rich.text import Text
from textual.binding import Binding
from tracker.screens.render import RAG_SYMBOL

LETTERS = [
    # One letter each, the common update's keys: they act wherever the cursor is not in the
    # rationale box (there a letter is text).
    Binding("g", "pick(0)", "Green", id="rating.green_letter", show=False, tooltip="Rate green"),
    Binding("a", "pick(1)", "Amber", id="rating.amber_letter", show=False, tooltip="Rate amber"),
    Binding("r", "pick(2)", "Red", id="rating.red_letter", show=False, tooltip="Rate red"),
    Binding("n", "pick(3)", "Not graded", id="rating.not_graded_letter", show=False, tooltip="Not graded"),
]


def key_lines(modal: Any) -> tuple[Text, Text]:
    """The one-letter keys and the keys that work anywhere, as they are bound now (a keymap may
    have changed them); the keep key is named at the rationale when it applies."""
    keys: dict[str, list[str]] = {}
    letters: dict[str, list[str]] = {}
    for key, active in modal.active_bindings.items():
        binding_id = active.binding.id or ""
        if binding_id == "rating.keep" or not binding_id.startswith("rating."):
            continue
        into = letters if binding_id.endswith("_letter") else keys
        into.setdefault(active.binding.description, []).append(modal.app.get_key_display(active.binding.with_key(key)))
    anywhere = " · ".join(f"{'/'.join(found)} {name}" for name, found in keys.items())
    one = " · ".join(f"{'/'.join(found)} {name}" for name, found in letters.items())
    return Text(f"One key: {one}"), Text(f"Keys anywhere: {anywhere} · ctrl+s Save")


def fresh_rationale(modal: Any, box: Any, note: Any) -> None:
    """A RAG changed from the stored one starts with an empty rationale `box` (the reason for
    Green is not the reason for Amber), the stored one shown in `note` for reference; back to the
    stored RAG, an untouched empty box gets the stored rationale again."""
    stored = modal.shown_text("rationale")
    chosen, current = modal.chosen_rag(), modal.current
    if not modal.rationale.strip() or current is None:
        return
    if chosen != current and box.text == stored:
        box.text = ""
    elif chosen == current and not box.text:
        box.text = stored
    note.update(Text(f"Stored rationale ({RAG_SYMBOL[current]} {current.label}): {stored}") if chosen != current else "")
