"""Whole-database import for the store: load a snapshot all or nothing (db/export.py reads one out).

Loading uses Core bulk inserts (not one ORM object at a time) and writes the history of every
record it creates in the same transaction.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session, SQLModel

from .access import authorize
from .enums import Entity
from .errors import InvalidInput
from .history import writing
from .risk_models import RiskControl
from .models import (
    Action,
    Assessment,
    Commentary,
    Commitment,
    Measure,
    Period,
    Priority,
    Risk,
    Section,
    Workstream,
    WorkstreamPriority,
)
from .schemas import (
    DEFAULT_SCALE,
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
from .bulk_papers import check_papers, insert_papers
from .paper_schemas import NarrativeRecord, PaperRecord
from .bulk_homes import check_consultations, check_homes, insert_consultations, insert_portfolios, record_homes
from .bulk_rules import check_links, check_ratings, check_records, close_periods
from .cycles import period_cycle
from .rules import check_period_dates
from .store import action_rules, risk_rules
from .risk_schemas import RiskControlInput
from .bulk_strands import check_strands, columns_of, insert_strands, record_milestones
from .milestones import MilestoneInput
from .commitments import check_parents, commentary_ref
from .bulk_measures import check_values, insert_values, record_values
from .measure_rules import check_measure_shape
from .views import natural_key


@dataclass
class Snapshot:
    """Validated records to load together; links between them are by ref, code or number."""

    portfolios: list[PortfolioCreate] = field(default_factory=list)
    periods: list[PeriodCreate] = field(default_factory=list)
    sections: list[SectionCreate] = field(default_factory=list)
    priorities: list[PriorityCreate] = field(default_factory=list)
    workstreams: list[WorkstreamCreate] = field(default_factory=list)
    assessments: dict[str, list[AssessmentInput]] = field(default_factory=dict)
    """Keyed by workstream ref."""
    risks: list[RiskCreate] = field(default_factory=list)
    controls: dict[str, list[RiskControlInput]] = field(default_factory=dict)
    """A risk's existing controls, keyed by risk ref, in their order (numbered 1, 2, ...)."""
    actions: list[ActionCreate] = field(default_factory=list)
    commitments: list[CommitmentCreate] = field(default_factory=list)
    commentary: dict[str, list[CommentaryRecord]] = field(default_factory=dict)
    """Keyed by commitment ref."""
    measures: list[MeasureCreate] = field(default_factory=list)
    values: dict[str, list[MeasureValueRecord]] = field(default_factory=dict)
    """Keyed by measure ref."""
    consultations: list[ConsultationInput] = field(default_factory=list)
    papers: list[PaperRecord] = field(default_factory=list)
    narratives: list[NarrativeRecord] = field(default_factory=list)
    milestones: dict[str, list[MilestoneInput]] = field(default_factory=dict)
    """Keyed by workstream ref."""

    def extend(self, other: "Snapshot") -> None:
        for name in ("portfolios", "periods", "sections", "priorities", "workstreams", "risks", "actions",
                     "commitments", "measures", "consultations", "papers", "narratives"):
            getattr(self, name).extend(getattr(other, name))
        for name in ("assessments", "commentary", "values", "milestones", "controls"):
            for ref, items in getattr(other, name).items():
                getattr(self, name).setdefault(ref, []).extend(items)

    def counts(self) -> dict[str, int]:
        return {
            "portfolios": len(self.portfolios),
            "periods": len(self.periods),
            "sections": len(self.sections),
            "priorities": len(self.priorities),
            "workstreams": len(self.workstreams),
            "assessments": sum(len(items) for items in self.assessments.values()),
            "risks": len(self.risks),
            "risk controls": sum(len(items) for items in self.controls.values()),
            "actions": len(self.actions),
            "commitments": len(self.commitments),
            "commentaries": sum(len(items) for items in self.commentary.values()),
            "measures": len(self.measures),
            "measure values": sum(len(items) for items in self.values.values()),
            "people consulted": len(self.consultations),
            "papers": len(self.papers),
            "paper sections": sum(len(p.section) for p in self.papers),
            "narratives": len(self.narratives),
            "milestones": sum(len(items) for items in self.milestones.values()),
        }


