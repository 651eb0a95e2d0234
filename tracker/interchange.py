"""TOML interchange: the whole database as one file (docs/format.md), and the bundled seeds."""

import datetime as dt
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w
from sqlmodel import Session

from tracker.db.bulk import Snapshot, load_snapshot
from tracker.db.export import export_records
from tracker.db.errors import InvalidInput
from tracker.db.paper_schemas import NarrativeRecord, PaperRecord, SectionInput
from tracker.db.schemas import (
    ActionCreate,
    AssessmentInput,
    CommentaryRecord,
    CommitmentCreate,
    ConsultationInput,
    MeasureCreate,
    MeasureValueRecord,
    PeriodCreate,
    PortfolioCreate,
    PriorityCreate,
    RiskCreate,
    RiskScale,
    SectionCreate,
    WorkstreamCreate,
)
from tracker.db.risk_schemas import RiskControlInput
from tracker.db.strict import stamp, strictly_validated
from tracker.db.text import toml_safe

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Larger files are refused before they are read."""

_KINDS: dict[str, tuple[type, str]] = {
    "portfolio": (PortfolioCreate, "code"),
    "period": (PeriodCreate, "label"),
    "section": (SectionCreate, "code"),
    "priority": (PriorityCreate, "number"),
    "workstream": (WorkstreamCreate, "ref"),
    "risk": (RiskCreate, "ref"),
    "action": (ActionCreate, "ref"),
    "commitment": (CommitmentCreate, "ref"),
    "measure": (MeasureCreate, "ref"),
    "consultation": (ConsultationInput, "name"),
    "paper": (PaperRecord, "title"),
    "narrative": (NarrativeRecord, "period"),
}
_LISTS = {"portfolio": "portfolios", "consultation": "consultations", "period": "periods", "section": "sections", "priority": "priorities",
          "workstream": "workstreams", "risk": "risks", "action": "actions",
          "commitment": "commitments", "measure": "measures", "paper": "papers", "narrative": "narratives"}
_NESTED: dict[str, tuple[str, type, str]] = {
    "workstream": ("assessment", AssessmentInput, "assessments"),
    "commitment": ("commentary", CommentaryRecord, "commentary"),
    "measure": ("value", MeasureValueRecord, "values"),
    "risk": ("control", RiskControlInput, "controls"),
}
"""Tables nested in a record ([[workstream.assessment]]): key, model, and the snapshot's dict."""


def export_toml(session: Session) -> str:
    """The whole database (but its history) as TOML; the same data always gives the same text."""
    records = export_records(session)
    document = {kind: [_toml_table(item) for item in items] for kind, items in records.items() if items}
    text = tomli_w.dumps(document, multiline_strings=True)
    return "# tracker export, format 1 (see docs/format.md)\n\n" + toml_safe(text)  # no control reaches a terminal


STAMPS = ("assessed_at", "written_at", "entered_at")
"""Time stamps: TOML date-times in a file, UTC text (2023-10-23T09:00:00Z) in the database."""


def _toml_table(item: dict[str, Any]) -> dict[str, Any]:
    """TOML has no null: unset fields are left out, and so are empty lists and text."""
    table = {}
    for key, value in item.items():
        if value is None or value == "" or value == []:
            continue
        if key in STAMPS:
            value = _as_datetime(value)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = [_toml_table(v) for v in value]
        table[key] = value
    return table


def _as_datetime(value: str) -> dt.datetime | str:
    """A stored time stamp as a TOML date-time; text that is not one (an older tracker took any) stays
    text, which import then refuses by name."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return parsed if parsed.tzinfo is not None else value


TOO_DEEP = "is nested too deeply to read (arrays or tables inside one another, thousands deep)"


def read_snapshot(path: Path) -> Snapshot:
    """Parse and validate a TOML file; errors name the file, the item and the field."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidInput(f"is {size} bytes; the limit is {MAX_FILE_BYTES}", where=str(path))
        raw = path.read_bytes()
    except IsADirectoryError:
        raise InvalidInput("is a directory, not a file", where=str(path)) from None
    except OSError as exc:
        raise InvalidInput(f"cannot be read: {exc.strerror}", where=str(path)) from None
    return parse_snapshot(raw, source=str(path))


