"""Replay the history into the records it describes, and compare them with the tables.

Every store write records one event per changed field (old and new value), so walking the
events in order rebuilds each record's recorded fields: a create sets them, an update changes
one, a delete removes the record. Whatever the tables hold that the replay does not (a rating
changed, a risk deleted, a user inserted with the sqlite3 shell) was written around tracker.

Not compared, because history does not record them: who and when on ratings, commentary and
measure values (`assessed_by`/`_at`, `written_by`/`_at`, `entered_by`/`_at`: an import keeps
the file's, and a re-save restamps them). Sort keys are checked against the ref they derive from.
"""

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from . import strand_replay
from .history import as_text
from .measure_rules import value_ref
from .periods import is_rename
from .models import (
    Action,
    Assessment,
    Commentary,
    Commitment,
    Consultation,
    Measure,
    MeasureValue,
    Period,
    Portfolio,
    Priority,
    Risk,
    RiskControl,
    Section,
    User,
    UserPortfolio,
    Workstream,
    WorkstreamPriority,
)
from .views import natural_key

Key = tuple[str, str, str | None]
"""(entity, ref, period): how history names one record."""
Fields = dict[str, str | None]

NOT_STATE = frozenset({"carried_forward_from", "suggestion", "undo_of", "copied_from"})
"""Events that note a decision rather than change a field."""
MEASURE_EXTRAS = ("difference", "decimals", "difference_decimals", "significance", "dimension", "total", "source",
                  "question")
"""A measure's fields since 0009 (how it prints and compares, its breakdown, its survey)."""
RISK_FIELDS = ("title", "description", "owner", "likelihood", "impact", "score", "target_score", "status",
               "review_date", "register_kind", "inherent_likelihood", "inherent_impact", "inherent_score",
               "target_likelihood", "target_impact", "target_reason", "causes", "consequences", "board",
               "reviewed_on", "direction_stated", "mitigation_count", "mitigation_areas")
"""A risk's fields as history names them (since 0012)."""
NOT_COMPARED = ("assessed_by", "assessed_at", "written_by", "written_at", "entered_by", "entered_at")


LEGACY_FIELDS = {("risk", "on_register"): ("register_kind", {"true": "force", "false": None})}
"""Fields history names as they were before a migration renamed them: (entity, old name) ->
(name now, old value -> value now). 0012 made a risk's yes/no `on_register` its `register_kind`."""


def legacy_value(entity: str, field: str, value: str | None) -> tuple[str, str | None]:
    """An event's field and value as they are named now."""
    renamed = LEGACY_FIELDS.get((entity, field))
    if renamed is None:
        return field, value
    return renamed[0], renamed[1].get(value) if value is not None else None


def normal(field: str, value: str | None) -> str | None:
    """One spelling per value: nothing and empty text are the same; priorities as a sorted set."""
    if value is None or value == "":
        return None
    if field == "priorities":
        numbers = sorted({int(n) for n in value.split(",") if n.strip().lstrip("-").isdigit()})
        return ",".join(map(str, numbers)) or None
    if field == "portfolios":
        return ",".join(sorted({code.strip() for code in value.split(",") if code.strip()})) or None
    return value