class _Keys:
    """The keys of one kind of record: those stored already plus those being loaded."""

    def __init__(self, session: Session, model: type[SQLModel], key: str, kind: str) -> None:
        self.model, self.key, self.kind = model, key, kind
        self.ids: dict[Any, int] = dict(session.execute(select(getattr(model, key), model.id)).all())
        self.new: set[Any] = set()

    def add(self, value: Any, where: str) -> None:
        if value in self.ids or value in self.new:
            raise InvalidInput(f"{self.kind} {value!r} exists already", where=where)
        self.new.add(value)

    def require(self, value: Any, where: str) -> None:
        if value is not None and value not in self.ids and value not in self.new:
            raise InvalidInput(f"no {self.kind} {value!r}", where=where)

    def refresh(self, session: Session) -> None:
        self.ids = dict(session.execute(select(getattr(self.model, self.key), self.model.id)).all())


def _stored_keys(session: Session) -> dict[str, _Keys]:
    """The keys of every kind of record an import adds, as stored now."""
    return {
        "period": _Keys(session, Period, "label", "period"),
        "section": _Keys(session, Section, "code", "section"),
        "priority": _Keys(session, Priority, "number", "priority"),
        "workstream": _Keys(session, Workstream, "ref", "workstream"),
        "risk": _Keys(session, Risk, "ref", "risk"),
        "action": _Keys(session, Action, "ref", "action"),
        "commitment": _Keys(session, Commitment, "ref", "commitment"),
        "measure": _Keys(session, Measure, "ref", "measure"),
        "measure name": _Keys(session, Measure, "name", "measure name"),
    }


def load_snapshot(*, session: Session, snapshot: Snapshot, actor: str, scale: RiskScale = DEFAULT_SCALE) -> None:
    """Add every record of `snapshot`; on any error nothing at all is written."""
    with writing(session, actor) as history:
        authorize(session, actor, "import data", admin_only=True)
        keys = _stored_keys(session)
        _check(snapshot, keys, scale)
        check_parents(session, snapshot.commitments)
        values = check_values(session, snapshot, {m.ref: m for m in snapshot.measures})
        check_homes(session, snapshot)
        check_consultations(session, snapshot, keys["period"])
        check_papers(session, snapshot, keys)
        check_records(session, snapshot)
        check_strands(session, snapshot, keys)

        homes = insert_portfolios(session, snapshot)
        _bulk(session, Period, [  # open until their records are in (bulk_rules.close_periods)
            {"label": p.label, "start_date": p.start, "end_date": p.end, "closed": False,
             "cycle": period_cycle(p.start, p.end)} for p in snapshot.periods
        ])
        _bulk(session, Section, [_homed(s, homes) | {"sort_key": natural_key(s.code)} for s in snapshot.sections])
        _bulk(session, Priority, [_homed(p, homes) for p in snapshot.priorities])
        for name in ("period", "section", "priority"):
            keys[name].refresh(session)
        sections, priorities, period_ids = keys["section"].ids, keys["priority"].ids, keys["period"].ids

        _bulk(session, Workstream, [
            _homed(w, homes, exclude={"section", "priorities"})
            | {"section_id": sections[w.section], "sort_key": natural_key(w.ref)}
            for w in snapshot.workstreams
        ])
        keys["workstream"].refresh(session)
        workstreams = keys["workstream"].ids
        _bulk(session, WorkstreamPriority, [
            {"workstream_id": workstreams[w.ref], "priority_id": priorities[n]}
            for w in snapshot.workstreams for n in sorted(set(w.priorities))
        ])
        _bulk(session, Assessment, [
            a.model_dump(exclude={"period"}, mode="json")
            | {"workstream_id": workstreams[ref], "period_id": period_ids[a.period]}
            for ref, items in snapshot.assessments.items() for a in items
        ])
        check_ratings(session, snapshot)
        risks, actions = _load_register(session, snapshot, keys, homes, actor, scale)

        _load_plan(session, snapshot, keys, homes)
        insert_values(session, values, keys["measure"].ids)
        insert_consultations(session, snapshot, homes, keys["period"].ids)
        insert_strands(session, snapshot, keys)

        _record_history(session, history, snapshot, risks, actions, values)
        insert_papers(session, history, snapshot, homes, keys)


