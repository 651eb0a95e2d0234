"""Whole-database export: every record as plain values, in a stable order, links by ref."""

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from .risk_controls import controls_of
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
    Section,
    Workstream,
    WorkstreamPriority,
)
from .milestones import milestones_of
from .strand_reads import linked_priorities
from .views import natural_key, portfolios
from .export_papers import export_narratives, export_papers


def export_records(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Every record as plain values, in a stable order, with links by ref; None where unset."""
    periods = session.execute(select(Period).order_by(Period.end_date, Period.start_date, Period.label)).scalars()
    period_rows = [
        {"label": p.label, "start": p.start_date, "end": p.end_date, "closed": p.closed} for p in periods
    ]
    order = {p["label"]: i for i, p in enumerate(period_rows)}
    homes = _homes(session)
    sections = sorted(
        ({"code": s.code, "name": s.name, "portfolio": homes[s.portfolio_id]}
         for s in session.execute(select(Section)).scalars()),
        key=lambda s: natural_key(s["code"]),
    )
    priorities = [
        {"number": p.number, "title": p.title, "objective": p.objective, "portfolio": homes[p.portfolio_id]}
        for p in session.execute(select(Priority).order_by(Priority.number)).scalars()
    ]
    return {
        "portfolio": [{"code": p.code, "name": p.name, "parent": p.parent, "owner": p.owner, "status": p.status,
                       "cycle": p.cycle.value if p.cycle else None} for p in portfolios(session)],
        "period": period_rows,
        "section": sections,
        "priority": priorities,
        "workstream": _export_workstreams(session, order),
        "risk": _export_risks(session),
        "action": _export_actions(session),
        "commitment": _export_commitments(session, order),
        "measure": _export_measures(session, order),
        "consultation": _export_consultations(session, homes),
        "paper": export_papers(session, homes, order),
        "narrative": export_narratives(session, order),
    }


def _export_consultations(session: Session, homes: dict[int, str]) -> list[dict[str, Any]]:
    query = (select(Consultation, Period.label).join(Period, Period.id == Consultation.period_id)
             .order_by(Consultation.portfolio_id, Period.end_date, Consultation.position))
    rows = [{"portfolio": homes[c.portfolio_id], "period": label, "name": c.name, "area": c.area}
            for c, label in session.execute(query)]
    return sorted(rows, key=lambda r: natural_key(r["portfolio"]))


def _export_workstreams(session: Session, period_order: dict[str, int]) -> list[dict[str, Any]]:
    links: dict[int, list[int]] = defaultdict(list)
    for ws_id, number in session.execute(
        select(WorkstreamPriority.workstream_id, Priority.number).join(
            Priority, Priority.id == WorkstreamPriority.priority_id
        )
    ):
        links[ws_id].append(number)
    assessments: dict[int, list[dict[str, Any]]] = defaultdict(list)
    query = select(Assessment, Period.label).join(Period, Period.id == Assessment.period_id)
    for a, label in session.execute(query):
        assessments[a.workstream_id].append(
            {"period": label, "rag": a.rag, "rationale": a.rationale,
             "assessed_by": a.assessed_by, "assessed_at": a.assessed_at}
        )
    homes = _homes(session)
    rows = []
    for w, section in session.execute(select(Workstream, Section.code).join(Section)):
        rows.append({
            "ref": w.ref, "name": w.name, "section": section, "lead": w.lead, "status": w.status,
            "priorities": sorted(links[w.id]), "description": w.description, "portfolio": homes[w.portfolio_id],
            "assessment": sorted(assessments[w.id], key=lambda a: period_order[a["period"]]),
            "milestone": [{"title": title} | fields for title, fields in milestones_of(session, w.id)],
        })
    return sorted(rows, key=lambda r: natural_key(r["ref"]))


def _homes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Portfolio.id, Portfolio.code)).all())


def _refs(session: Session, model: type[SQLModel]) -> dict[int, str]:
    return dict(session.execute(select(model.id, model.ref)).all())


RISK_FIELDS = ("ref", "title", "owner", "workstream", "register_kind", "inherent_likelihood", "inherent_impact",
               "inherent_score", "likelihood", "impact", "score", "target_likelihood", "target_impact", "target_score",
               "target_reason", "status", "board", "reviewed_on", "review_date", "direction_stated",
               "mitigation_count", "mitigation_areas", "portfolio", "priorities", "description", "causes", "consequences")
ACTION_FIELDS = ("ref", "title", "owner", "due_date", "status", "completed_on", "workstream", "risk", "parent",
                 "portfolio", "priorities", "detail", "expected_outcome")
"""The order fields are written in, so an export is byte-for-byte stable."""


def _export_risks(session: Session) -> list[dict[str, Any]]:
    homes = _homes(session)
    workstreams, links = _refs(session, Workstream), linked_priorities(session, Risk)
    rows = []
    for r in session.execute(select(Risk)).scalars():
        values = r.model_dump() | {"workstream": workstreams.get(r.workstream_id), "portfolio": homes[r.portfolio_id],
                                   "priorities": list(links.get(r.ref, ()))}
        controls = [{"description": c["description"], "effectiveness": c["effectiveness"]}
                    for c in controls_of(session, r.id)]
        rows.append({key: values[key] for key in RISK_FIELDS} | {"control": controls})
    return sorted(rows, key=lambda r: natural_key(r["ref"]))


def _export_actions(session: Session) -> list[dict[str, Any]]:
    homes = _homes(session)
    workstreams, risks, actions = _refs(session, Workstream), _refs(session, Risk), _refs(session, Action)
    links = linked_priorities(session, Action)
    rows = []
    for a in session.execute(select(Action)).scalars():
        values = a.model_dump() | {"workstream": workstreams.get(a.workstream_id), "risk": risks.get(a.risk_id),
                                   "portfolio": homes[a.portfolio_id], "parent": actions.get(a.parent_id),
                                   "priorities": list(links.get(a.ref, ()))}
        rows.append({key: values[key] for key in ACTION_FIELDS})
    return sorted(rows, key=lambda r: natural_key(r["ref"]))


def _export_commitments(session: Session, period_order: dict[str, int]) -> list[dict[str, Any]]:
    homes = _homes(session)
    numbers = dict(session.execute(select(Priority.id, Priority.number)).all())
    labels = dict(session.execute(select(Period.id, Period.label)).all())
    notes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for n in session.execute(select(Commentary).order_by(Commentary.id)).scalars():
        notes[n.commitment_id].append({"period": labels[n.period_id], "team": n.team, "text": n.text,
                                       "written_by": n.written_by, "written_at": n.written_at})
    refs = dict(session.execute(select(Commitment.id, Commitment.ref)).all())
    rows = [
        {"ref": c.ref, "priority": numbers[c.priority_id], "parent": refs.get(c.parent_id), "text": c.text,
         "owners": list(c.owners), "lead": c.lead, "portfolio": homes[c.portfolio_id],
         "commentary": sorted(notes[c.id], key=lambda n: (period_order[n["period"]], n["team"]))}
        for c in session.execute(select(Commitment)).scalars()
    ]
    return sorted(rows, key=lambda r: (r["priority"], natural_key(r["ref"])))


MEASURE_FIELDS = ("ref", "name", "area", "unit", "direction", "difference", "decimals", "difference_decimals",
                  "significance", "dimension", "total", "source", "question", "target", "lead", "workstream",
                  "portfolio", "priorities", "description")
VALUE_FIELDS = ("start", "end", "label", "member", "series", "value", "low", "high", "ci", "n", "footnote",
                "entered_by", "entered_at")


def _export_value(v: MeasureValue) -> dict[str, Any]:
    fields = v.model_dump() | {"start": v.start_date, "end": v.end_date,
                               "series": None if v.series == "actual" else v.series}
    return {key: fields[key] for key in VALUE_FIELDS}


def _export_measures(session: Session, period_order: dict[str, int]) -> list[dict[str, Any]]:
    """Each measure with its values: the measure's own first, then by member; by series; by date."""
    homes = _homes(session)
    workstreams = _refs(session, Workstream)
    values: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for v in session.execute(select(MeasureValue)).scalars():
        values[v.measure_id].append(_export_value(v))
    rows, links = [], linked_priorities(session, Measure)
    for m in session.execute(select(Measure)).scalars():
        fields = m.model_dump() | {"workstream": workstreams.get(m.workstream_id), "portfolio": homes[m.portfolio_id],
                                   "priorities": list(links.get(m.ref, ()))}
        row = {key: fields[key] for key in MEASURE_FIELDS}
        row["value"] = sorted(values[m.id], key=lambda v: (natural_key(v["member"]), v["series"] or "", v["end"],
                                                           v["start"]))
        rows.append(row)
    return sorted(rows, key=lambda r: natural_key(r["ref"]))
