"""Export's papers and narratives, in a stable order, as import reads them back."""

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from .models import Period, Section, Workstream
from .paper_models import Narrative, Paper, PaperSection
from .paper_schemas import FRONT_FIELDS
from .views import natural_key

SECTION_FIELDS = ("key", "title", "kind", "level", "numbered", "caption", "stale", "nil_text", "text")
"""The order a section's fields are written in; long text last, so the short ones read first."""
_DEFAULTS = {"kind": "narrative", "level": 1, "numbered": False, "stale": False}
"""Left out of the file when they hold these, as a person writing one would."""


def export_papers(session: Session, homes: dict[int, str], period_order: dict[str, int]) -> list[dict[str, Any]]:
    labels = dict(session.execute(select(Period.id, Period.label)).all())
    sections: dict[int, list[dict[str, Any]]] = {}
    for s in session.execute(select(PaperSection).order_by(PaperSection.paper_id, PaperSection.position)).scalars():
        values = {f: getattr(s, f) for f in SECTION_FIELDS}
        sections.setdefault(s.paper_id, []).append({f: v for f, v in values.items() if _DEFAULTS.get(f, object()) != v})
    rows = []
    for p in session.execute(select(Paper)).scalars():
        rows.append({"portfolio": homes[p.portfolio_id], "period": labels[p.period_id], "kind": p.kind,
                     "template": p.template, "status": p.status, **{f: getattr(p, f) for f in FRONT_FIELDS},
                     "section": sections.get(p.id, [])})
    return sorted(rows, key=lambda r: (natural_key(r["portfolio"]), period_order[r["period"]], r["kind"]))


def export_narratives(session: Session, period_order: dict[str, int]) -> list[dict[str, Any]]:
    query = (select(Narrative.text, Period.label, Workstream.ref, Section.code).select_from(Narrative)
             .join(Period, Period.id == Narrative.period_id)
             .outerjoin(Workstream, Workstream.id == Narrative.workstream_id)
             .outerjoin(Section, Section.id == Narrative.section_id))
    rows = [{"workstream": ref, "section": code, "period": label, "text": text}
            for text, label, ref, code in session.execute(query)]
    return sorted(rows, key=lambda r: (r["section"] is not None, natural_key(r["workstream"] or r["section"]),
                                       period_order[r["period"]]))