def _load_register(session: Session, snapshot: Snapshot, keys: dict[str, "_Keys"], homes: dict[str, int], actor: str,
                   scale: RiskScale) -> tuple[list[dict], list[dict]]:
    """Risks, then actions (which may name them), each checked by the rules of a single change."""
    workstreams = keys["workstream"].ids
    risks = [risk_rules(scale)(r.model_dump(), {}, r.model_dump(exclude_unset=True), f"risk {r.ref}")
             for r in snapshot.risks]
    check_links(session, actor, "risk", risks)
    _bulk(session, Risk, [
        columns_of(_without(r, "workstream", "portfolio"))
        | {"workstream_id": workstreams.get(r["workstream"]), "portfolio_id": homes[r["portfolio"]]} for r in risks
    ])
    keys["risk"].refresh(session)
    _bulk(session, RiskControl, [c.model_dump() | {"risk_id": keys["risk"].ids[ref], "number": number}
                                 for ref, items in snapshot.controls.items()
                                 for number, c in enumerate(items, start=1)])
    actions = [action_rules(a.model_dump(), {}, a.model_dump(exclude_unset=True), f"action {a.ref}")
               for a in snapshot.actions]
    check_links(session, actor, "action", actions)
    _bulk(session, Action, [
        columns_of(_without(a, "workstream", "risk", "portfolio"))
        | {"workstream_id": workstreams.get(a["workstream"]), "risk_id": keys["risk"].ids.get(a["risk"]),
           "portfolio_id": homes[a["portfolio"]]}
        for a in actions
    ])
    return risks, actions


def _record_history(session: Session, history, snapshot: Snapshot, risks: list[dict], actions: list[dict],
                    values: list) -> None:
    """One create event per field of every record loaded, then the close of the file's closed periods."""
    record_homes(history, snapshot)
    for p in snapshot.periods:
        history.created(Entity.PERIOD, p.label, p.model_dump(exclude={"label"}) | {"closed": False})
    for s in snapshot.sections:
        history.created(Entity.SECTION, s.code, {"name": s.name, "portfolio": s.portfolio})
    for p in snapshot.priorities:
        history.created(Entity.PRIORITY, str(p.number), p.model_dump(exclude={"number"}))
    for w in snapshot.workstreams:
        history.created(Entity.WORKSTREAM, w.ref, w.model_dump(exclude={"ref"}))
    for ref, items in snapshot.assessments.items():
        for a in items:
            history.created(Entity.ASSESSMENT, ref, a.model_dump(exclude={"period"}), period=a.period)
    for r in risks:
        history.created(Entity.RISK, r["ref"], _without(r, "ref"))
    for ref, items in snapshot.controls.items():
        for number, c in enumerate(items, start=1):
            history.created(Entity.RISK_CONTROL, f"{ref}/{number}", c.model_dump())
    for a in actions:
        history.created(Entity.ACTION, a["ref"], _without(a, "ref"))
    for c in snapshot.commitments:
        history.created(Entity.COMMITMENT, c.ref, c.model_dump(exclude={"ref"}))
    for ref, items in snapshot.commentary.items():
        for n in items:
            history.created(Entity.COMMENTARY, commentary_ref(ref, n.team), {"text": n.text}, period=n.period)
    for m in snapshot.measures:
        history.created(Entity.MEASURE, m.ref, m.model_dump(exclude={"ref"}))
    record_values(history, values)
    record_milestones(history, snapshot)
    close_periods(session, history, snapshot)


def _load_plan(session: Session, snapshot: Snapshot, keys: dict[str, "_Keys"], homes: dict[str, int]) -> None:
    """Commitments with their commentary, measures with their values."""
    priorities, period_ids = keys["priority"].ids, keys["period"].ids
    workstreams = keys["workstream"].ids
    _bulk(session, Commitment, [
        _homed(c, homes, exclude={"priority", "parent"})
        | {"priority_id": priorities[c.priority], "sort_key": natural_key(c.ref)}
        for c in snapshot.commitments
    ])
    keys["commitment"].refresh(session)
    ids = keys["commitment"].ids
    for c in snapshot.commitments:  # children after every parent is in, whatever the file's order
        if c.parent is not None:
            session.execute(update(Commitment).where(Commitment.id == ids[c.ref]).values(parent_id=ids[c.parent]))
    _bulk(session, Commentary, [
        n.model_dump(exclude={"period"}) | {"commitment_id": keys["commitment"].ids[ref], "period_id": period_ids[n.period]}
        for ref, items in snapshot.commentary.items() for n in items
    ])
    _bulk(session, Measure, [
        _homed(m, homes, exclude={"workstream", "priorities"})
        | {"workstream_id": workstreams.get(m.workstream), "sort_key": natural_key(m.ref)}
        for m in snapshot.measures
    ])
    keys["measure"].refresh(session)