class Replay:
    """The records history describes, built one event at a time (events in id order)."""

    def __init__(self) -> None:
        self.records: dict[Key, Fields] = {}
        self.unexplained: dict[Key, int] = {}
        """Records history changes or deletes without having created them: key -> first event id."""
        self.deleted_in: dict[Key, str] = {}
        """The batch that deleted a record: its deletion writes one event per field."""

    def feed(self, event: Any) -> None:
        field = event["field"]
        if field in NOT_STATE or field in NOT_COMPARED:
            return
        if is_rename(event):
            self.rename_period(event["old"], event["new"])
            return
        key = (event["entity"], event["ref"], event["period"])
        if (key[0], field) in LEGACY_FIELDS:
            field, new = legacy_value(key[0], field, event["new"])
            event = {**dict(event), "field": field, "new": new}
        kind = event["kind"]
        if kind == "create":
            self.records.setdefault(key, {})[field] = normal(field, event["new"])
            return
        if kind == "delete" and self.deleted_in.get(key) == event["batch"]:
            return
        record = self.records.get(key)
        if record is None:
            self.unexplained.setdefault(key, event["id"])
            record = self.records[key] = {}
        if kind == "delete":
            del self.records[key]
            self.deleted_in[key] = event["batch"]
        else:
            record[field] = normal(field, event["new"])

    def rename_period(self, old: str, new: str) -> None:
        """A period renamed: its records, and every record of it, are named by `new` from here on."""

        def rekey(key: Key) -> Key:
            if key == ("period", old, None):
                return ("period", new, None)
            return (key[0], key[1], new) if key[2] == old else key

        for table in (self.records, self.unexplained, self.deleted_in):
            if any(rekey(key) != key for key in table):
                renamed = {rekey(key): value for key, value in table.items()}
                table.clear()
                table.update(renamed)

    def differences(self, session: Session) -> list[str]:
        """Each record whose table row differs from what history yields, named with the field."""
        tables = table_records(session)
        legacy = _period_dates(session)
        problems = [f"{describe(key)}: history changes it (event {first}) but never created it"
                    for key, first in self.unexplained.items() if key not in self.records]
        for key, actual in tables.items():
            expected = self.records.get(key)
            if expected is None:
                problems.append(f"{describe(key)} is in the database but not in history: it was written around tracker")
                continue
            if key[0] == "measure" and key[2] is not None and key[2] in legacy:
                expected = legacy[key[2]] | expected  # recorded before 0009: the dates are its period's
            for field, value in actual.items():
                if field == "sort_key":
                    continue
                recorded = expected.get(field)
                if value != recorded:
                    problems.append(f"{describe(key)}, {field}: the database has {show(value)} but history says "
                                    f"{show(recorded)}")
            if "sort_key" in actual and actual["sort_key"] != natural_key(key[1]):
                problems.append(f"{describe(key)}, sort_key: {show(actual['sort_key'])} does not follow from its ref")
        for key in self.records:
            if key not in tables:
                problems.append(f"{describe(key)} is in history but missing from the database: it was deleted "
                                "around tracker")
        return problems


def _period_dates(session: Session) -> dict[str, Fields]:
    """Each period's dates as a value's `start` and `end` fields: a value recorded before values
    had dates of their own (0009) took its period's."""
    return {label: {"start": as_text(start), "end": as_text(end)}
            for label, start, end in session.execute(select(Period.label, Period.start_date, Period.end_date))}


def describe(key: Key) -> str:
    entity, ref, period = key
    if entity == "assessment":
        return f"the rating of workstream {show(ref)} for {show(period)}"
    if entity == "measure" and period is not None:
        return f"the value of measure {show(ref)} for {show(period)}"
    if entity == "commentary":
        return f"commentary {show(ref)} for {show(period)}"
    if entity == "narrative" or (entity == "section" and period is not None):
        return f"the narrative of {'section ' if entity == 'section' else 'workstream '}{show(ref)} for {show(period)}"
    if entity in ("paper", "paper_section"):
        return f"{entity.replace('_', ' ')} {show(ref)} for {show(period)}"
    return f"{entity} {show(ref)}"


def show(value: str | None, limit: int = 60) -> str:
    """A value quoted for a message, control characters escaped, long text cut short."""
    if value is None:
        return "nothing"
    text = value if len(value) <= limit else value[:limit] + "..."
    return repr(text)


def _text(row: Any, names: tuple[str, ...], renames: dict[str, str] | None = None) -> Fields:
    """Fields as history writes them, keyed by their history names."""
    renames = renames or {}
    return {renames.get(name, name): normal(name, as_text(row[name])) for name in names}


def table_records(session: Session) -> dict[Key, Fields]:
    """Every record of every data table, named and spelled as history names and spells it."""
    return dict(_all_rows(session))


def _rows(session: Session, query) -> Iterator[Any]:
    return (row._mapping for row in session.connection().execute(query.execution_options(yield_per=5000)))


def _homes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Portfolio.id, Portfolio.code)).all())


def _homed(fields: Fields, row: Any, homes: dict[int, str]) -> Fields:
    """A record's fields with its portfolio, named by code as history names it."""
    return fields | {"portfolio": homes.get(row["portfolio_id"])}


