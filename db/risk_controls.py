"""A risk's existing controls: add, edit, remove, list; each change recorded in history, in the
same transaction, as entity `risk_control` named "RISK/N". Changing a risk's controls needs the
right to change the risk (its owner, or an admin; db/writers.check_may_change)."""

from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlmodel import Session

from .enums import ChangeKind, Entity
from .errors import InvalidInput, NotFound
from .history import History, writing
from .models import Risk
from .risk_models import RiskControl
from .risk_schemas import RiskControlInput, RiskControlUpdate
from .writers import check_may_change

FIELDS = ("description", "effectiveness")


def control_ref(risk: str, number: int) -> str:
    """How history names a control: its risk's ref and its number."""
    return f"{risk}/{number}"


def split_ref(ref: str) -> tuple[str, int]:
    """"9.2/1" -> ("9.2", 1): the risk and the control's number."""
    risk, _, number = ref.rpartition("/")
    return risk, int(number)


def controls_of(session: Session, risk_id: int) -> list[dict[str, Any]]:
    """A risk's controls in their order: number, description, effectiveness."""
    query = (select(RiskControl.number, RiskControl.description, RiskControl.effectiveness)
             .where(RiskControl.risk_id == risk_id).order_by(RiskControl.number))
    return [dict(row._mapping) for row in session.execute(query)]


def _control_id(session: Session, risk: str, risk_id: int, number: int) -> int:
    found = session.execute(select(RiskControl.id).where(RiskControl.risk_id == risk_id,
                                                         RiskControl.number == number)).scalar()
    if found is None:
        raise NotFound(f"risk {risk} has no control {number}", where=f"risk {risk}, control {number}")
    return found


def insert_control(session: Session, history: History, risk: str, data: RiskControlInput,
                   number: int | None = None) -> int:
    """Add a control inside a write (the store's and the import's one path); returns its number."""
    risk_id, _ = check_may_change(session, history.actor, Risk, risk)
    if number is None:
        number = (session.execute(select(func.max(RiskControl.number)).where(RiskControl.risk_id == risk_id))
                  .scalar() or 0) + 1
    elif session.execute(select(RiskControl.id).where(RiskControl.risk_id == risk_id,
                                                      RiskControl.number == number)).first():
        raise InvalidInput(f"risk {risk} has a control {number} already", where=f"risk {risk}, control {number}")
    values = {name: getattr(data, name) for name in FIELDS}
    session.execute(insert(RiskControl).values(risk_id=risk_id, number=number, **values))
    history.created(Entity.RISK_CONTROL, control_ref(risk, number), values)
    return number


def add_control(*, session: Session, risk: str, data: RiskControlInput, actor: str) -> int:
    """Add an existing control to risk `risk`; returns its number."""
    with writing(session, actor) as history:
        return insert_control(session, history, risk, data)


def edit_control(*, session: Session, risk: str, number: int, changes: RiskControlUpdate, actor: str) -> list[str]:
    """Change a control's description or effectiveness; returns what changed."""
    given = changes.model_dump(exclude_unset=True)
    for name, value in given.items():
        if value is None:
            raise InvalidInput("must not be empty", where=f"risk {risk}, control {number}, {name}")
    with writing(session, actor) as history:
        risk_id, _ = check_may_change(session, history.actor, Risk, risk)
        control_id = _control_id(session, risk, risk_id, number)
        before = next(c for c in controls_of(session, risk_id) if c["number"] == number)
        changed = history.updated(Entity.RISK_CONTROL, control_ref(risk, number),
                                  {n: before[n] for n in FIELDS}, {n: given.get(n, before[n]) for n in FIELDS})
        if changed:
            session.execute(update(RiskControl).where(RiskControl.id == control_id)
                            .values(**{n: given[n] for n in changed}))
        return changed


def remove_control(*, session: Session, risk: str, number: int, actor: str) -> None:
    """Remove a control from its risk (recorded, undoable)."""
    with writing(session, actor) as history:
        remove_in(session, history, risk, number)


def remove_in(session: Session, history: History, risk: str, number: int) -> None:
    risk_id, _ = check_may_change(session, history.actor, Risk, risk)
    control_id = _control_id(session, risk, risk_id, number)
    before = next(c for c in controls_of(session, risk_id) if c["number"] == number)
    session.execute(delete(RiskControl).where(RiskControl.id == control_id))
    history.deleted(Entity.RISK_CONTROL, control_ref(risk, number), {n: before[n] for n in FIELDS})


def record_controls_deleted(session: Session, history: History, risk: str, risk_id: int) -> None:
    """A risk being deleted takes its controls with it (ON DELETE CASCADE): record each."""
    for control in controls_of(session, risk_id):
        history.deleted(Entity.RISK_CONTROL, control_ref(risk, control["number"]),
                        {n: control[n] for n in FIELDS})


def invert(session: Session, history: History, ref: str, kind: str, fields: dict[str, Any]) -> None:
    """Undo one change to a control (db/undo): take back an add, put back a removal or an edit."""
    risk, number = split_ref(ref)
    if kind == ChangeKind.CREATE:
        remove_in(session, history, risk, number)
        return
    old = {name: event.old for name, event in fields.items()}
    if kind == ChangeKind.DELETE:
        insert_control(session, history, risk, RiskControlInput(**old), number)
        return
    risk_id, _ = check_may_change(session, history.actor, Risk, risk)
    current = next((c for c in controls_of(session, risk_id) if c["number"] == number), None)
    for name, event in fields.items():
        if current is None or current[name] != event.new:
            raise InvalidInput(f"{name} has changed again since, so this change is not undone",
                               where=f"risk {risk}, control {number}")
    control_id = _control_id(session, risk, risk_id, number)
    history.updated(Entity.RISK_CONTROL, ref, {n: current[n] for n in old}, old)
    session.execute(update(RiskControl).where(RiskControl.id == control_id).values(**old))
