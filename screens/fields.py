"""A record form's fields: what each is, and the one conversion of what was typed into a value
(dates by db/dates.parse_date, whole numbers, priority lists). Used by RecordForm (screens/forms.py)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tracker.db.dates import parse_date
from tracker.db.errors import InvalidInput


@dataclass(frozen=True)
class Field:
    """One field of a record form."""

    name: str
    label: str
    kind: str = "text"
    """text, long, date, int or choice."""
    required: bool = False
    choices: Sequence[str] = ()
    hint: str = ""
    """A line under the field (what to type), so its label stays one line."""


def convert(field: Field, raw: Any) -> Any:
    if isinstance(raw, str) and not raw.strip() and field.kind != "long":
        if field.required:
            raise InvalidInput("must not be empty", where=field.name)
        return [] if field.name == "priorities" else None
    if field.kind == "date":
        return parse_date(raw, where=field.name)
    if field.kind == "int":
        try:
            return int(raw.strip())
        except ValueError:
            raise InvalidInput(f"{raw.strip()!r} is not a whole number", where=field.name) from None
    if field.name == "priorities":
        try:
            return sorted({int(part) for part in raw.replace(" ", ",").split(",") if part})
        except ValueError:
            raise InvalidInput("list priority numbers, e.g. 3, 12", where=field.name) from None
    return raw
