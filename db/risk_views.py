"""The risk register's parts that db/views.risks reads beside the risk rows: each risk's score
history (for its direction of travel) and its controls."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from .enums import ChangeKind, Entity
from .models import ChangeEvent
from .risk_models import RiskControl


@dataclass(frozen=True, slots=True)
class Control:
    number: int
    description: str
    effectiveness: str


def score_changes(session: Session) -> dict[str, list[tuple[str, str | None, str | None]]]:
    query = (select(ChangeEvent.ref, ChangeEvent.at, ChangeEvent.old, ChangeEvent.new)
             .where(ChangeEvent.entity == Entity.RISK.value, ChangeEvent.field == "score",
                    ChangeEvent.kind == ChangeKind.UPDATE.value)
             .order_by(ChangeEvent.id))
    changes: dict[str, list] = {}
    for ref, at, old, new in session.execute(query):
        changes.setdefault(ref, []).append((at, old, new))
    return changes


def controls(session: Session) -> dict[int, tuple[Control, ...]]:
    found: dict[int, list[Control]] = {}
    query = select(RiskControl.risk_id, RiskControl.number, RiskControl.description, RiskControl.effectiveness)
    for risk_id, number, description, effectiveness in session.execute(query.order_by(RiskControl.number)):
        found.setdefault(risk_id, []).append(Control(number, description, effectiveness))
    return {key: tuple(value) for key, value in found.items()}