def _check(snapshot: Snapshot, keys: dict[str, _Keys], scale: RiskScale) -> None:
    """Every cross-reference and uniqueness rule, before anything is inserted."""
    for p in snapshot.periods:
        keys["period"].add(p.label, f"period {p.label}, label")
        check_period_dates(p.start, p.end, f"period {p.label}")
    for s in snapshot.sections:
        keys["section"].add(s.code, f"section {s.code}, code")
    for p in snapshot.priorities:
        keys["priority"].add(p.number, f"priority {p.number}, number")
    for w in snapshot.workstreams:
        keys["workstream"].add(w.ref, f"workstream {w.ref}, ref")
        keys["section"].require(w.section, f"workstream {w.ref}, section")
        for number in w.priorities:
            keys["priority"].require(number, f"workstream {w.ref}, priorities")
    for ref, items in snapshot.assessments.items():
        if ref not in keys["workstream"].new:
            raise InvalidInput(f"no workstream {ref!r} in this file", where=f"workstream {ref}, assessment")
        seen: set[str] = set()
        for a in items:
            where = f"workstream {ref}, assessment {a.period}"
            keys["period"].require(a.period, f"{where}, period")
            if a.period in seen:
                raise InvalidInput("a second assessment for the same period", where=f"{where}, period")
            seen.add(a.period)
    for r in snapshot.risks:
        keys["risk"].add(r.ref, f"risk {r.ref}, ref")
        keys["workstream"].require(r.workstream, f"risk {r.ref}, workstream")
    for ref in snapshot.controls:
        if ref not in keys["risk"].new:
            raise InvalidInput(f"no risk {ref!r} in this file", where=f"risk {ref}, control")
    for a in snapshot.actions:
        keys["action"].add(a.ref, f"action {a.ref}, ref")
        keys["workstream"].require(a.workstream, f"action {a.ref}, workstream")
        keys["risk"].require(a.risk, f"action {a.ref}, risk")
    for c in snapshot.commitments:
        keys["commitment"].add(c.ref, f"commitment {c.ref}, ref")
        keys["priority"].require(c.priority, f"commitment {c.ref}, priority")
    _check_per_period(snapshot.commentary, keys, "commitment", "commentary", lambda n: (n.period, n.team))
    for m in snapshot.measures:
        keys["measure"].add(m.ref, f"measure {m.ref}, ref")
        keys["measure name"].add(m.name, f"measure {m.ref}, name")
        keys["workstream"].require(m.workstream, f"measure {m.ref}, workstream")
        check_measure_shape(m.dimension, m.total, f"measure {m.ref}")


def _check_per_period(records: dict[str, list], keys: dict[str, "_Keys"], kind: str, what: str, key) -> None:
    """Records nested under a new `kind` record: their period exists, and none is given twice."""
    for ref, items in records.items():
        if ref not in keys[kind].new:
            raise InvalidInput(f"no {kind} {ref!r} in this file", where=f"{kind} {ref}, {what}")
        seen: set = set()
        for item in items:
            where = f"{kind} {ref}, {what} {item.period}"
            keys["period"].require(item.period, f"{where}, period")
            if key(item) in seen:
                raise InvalidInput(f"a second {what} for the same period" + (" and team" if what == "commentary" else ""),
                                   where=f"{where}, period")
            seen.add(key(item))


def _bulk(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model), [{k: getattr(v, "value", v) for k, v in row.items()} for row in rows])


def _without(values: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in names}


def _homed(record, homes: dict[str, int], exclude: set[str] = frozenset()) -> dict[str, Any]:
    """A record's columns, its portfolio code (filled in by check_homes) as the portfolio's id."""
    return record.model_dump(exclude={"portfolio", *exclude}, mode="json") | {"portfolio_id": homes[record.portfolio]}