def _all_rows(session: Session) -> Iterator[tuple[Key, Fields]]:
    homes = _homes(session)
    parents = dict(session.execute(select(Portfolio.id, Portfolio.parent_id)).all())
    for row in _rows(session, select(Portfolio.__table__)):
        fields = _text(row, ("name", "owner", "status", "cycle", "sort_key"))
        yield ("portfolio", row["code"], None), fields | {"parent": homes.get(parents[row["id"]])}
    for row in _rows(session, select(Period.__table__)):
        yield ("period", row["label"], None), _text(
            row, ("start_date", "end_date", "closed"), {"start_date": "start", "end_date": "end"})
    for row in _rows(session, select(Section.__table__)):
        yield ("section", row["code"], None), _homed(_text(row, ("name", "sort_key")), row, homes)
    for row in _rows(session, select(Priority.__table__)):
        yield ("priority", str(row["number"]), None), _homed(_text(row, ("title", "objective")), row, homes)
    query = (select(Consultation.portfolio_id, Consultation.name, Consultation.area, Period.label)
             .join(Period, Period.id == Consultation.period_id))
    for row in _rows(session, query):
        yield ("consultation", f"{homes[row['portfolio_id']]}/{row['name']}", row["label"]), _text(row, ("name", "area"))
    limits: dict[int, list[str]] = {}
    for user_id, portfolio_id in session.execute(select(UserPortfolio.user_id, UserPortfolio.portfolio_id)):
        limits.setdefault(user_id, []).append(homes.get(portfolio_id) or f"#{portfolio_id}")
    for row in _rows(session, select(User.__table__)):
        yield ("user", row["name"], None), _text(row, ("role",)) | {
            "portfolios": normal("portfolios", as_text(limits.get(row["id"], [])))}
    yield from _workstreams(session)
    yield from _risks_and_actions(session)
    yield from _plan(session)
    yield from _papers(session, homes)
    yield from strand_replay.milestones(session)


def _papers(session: Session, homes: dict[int, str]) -> Iterator[tuple[Key, Fields]]:
    from .paper_models import Narrative, Paper, PaperSection
    from .paper_schemas import FRONT_FIELDS
    from .papers import SECTION_FIELDS

    labels = dict(session.execute(select(Period.id, Period.label)).all())
    refs: dict[int, tuple[str, str]] = {}
    for row in _rows(session, select(Paper.__table__)):
        ref = f"{homes.get(row['portfolio_id'])}/{row['kind']}"
        refs[row["id"]] = (ref, labels.get(row["period_id"]))
        yield ("paper", ref, refs[row["id"]][1]), _text(row, (*FRONT_FIELDS, "status", "template"))
    for row in _rows(session, select(PaperSection.__table__)):
        ref, label = refs.get(row["paper_id"], (f"#{row['paper_id']}", None))
        yield ("paper_section", f"{ref}/{row['key']}", label), _text(row, SECTION_FIELDS)
    query = (select(Narrative.text, Narrative.period_id, Workstream.ref, Section.code)
             .outerjoin(Workstream, Workstream.id == Narrative.workstream_id)
             .outerjoin(Section, Section.id == Narrative.section_id))
    for row in _rows(session, query):
        entity, ref = ("narrative", row["ref"]) if row["ref"] is not None else ("section", row["code"])
        yield (entity, ref, labels.get(row["period_id"])), {"narrative": normal("narrative", row["text"])}


def _workstreams(session: Session) -> Iterator[tuple[Key, Fields]]:
    priorities: dict[int, list[int]] = {}
    for workstream_id, number in session.execute(
        select(WorkstreamPriority.workstream_id, Priority.number)
        .join(Priority, Priority.id == WorkstreamPriority.priority_id)
    ):
        priorities.setdefault(workstream_id, []).append(number)
    homes = _homes(session)
    query = select(Workstream.id, Workstream.ref, Workstream.name, Workstream.sort_key, Workstream.lead,
                   Workstream.description, Workstream.status, Workstream.portfolio_id, Section.code.label("section")
                   ).outerjoin(Section, Section.id == Workstream.section_id)
    for row in _rows(session, query):
        fields = _homed(_text(row, ("name", "section", "lead", "description", "status", "sort_key")), row, homes)
        fields["priorities"] = normal("priorities", as_text(priorities.get(row["id"], [])))
        yield ("workstream", row["ref"], None), fields
    query = (select(Workstream.ref, Period.label, Assessment.rag, Assessment.rationale)
             .select_from(Assessment).outerjoin(Workstream, Workstream.id == Assessment.workstream_id)
             .outerjoin(Period, Period.id == Assessment.period_id))
    for row in _rows(session, query):
        yield ("assessment", row["ref"], row["label"]), _text(row, ("rag", "rationale"))


