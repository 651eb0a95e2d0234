"""Words, not stored values, wherever a person reads: "in progress" for `in_progress`, "overdue
action" for the check's `overdue_action`, "assessed at" for the field `assessed_at`. The TUI, the
CLI's tables and the reports all ask here; JSON and CSV keep the values. Pure: no database, no
Textual.

Only tracker's own vocabularies are turned into words: user text (a title, a name) is never
touched, so `word("my_file")` is "my_file".
"""

from enum import StrEnum

from . import enums

FINDINGS = {
    "unassessed": "no RAG",
    "no_rationale": "no rationale",
    "overdue_action": "overdue action",
    "review_overdue": "review overdue",
    "period_open": "period open",
    "stale_section": "not updated",
    "total_mismatch": "total does not add up",
}
"""The readiness check's kinds of finding (db/progress.Finding.kind)."""

_FIELDS = {
    "undo_of": "undo of",
    "due_date": "due date",
    "review_date": "review by",
    "target_score": "target score",
    "on_register": "on register",
    "register_kind": "register",
    "direction": "direction of travel",
    "next_review": "next review",
    "inherent_score": "inherent score",
    "mitigation_count": "mitigating actions (as counted)",
    "reviewed_on": "last reviewed",
    "direction_stated": "direction stated",
    "completed_on": "completed on",
    "start_date": "start",
    "end_date": "end",
    "nil_text": "nil return",
    "copied_from": "copied from",
}
"""History's field names whose word is not just the name with spaces."""

_SPECIAL = {"not_graded": "not graded", "unknown": "grade not known"}


def _vocabulary() -> dict[str, str]:
    words: dict[str, str] = {}
    for value in vars(enums).values():
        if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum:
            for member in value:
                words.setdefault(member.value, member.value.replace("_", " ").replace("-", " "))
    return words | FINDINGS | _SPECIAL


_WORDS = _vocabulary()


def word(value: object) -> str:
    """The word a person reads for one of tracker's values (an enum member or its value: a
    status, a kind of finding, a unit, a cycle); anything else as it is."""
    if value is None:
        return ""
    text = value.value if isinstance(value, StrEnum) else str(value)
    return _WORDS.get(text, text)


def field_word(field: str) -> str:
    """A history field name as words: "assessed_at" -> "assessed at", "undo_of" -> "undo of"."""
    return _FIELDS.get(field, field.replace("_", " "))


def plural(count: int, one: str, many: str | None = None) -> str:
    """"1 workstream", "2 workstreams": the count with its noun, singular for one."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def first_upper(text: str) -> str:
    """`text` with its first letter a capital, the rest as it is ("no RAG" -> "No RAG")."""
    return text[:1].upper() + text[1:]


def counted(count: int, kinds: str) -> str:
    """A count with a plural noun made singular for one: (1, "priorities") -> "1 priority"."""
    if count == 1:
        one = kinds[:-3] + "y" if kinds.endswith("ies") else kinds.removesuffix("s")
        return f"1 {one}"
    return f"{count} {kinds}"