def parse_snapshot(raw: bytes, *, source: str) -> Snapshot:
    if not raw.strip():
        raise InvalidInput("is empty", where=source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"is not UTF-8 text (bad byte at offset {exc.start})", where=source) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"is not valid TOML: {exc}", where=source) from None
    except RecursionError:
        raise InvalidInput(TOO_DEEP, where=source) from None
    snapshot = Snapshot()
    home = document.pop(FILE_HOME) if not isinstance(document.get(FILE_HOME, []), list) else None
    if home is not None and not isinstance(home, str):
        raise InvalidInput(f"{FILE_HOME} must be a portfolio's code in quotes, or [[{FILE_HOME}]] tables",
                           where=f"{source}: {FILE_HOME}")
    for key, items in document.items():
        if key not in _KINDS:
            raise InvalidInput(f"unknown table [[{key}]]; expected one of {', '.join(_KINDS)}", where=source)
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise InvalidInput(f"{key} must be an array of tables ([[{key}]])", where=source)
        for index, item in enumerate(items, start=1):
            if home is not None and key in _HOMED and "portfolio" not in item:
                item = item | {"portfolio": home}
            _add(snapshot, key, dict(item), index, source)
    return snapshot


FILE_HOME = "portfolio"
"""A file's top-level `portfolio = "CODE"`: the home of each of its records that names none (a
file that adds [[portfolio]] tables names each record's portfolio itself)."""
_HOMED = ("section", "priority", "workstream", "risk", "action", "commitment", "measure", "consultation", "paper")


def _add(snapshot: Snapshot, kind: str, item: dict[str, Any], index: int, source: str) -> None:
    model, key = _KINDS[kind]
    name = item.get(key)
    where = f"{source}: {kind} {name}" if isinstance(name, (str, int)) else f"{source}: {kind} #{index}"
    nested_key, nested_model, nested_dict = _NESTED.get(kind, (None, None, None))
    nested = item.pop(nested_key, []) if nested_key else []
    milestones = item.pop("milestone", []) if kind == "workstream" else []
    if kind == "paper":
        item["section"] = _sections(item.get("section", []), where)
    record = strictly_validated(model, item, where=where)
    getattr(snapshot, _LISTS[kind]).append(record)
    if nested_key:
        if not isinstance(nested, list) or not all(isinstance(n, dict) for n in nested):
            raise InvalidInput(f"{nested_key} must be an array of tables", where=where)
        getattr(snapshot, nested_dict).setdefault(record.ref, []).extend(
            _nested(nested_model, n, f"{where}, {nested_key} {n.get('period') or n.get('label') or n.get('start', i)}")
            for i, n in enumerate(nested, start=1)
        )
    if milestones:
        _milestones(snapshot, record.ref, milestones, where)


def _milestones(snapshot: Snapshot, ref: str, items: Any, where: str) -> None:
    """A workstream's [[workstream.milestone]] tables, each checked strictly."""
    from tracker.db.milestones import MilestoneInput

    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InvalidInput("milestone must be an array of tables ([[workstream.milestone]])", where=where)
    snapshot.milestones.setdefault(ref, []).extend(
        strictly_validated(MilestoneInput, item, where=f"{where}, milestone {item.get('title', index)!r}")
        for index, item in enumerate(items, start=1))


def _sections(items: Any, where: str) -> list[SectionInput]:
    """A paper's [[paper.section]] tables, each checked strictly, in the file's order."""
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InvalidInput("section must be an array of tables ([[paper.section]])", where=where)
    return [strictly_validated(SectionInput, item, where=f"{where}, section {item.get('key', index)}")
            for index, item in enumerate(items, start=1)]


def _nested(model: type, item: dict[str, Any], where: str):
    """A nested record; its time stamp must be a TOML date-time, kept as the UTC text it stands for."""
    given = {name: item[name] for name in STAMPS if name in item}
    texts = {name: stamp(value, f"{where}, {name}") for name, value in given.items() if isinstance(value, dt.datetime)}
    record = strictly_validated(model, item | texts, where=where)
    for name, value in given.items():
        stamp(value, f"{where}, {name}")  # refuses text, after the record's own checks named theirs
    return record


def import_snapshot(*, session: Session, snapshot: Snapshot, source: str, actor: str, scale: RiskScale) -> None:
    """Load a parsed file all or nothing; a refusal names the file as well."""
    try:
        load_snapshot(session=session, snapshot=snapshot, actor=actor, scale=scale)
    except InvalidInput as exc:
        where = f"{source}: {exc.where}" if exc.where else source
        raise InvalidInput(exc.reason, where=where) from None


def seed_snapshot() -> Snapshot:
    """The bundled seeds (seeds/*.toml), taken from the source documents, as one snapshot."""
    snapshot = Snapshot()
    folder = resources.files("tracker.seeds")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            snapshot.extend(parse_snapshot(entry.read_bytes(), source=f"seeds/{entry.name}"))
    return snapshot
