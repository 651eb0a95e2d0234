"""A RAG suggested by a workstream's measure against its target, and the record of whether a
rating accepted or overrode it."""

from dataclasses import dataclass

from sqlalchemy import Date, bindparam, select
from sqlmodel import Session

from .enums import ChangeKind, Direction, Entity, Rag
from .history import History
from .models import Measure, MeasureValue, Workstream
from .numbers import format_value
from .rules import require_override_reason
from .views import PeriodInfo, period_by_label

AMBER_TOLERANCE = 0.10
"""A measure within 10% of its target suggests Amber; on or past it, Green; further off, Red."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    rag: Rag
    measure: str
    reason: str
    """E.g. "Collaboration benefits: £14.266m against a target of £15.4m (93%)"."""


_SUGGESTING_MEASURE = (
    select(Measure.ref, Measure.name, Measure.unit, Measure.direction, Measure.target, MeasureValue.value,
           MeasureValue.label)
    .join(Workstream, Workstream.id == Measure.workstream_id)
    .join(MeasureValue, MeasureValue.measure_id == Measure.id)
    .where(Workstream.ref == bindparam("workstream"), Measure.target.is_not(None), MeasureValue.value.is_not(None),
           MeasureValue.member == "", MeasureValue.series == "actual",
           MeasureValue.end_date <= bindparam("end", type_=Date))
    .order_by(MeasureValue.end_date.desc(), Measure.sort_key)
    .limit(1)
)
"""Built once: every RAG save asks it."""


def suggest_rag(session: Session, workstream: str, period: str | PeriodInfo) -> Suggestion | None:
    """What the workstream's measure with a target says its RAG should be in `period`: its latest
    value up to that period against the target. Green on or past target, Amber within 10%, else Red."""
    target_period = period_by_label(session, period) if isinstance(period, str) else period
    found = session.execute(_SUGGESTING_MEASURE, {"workstream": workstream, "end": target_period.end}).first()
    return suggestion_from(found)


def suggestion_from(found) -> Suggestion | None:
    """The suggestion a measure's row gives (`_SUGGESTING_MEASURE`'s columns, by name; None: no
    measure): Green on or past target, Amber within 10%, else Red."""
    if found is None or found.target == 0:
        return None
    higher = Direction(found.direction) is Direction.HIGHER
    share = found.value / found.target
    gap = (1 - share) if higher else (share - 1)
    rag = Rag.GREEN if gap <= 0 else Rag.AMBER if gap <= AMBER_TOLERANCE else Rag.RED
    reason = (f"{found.name}: {format_value(found.unit, found.value)} in {found.label} against a target of "
              f"{format_value(found.unit, found.target)} ({share:.0%})")
    return Suggestion(rag, found.ref, reason)


_ASK = object()


def record_suggestion(history: History, session: Session, ref: str, period: PeriodInfo, rag: Rag,
                      rationale: str | None, suggestion: "Suggestion | None | object" = _ASK) -> None:
    """Called by `set_rating`: a rating given where a measure suggests one records whether it
    accepted or overrode the suggestion; an override needs its reason (the rationale).
    `suggestion`: the one found already (None: there is none); else it is looked up."""
    if suggestion is _ASK:
        suggestion = suggest_rag(session, ref, period)
    if suggestion is None:
        return
    require_override_reason(suggestion.rag, suggestion.reason, rag, rationale, f"workstream {ref}, {period.label}")
    verdict = "accepted" if rag == suggestion.rag else f"overridden with {rag.value}"
    history.record(Entity.ASSESSMENT, ref, ChangeKind.UPDATE, "suggestion", None,
                   f"{suggestion.rag.value} {verdict}: {suggestion.reason}", period.label)
