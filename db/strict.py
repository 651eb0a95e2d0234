"""Strict types for records read from a file: TOML has integers, floats, booleans, dates and
date-times of its own, so a value of the wrong kind is a mistake in the file, not something to
convert. `likelihood = true`, `"3"` or `3.0`, `mitigation_count = "10"`, `closed = "true"` and a
date written as a string are refused, naming the item and field.

Forms and the command line still convert what people type (through `schemas.validated`);
only interchange is strict.
"""

import datetime as dt
import enum
import functools
import types
import typing
from typing import Any, TypeVar

from sqlmodel import SQLModel

from .errors import InvalidInput
from .schemas import validated

M = TypeVar("M", bound=SQLModel)

_WORDS = {int: "an integer", float: "a number", bool: "true or false", dt.date: "a date (such as 2024-03-31)",
          str: "text", list: "an array"}


def strictly_validated(model: type[M], data: dict[str, Any], *, where: str) -> M:
    """`data` as a `model`: first the model's own checks, then each value's TOML type."""
    record = validated(model, data, where=where)
    kinds = _kinds(model)
    for name, value in data.items():
        if name in kinds:
            _check(kinds[name], value, f"{where}, {name}")
    return record


@functools.cache
def _kinds(model: type[SQLModel]) -> dict[str, Any]:
    """Each field's type behind Annotated and Optional, worked out once per model."""
    return {name: _base(field.annotation) for name, field in model.model_fields.items()}


def _base(annotation: Any) -> Any:
    """The type behind Annotated[...] and Optional[...]."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base(kinds[0]) if len(kinds) == 1 else annotation
    return annotation


def _check(kind: Any, value: Any, where: str) -> None:
    if typing.get_origin(kind) is list:
        if not isinstance(value, list):
            _refuse(list, value, where)
        for index, item in enumerate(value, start=1):
            _check(_base(typing.get_args(kind)[0]), item, f"{where} #{index}")
        return
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        kind = str
    if kind not in _WORDS or _matches(kind, value):
        return
    _refuse(kind, value, where)


def _matches(kind: type, value: Any) -> bool:
    if kind is float:
        return type(value) in (int, float)
    if kind is dt.date:
        return type(value) is dt.date
    return type(value) is kind


def _refuse(kind: type, value: Any, where: str) -> None:
    raise InvalidInput(f"must be {_WORDS[kind]}, not {_toml_kind(value)} {_shown(value)}", where=where)


def _toml_kind(value: Any) -> str:
    names = [(bool, "a boolean"), (int, "an integer"), (float, "a float"), (str, "a string"),
             (dt.datetime, "a date-time"), (dt.date, "a date"), (dt.time, "a time"), (list, "an array"),
             (dict, "a table")]
    return next((name for cls, name in names if isinstance(value, cls)), type(value).__name__)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return ""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def stamp(value: Any, where: str) -> str:
    """A time stamp from a file (assessed_at, written_at, entered_at): a TOML date-time with
    its offset, kept as the UTC text tracker writes (2023-10-23T09:00:00Z)."""
    if not isinstance(value, dt.datetime):
        raise InvalidInput(f"must be a date-time with its offset (such as 2023-10-23T09:00:00Z), not "
                           f"{_toml_kind(value)} {_shown(value)}", where=where)
    if value.tzinfo is None:
        raise InvalidInput(f"{value.isoformat()} has no offset; write it in UTC with a Z (such as "
                           "2023-10-23T09:00:00Z)", where=where)
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S" + (".%f" if utc.microsecond else "") + "Z")