def _risks_and_actions(session: Session) -> Iterator[tuple[Key, Fields]]:
    linked = Workstream.__table__.alias("linked")
    risk = Risk.__table__
    homes = _homes(session)
    names = RISK_FIELDS
    query = (select(risk.c.ref, risk.c.portfolio_id, *(risk.c[n] for n in names), linked.c.ref.label("workstream"))
             .outerjoin(linked, linked.c.id == risk.c.workstream_id))
    links = strand_replay.links(session, Risk)
    for row in _rows(session, query):
        yield ("risk", row["ref"], None), _homed(_text(row, (*names, "workstream")), row, homes) | {
            "priorities": links.get(row["ref"])}
    control = RiskControl.__table__
    query = select(risk.c.ref, control.c.number, control.c.description, control.c.effectiveness).join(
        risk, risk.c.id == control.c.risk_id)
    for row in _rows(session, query):
        yield ("risk_control", f"{row['ref']}/{row['number']}", None), _text(row, ("description", "effectiveness"))
    action, mitigated, parent = Action.__table__, Risk.__table__.alias("mitigated"), Action.__table__.alias("parent")
    names = ("title", "detail", "owner", "due_date", "status", "completed_on", "expected_outcome")
    query = (select(action.c.ref, action.c.portfolio_id, *(action.c[n] for n in names), linked.c.ref.label("workstream"),
                    mitigated.c.ref.label("risk"), parent.c.ref.label("parent"))
             .outerjoin(linked, linked.c.id == action.c.workstream_id)
             .outerjoin(mitigated, mitigated.c.id == action.c.risk_id)
             .outerjoin(parent, parent.c.id == action.c.parent_id))
    links = strand_replay.links(session, Action)
    for row in _rows(session, query):
        yield ("action", row["ref"], None), _homed(_text(row, (*names, "workstream", "risk", "parent")), row, homes) | {
            "priorities": links.get(row["ref"])}


def _plan(session: Session) -> Iterator[tuple[Key, Fields]]:
    homes = _homes(session)
    above = Commitment.__table__.alias("above")
    query = (select(Commitment.ref, Commitment.sort_key, Commitment.text, Commitment.owners, Commitment.lead,
                    Commitment.portfolio_id, Priority.number.label("priority"), above.c.ref.label("parent"))
             .outerjoin(Priority, Priority.id == Commitment.priority_id)
             .outerjoin(above, above.c.id == Commitment.parent_id))
    for row in _rows(session, query):
        yield ("commitment", row["ref"], None), _homed(
            _text(row, ("priority", "text", "owners", "lead", "sort_key", "parent")), row, homes)
    query = (select(Commitment.ref, Commentary.team, Period.label, Commentary.text)
             .select_from(Commentary).outerjoin(Commitment, Commitment.id == Commentary.commitment_id)
             .outerjoin(Period, Period.id == Commentary.period_id))
    for row in _rows(session, query):
        yield ("commentary", f"{row['ref']}/{row['team']}", row["label"]), _text(row, ("text",))
    linked = Workstream.__table__.alias("linked")
    query = (select(Measure.ref, Measure.sort_key, Measure.name, Measure.area, Measure.unit, Measure.direction,
                    Measure.target, Measure.description, Measure.lead, Measure.portfolio_id,
                    *(getattr(Measure, name) for name in MEASURE_EXTRAS),
                    linked.c.ref.label("workstream"))
             .outerjoin(linked, linked.c.id == Measure.workstream_id))
    names = ("name", "area", "unit", "direction", "target", "description", "lead", "workstream", "sort_key",
             *MEASURE_EXTRAS)
    links = strand_replay.links(session, Measure)
    for row in _rows(session, query):
        yield ("measure", row["ref"], None), _homed(_text(row, names), row, homes) | {"priorities": links.get(row["ref"])}
    query = (select(Measure.ref, MeasureValue.label, MeasureValue.member, MeasureValue.series,
                    MeasureValue.start_date.label("start"), MeasureValue.end_date.label("end"), MeasureValue.value,
                    MeasureValue.low, MeasureValue.high, MeasureValue.ci, MeasureValue.n, MeasureValue.footnote)
             .select_from(MeasureValue).outerjoin(Measure, Measure.id == MeasureValue.measure_id))
    for row in _rows(session, query):
        yield (("measure", value_ref(row["ref"], row["member"], row["series"]), row["label"]),
               _text(row, ("start", "end", "value", "low", "high", "ci", "n", "footnote")))
