"""Links of records to plan priorities, added or removed: through each record's own update
(store.update_workstream, update_risk, update_action, measures.update_measure), so its rights,
rules and history apply as to any other change of it."""

from sqlmodel import Session

from .errors import InvalidInput
from .models import Action, Measure, Risk, Workstream
from .writers import read_record

_MODELS = {"workstream": Workstream, "risk": Risk, "action": Action, "measure": Measure}


def relink(session: Session, actor: str, kind: str, ref: str, numbers: list[int], *, adding: bool) -> list[int]:
    """Add `numbers` to (or remove them from) the priorities the `kind` record `ref` links to;
    returns the priorities it links to after."""
    from . import measures, store
    from .schemas import ActionUpdate, MeasureUpdate, RiskUpdate, WorkstreamUpdate

    if kind not in _MODELS:
        raise InvalidInput(f"{kind!r} does not link to priorities; use one of {', '.join(_MODELS)}", where="link")
    _, record = read_record(session, _MODELS[kind], ref)
    now = set(record["priorities"])
    wanted = sorted(now | set(numbers) if adding else now - set(numbers))
    session.rollback()  # the write below takes its own transaction
    if kind == "workstream":
        store.update_workstream(session=session, ref=ref, changes=WorkstreamUpdate(priorities=wanted), actor=actor)
    elif kind == "risk":
        store.update_risk(session=session, ref=ref, changes=RiskUpdate(priorities=wanted), actor=actor)
    elif kind == "action":
        store.update_action(session=session, ref=ref, changes=ActionUpdate(priorities=wanted), actor=actor)
    else:
        measures.update_measure(session=session, ref=ref, changes=MeasureUpdate(priorities=wanted), actor=actor)
    return wanted
