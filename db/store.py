"""The store: the only code that writes. Every write records its history in the same transaction.

Functions take a keyword-only `session` and `actor` (who is making the change). Records are
named by their public keys (a workstream's ref, a period's label), never by database ids.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session, SQLModel

from . import clock
from .access import authorize, authorize_links
from .enums import ActionStatus, ChangeKind, Entity, Rag, Role
from .errors import Conflict, InvalidInput, NotFound
from .history import History, utc_now, writing
from .models import (
    LONG_TEXT_MAX,
    Action,
    Assessment,
    Measure,
    Period,
    Priority,
    Risk,
    Section,
    Workstream,
    WorkstreamPriority,
)
from .rules import check_period_dates, refuse_closed, require_rationale
from .schemas import (
    DEFAULT_SCALE,
    NUL_REFUSED,
    ActionCreate,
    ActionUpdate,
    PeriodCreate,
    PriorityCreate,
    RiskCreate,
    RiskScale,
    RiskUpdate,
    SectionCreate,
    WorkstreamCreate,
    WorkstreamUpdate,
)
from .views import change_label, changes_since, natural_key, period_by_label, previous_period, record_version


@dataclass(frozen=True, slots=True)
class _Link:
    """A public field (a ref or code) stored as a foreign key column."""

    field: str
    column: str
    model: type[SQLModel]
    key: str


_LINKS: dict[type[SQLModel], tuple[_Link, ...]] = {
    Workstream: (_Link("section", "section_id", Section, "code"),),
    Risk: (_Link("workstream", "workstream_id", Workstream, "ref"),),
    Action: (_Link("workstream", "workstream_id", Workstream, "ref"), _Link("risk", "risk_id", Risk, "ref")),
}
_ENTITY = {Workstream: Entity.WORKSTREAM, Risk: Entity.RISK, Action: Entity.ACTION}
_OWNER = {Workstream: "lead", Risk: "owner", Action: "owner"}
"""The field naming who owns a record: a lead may change only records they own."""
_REQUIRED = {"name", "title", "section", "status"}


def parse_rag(value: str | Rag) -> Rag:
    """A RAG from what a person types: "green", "Green", "G", "not graded", "ng"."""
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"g": "green", "a": "amber", "r": "red", "ng": "not_graded", "n": "not_graded"}
    try:
        return Rag(aliases.get(text, text))
    except ValueError:
        raise InvalidInput(f"{value!r} is not a RAG; use green, amber, red or not_graded", where="rag") from None


# ---------------------------------------------------------------------------------------------
# Lookups


def id_of(session: Session, model: type[SQLModel], key: str, value: Any, *, where: str) -> int:
    """The database id of the record whose `key` is `value`, or NotFound naming `where`."""
    found = session.execute(select(model.id).where(getattr(model, key) == value)).scalar()
    if found is None:
        raise NotFound(f"no {model.__tablename__} {value!r}", where=where)
    return found


def _ensure_new(session: Session, model: type[SQLModel], key: str, value: Any, where: str) -> None:
    if session.execute(select(model.id).where(getattr(model, key) == value)).first() is not None:
        raise InvalidInput(f"{model.__tablename__} {value!r} exists already", where=where)


def read_record(session: Session, model: type[SQLModel], ref: str) -> tuple[int, dict[str, Any]]:
    """A workstream, action or risk: its id and public fields (links as refs, priorities as numbers)."""
    entity = _ENTITY[model]
    row = session.execute(select(model).where(model.ref == ref)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no {entity} {ref!r}", where=f"{entity} {ref}")
    values = row.model_dump(exclude={"id", "ref", "sort_key"})
    for link in _LINKS[model]:
        target = values.pop(link.column)
        values[link.field] = (
            None
            if target is None
            else session.execute(select(getattr(link.model, link.key)).where(link.model.id == target)).scalar()
        )
    if model is Workstream:
        values["priorities"] = _priorities_of(session, row.id)
    session.expunge(row)
    return row.id, values


def _columns(session: Session, model: type[SQLModel], values: dict[str, Any], where: str) -> dict[str, Any]:
    """Public fields to column values: refs become foreign keys; priorities are left out."""
    columns = {field: getattr(value, "value", value) for field, value in values.items() if field != "priorities"}
    for link in _LINKS[model]:
        if link.field in columns:
            ref = columns.pop(link.field)
            columns[link.column] = (
                None if ref is None else id_of(session, link.model, link.key, ref, where=f"{where}, {link.field}")
            )
    return columns


def _priorities_of(session: Session, workstream_id: int) -> list[int]:
    query = (
        select(Priority.number)
        .join(WorkstreamPriority, WorkstreamPriority.priority_id == Priority.id)
        .where(WorkstreamPriority.workstream_id == workstream_id)
        .order_by(Priority.number)
    )
    return list(session.execute(query).scalars())


def _set_priorities(session: Session, workstream_id: int, numbers: list[int], where: str) -> list[int]:
    numbers = sorted(set(numbers))
    ids = [id_of(session, Priority, "number", n, where=f"{where}, priorities") for n in numbers]
    session.execute(delete(WorkstreamPriority).where(WorkstreamPriority.workstream_id == workstream_id))
    if ids:
        session.execute(
            insert(WorkstreamPriority), [{"workstream_id": workstream_id, "priority_id": i} for i in ids]
        )
    return numbers


def check_version(
    session: Session, entity: Entity, ref: str, expected: int | None, period: str | None = None
) -> None:
    """Refuse the write if the record changed after version `expected` was read (None: no check)."""
    if expected is None or record_version(session, entity.value, ref, period) <= expected:
        return
    where = f"{entity.value} {ref}" + (f", {period}" if period else "")
    raise Conflict(where, changes_since(session, entity.value, ref, period, expected))


# ---------------------------------------------------------------------------------------------
# Workstreams, actions and risks: create, update, delete


def _create(session: Session, history: History, model: type[SQLModel], data: SQLModel) -> int:
    entity = _ENTITY[model]
    where = f"{entity} {data.ref}"
    if model is Workstream:
        authorize(session, history.actor, "add workstreams", admin_only=True)
    else:
        authorize(session, history.actor, f"{where}", owner=getattr(data, "owner", None))
        authorize_links(session, history.actor, where, {f: getattr(data, f) for f in _attachments(model)})
    _ensure_new(session, model, "ref", data.ref, f"{where}, ref")
    values = data.model_dump(exclude={"ref"})
    keys = {"sort_key": natural_key(data.ref)} if model is Workstream else {}
    new_id = session.execute(
        insert(model).values(ref=data.ref, **keys, **_columns(session, model, values, where))
    ).inserted_primary_key[0]
    if "priorities" in values:
        values["priorities"] = _set_priorities(session, new_id, values["priorities"], where)
    history.created(entity, data.ref, values)
    return new_id


def _update(
    session: Session, history: History, model: type[SQLModel], ref: str, changes: dict[str, Any], rules=None
) -> list[str]:
    entity = _ENTITY[model]
    where = f"{entity} {ref}"
    record_id, before = read_record(session, model, ref)
    authorize(session, history.actor, where, owner=before[_OWNER[model]])
    for field in _REQUIRED & changes.keys():
        if changes[field] is None:
            raise InvalidInput("must not be empty", where=f"{where}, {field}")
    after = before | changes
    if rules is not None:
        after = rules(after, before, changes, where)
    authorize_links(session, history.actor, where, {f: after[f] for f in _attachments(model)}, before)
    changed = history.updated(entity, ref, before, {f: after[f] for f in after if f in before})
    if not changed:
        return []
    columns = _columns(session, model, {f: after[f] for f in changed}, where)
    if columns:
        session.execute(update(model).where(model.id == record_id).values(**columns))
    if "priorities" in changed:
        _set_priorities(session, record_id, after["priorities"], where)
    return changed


def _attachments(model: type[SQLModel]) -> list[str]:
    """The links that tie a record into someone else's world (access.authorize_links)."""
    return [link.field for link in _LINKS[model] if link.model is not Section]


def _delete(session: Session, history: History, model: type[SQLModel], ref: str) -> None:
    record_id, before = read_record(session, model, ref)
    authorize(session, history.actor, f"{_ENTITY[model]} {ref}", owner=before[_OWNER[model]])
    session.execute(delete(model).where(model.id == record_id))
    history.deleted(_ENTITY[model], ref, before)


def create_workstream(*, session: Session, data: WorkstreamCreate, actor: str) -> None:
    """Add a workstream under an existing section."""
    with writing(session, actor) as history:
        _create(session, history, Workstream, data)


def update_workstream(
    *, session: Session, ref: str, changes: WorkstreamUpdate, actor: str, expected: int | None = None
) -> list[str]:
    """Change the fields set in `changes`; returns the names of the fields that changed.

    `expected` is the version read before editing (`views.record_version`); a later change by
    anyone refuses this one with Conflict. Every update and delete below takes it too.
    """
    with writing(session, actor) as history:
        check_version(session, Entity.WORKSTREAM, ref, expected)
        return _update(session, history, Workstream, ref, changes.model_dump(exclude_unset=True))


def delete_workstream(*, session: Session, ref: str, actor: str, expected: int | None = None) -> None:
    """Delete a workstream and its assessments; its actions and risks stay, detached.

    Refused when it has assessments in a closed period: those are frozen.
    """
    with writing(session, actor) as history:
        check_version(session, Entity.WORKSTREAM, ref, expected)
        record_id, _ = read_record(session, Workstream, ref)
        rows = session.execute(
            select(Period.label, Assessment.rag, Assessment.rationale, Period.closed)
            .join(Period, Period.id == Assessment.period_id)
            .where(Assessment.workstream_id == record_id)
        ).all()
        frozen = [row.label for row in rows if row.closed]
        if frozen:
            raise InvalidInput(
                f"it has RAGs in closed periods ({', '.join(frozen)}), which are frozen; set its status to "
                "closed or completed instead",
                where=f"workstream {ref}",
            )
        for label, rag, rationale, _closed in rows:
            history.deleted(Entity.ASSESSMENT, ref, {"rag": rag, "rationale": rationale}, period=label)
        for model in (Action, Risk):
            for (dependent,) in session.execute(select(model.ref).where(model.workstream_id == record_id)):
                history.record(_ENTITY[model], dependent, ChangeKind.UPDATE, "workstream", ref, None)
        for (measure,) in session.execute(select(Measure.ref).where(Measure.workstream_id == record_id)):
            history.record(Entity.MEASURE, measure, ChangeKind.UPDATE, "workstream", ref, None)  # set NULL by the FK
        _delete(session, history, Workstream, ref)


def action_rules(after: dict[str, Any], before: dict[str, Any], changes: dict[str, Any], where: str):
    """Completion date follows status: set to today when done, cleared otherwise."""
    status = after["status"]
    if status == ActionStatus.DONE and after.get("completed_on") is None:
        after["completed_on"] = clock.today()
    elif status != ActionStatus.DONE and after.get("completed_on") is not None:
        if "completed_on" in changes:
            raise InvalidInput("only a done action has a completion date", where=f"{where}, completed_on")
        after["completed_on"] = None
    return after


def create_action(*, session: Session, data: ActionCreate, actor: str) -> None:
    """Add an action for improvement, optionally tied to a workstream and a risk it mitigates."""
    values = action_rules(data.model_dump(), {}, data.model_dump(exclude_unset=True), f"action {data.ref}")
    with writing(session, actor) as history:
        _create(session, history, Action, ActionCreate.model_construct(**values))


def update_action(
    *, session: Session, ref: str, changes: ActionUpdate, actor: str, expected: int | None = None
) -> list[str]:
    with writing(session, actor) as history:
        check_version(session, Entity.ACTION, ref, expected)
        return _update(session, history, Action, ref, changes.model_dump(exclude_unset=True), action_rules)


def delete_action(*, session: Session, ref: str, actor: str, expected: int | None = None) -> None:
    with writing(session, actor) as history:
        check_version(session, Entity.ACTION, ref, expected)
        _delete(session, history, Action, ref)


def risk_rules(scale: RiskScale):
    """Scoring on the configured scale: likelihood x impact gives the score."""

    def rules(after: dict[str, Any], before: dict[str, Any], changes: dict[str, Any], where: str):
        likelihood, impact = after.get("likelihood"), after.get("impact")
        if (likelihood is None) != (impact is None):
            missing = "impact" if impact is None else "likelihood"
            raise InvalidInput("likelihood and impact are given together", where=f"{where}, {missing}")
        if likelihood is not None:
            for field, value, top in (("likelihood", likelihood, scale.likelihood_max), ("impact", impact, scale.impact_max)):
                if not 1 <= value <= top:
                    raise InvalidInput(f"must be from 1 to {top} on this scale", where=f"{where}, {field}")
            product = likelihood * impact
            if "score" in changes and changes["score"] is not None and changes["score"] != product:
                raise InvalidInput(
                    f"must be likelihood x impact = {product}, not {changes['score']}", where=f"{where}, score"
                )
            after["score"] = product
        for field in ("score", "target_score"):
            if after.get(field) is not None and after[field] > scale.score_max:
                raise InvalidInput(f"must be at most {scale.score_max} on this scale", where=f"{where}, {field}")
        return after

    return rules


def create_risk(*, session: Session, data: RiskCreate, actor: str, scale: RiskScale = DEFAULT_SCALE) -> None:
    """Add a risk; with likelihood and impact its score is their product."""
    values = risk_rules(scale)(data.model_dump(), {}, data.model_dump(exclude_unset=True), f"risk {data.ref}")
    with writing(session, actor) as history:
        _create(session, history, Risk, RiskCreate.model_construct(**values))


def update_risk(
    *, session: Session, ref: str, changes: RiskUpdate, actor: str, scale: RiskScale = DEFAULT_SCALE,
    expected: int | None = None,
) -> list[str]:
    """Change a risk, e.g. rescore it; returns the names of the fields that changed."""
    with writing(session, actor) as history:
        check_version(session, Entity.RISK, ref, expected)
        return _update(session, history, Risk, ref, changes.model_dump(exclude_unset=True), risk_rules(scale))


def delete_risk(*, session: Session, ref: str, actor: str, expected: int | None = None) -> None:
    """Delete a risk; its mitigating actions stay, no longer tied to it."""
    with writing(session, actor) as history:
        check_version(session, Entity.RISK, ref, expected)
        record_id, _ = read_record(session, Risk, ref)
        for (action,) in session.execute(select(Action.ref).where(Action.risk_id == record_id)):
            history.record(Entity.ACTION, action, ChangeKind.UPDATE, "risk", ref, None)
        _delete(session, history, Risk, ref)


# ---------------------------------------------------------------------------------------------
# Periods, sections, priorities


def create_period(*, session: Session, data: PeriodCreate, actor: str) -> None:
    """Add a reporting period."""
    where = f"period {data.label}"
    check_period_dates(data.start, data.end, where)
    with writing(session, actor) as history:
        authorize(session, actor, "add periods", admin_only=True)
        _ensure_new(session, Period, "label", data.label, f"{where}, label")
        session.execute(
            insert(Period).values(label=data.label, start_date=data.start, end_date=data.end, closed=data.closed)
        )
        history.created(Entity.PERIOD, data.label, data.model_dump(exclude={"label"}))


def set_period_closed(*, session: Session, label: str, closed: bool, actor: str) -> bool:
    """Close a period (freezing its assessments) or reopen it; returns whether anything changed."""
    with writing(session, actor) as history:
        authorize(session, actor, "close or reopen periods", admin_only=True)
        period = period_by_label(session, label)
        if period.closed == closed:
            return False
        session.execute(update(Period).where(Period.id == period.id).values(closed=closed))
        history.updated(Entity.PERIOD, label, {"closed": period.closed}, {"closed": closed})
        return True


def create_section(*, session: Session, data: SectionCreate, actor: str) -> None:
    with writing(session, actor) as history:
        authorize(session, actor, "add sections", admin_only=True)
        _ensure_new(session, Section, "code", data.code, f"section {data.code}, code")
        session.execute(insert(Section).values(code=data.code, name=data.name, sort_key=natural_key(data.code)))
        history.created(Entity.SECTION, data.code, {"name": data.name})


def create_priority(*, session: Session, data: PriorityCreate, actor: str) -> None:
    with writing(session, actor) as history:
        authorize(session, actor, "add priorities", admin_only=True)
        _ensure_new(session, Priority, "number", data.number, f"priority {data.number}, number")
        session.execute(insert(Priority).values(**data.model_dump()))
        history.created(Entity.PRIORITY, str(data.number), data.model_dump(exclude={"number"}))


# ---------------------------------------------------------------------------------------------
# Ratings


@dataclass(frozen=True, slots=True)
class RatingResult:
    """What `set_rating` stored, and how it reads beside the previous period."""

    ref: str
    period: str
    rag: Rag
    previous_rag: Rag | None
    change: str
    changed: bool
    """False when the same RAG and rationale were stored already, so nothing was written."""


def set_rating(
    *, session: Session, ref: str, period: str, rag: str | Rag, rationale: str | None = None, actor: str,
    expected: int | None = None,
) -> RatingResult:
    """Set or change a workstream's RAG for a period.

    A rationale is required when the RAG differs from the previous period's (or there is none);
    without one, an unchanged RAG keeps the rationale it had. A closed period refuses changes.
    """
    rag = parse_rag(rag)
    with writing(session, actor) as history:
        check_version(session, Entity.ASSESSMENT, ref, expected, period)
        return _rate(session, history, ref, period, rag, rationale)


def carry_forward(
    *, session: Session, ref: str, period: str, rationale: str | None = None, actor: str,
    expected: int | None = None,
) -> RatingResult:
    """Set this period's RAG to the previous period's: a deliberate "no change", recorded as such."""
    with writing(session, actor) as history:
        check_version(session, Entity.ASSESSMENT, ref, expected, period)
        workstream_id = id_of(session, Workstream, "ref", ref, where=f"workstream {ref}")
        before = previous_period(session, period_by_label(session, period))
        previous = None if before is None else _rag_in(session, workstream_id, before.id)
        if previous is None:
            raise InvalidInput("there is no RAG in the previous period to carry forward", where=f"workstream {ref}, {period}")
        result = _rate(session, history, ref, period, previous, rationale, stamp_always=True)
        history.record(Entity.ASSESSMENT, ref, ChangeKind.UPDATE, "carried_forward_from", None, before.label, period)
        return result


def _rate(
    session: Session, history: History, ref: str, period: str, rag: Rag, rationale: str | None,
    *, stamp_always: bool = False,
) -> RatingResult:
    where = f"workstream {ref}, {period}"
    if rationale is not None and len(rationale) > LONG_TEXT_MAX:
        raise InvalidInput(f"must be at most {LONG_TEXT_MAX} characters", where=f"{where}, rationale")
    if rationale is not None and "\x00" in rationale:
        raise InvalidInput(NUL_REFUSED, where=f"{where}, rationale")
    workstream_id = id_of(session, Workstream, "ref", ref, where=f"workstream {ref}")
    lead = session.execute(select(Workstream.lead).where(Workstream.id == workstream_id)).scalar()
    authorize(session, history.actor, f"workstream {ref}", owner=lead)
    target = period_by_label(session, period)
    refuse_closed(period, target.closed, "rag", where)
    before_period = previous_period(session, target)
    previous = None if before_period is None else _rag_in(session, workstream_id, before_period.id)
    existing = session.execute(
        select(Assessment.id, Assessment.rag, Assessment.rationale).where(
            Assessment.workstream_id == workstream_id, Assessment.period_id == target.id
        )
    ).first()
    if not (rationale or "").strip():
        if existing is not None and existing.rag == rag:
            rationale = existing.rationale
        else:
            require_rationale(rag, previous, rationale, where)
            rationale = ""
    result = RatingResult(ref, period, rag, previous, change_label(rag, previous), True)
    values = {"rag": rag.value, "rationale": rationale}
    stamp = {"assessed_by": history.actor, "assessed_at": utc_now()}
    from .plan import record_suggestion  # plan builds on the store

    if existing is None:
        session.execute(insert(Assessment).values(workstream_id=workstream_id, period_id=target.id, **values, **stamp))
        history.created(Entity.ASSESSMENT, ref, values, period=period)
        record_suggestion(history, session, ref, target, rag, rationale)
        return result
    before = {"rag": existing.rag, "rationale": existing.rationale}
    changed = history.updated(Entity.ASSESSMENT, ref, before, values, period=period)
    if changed or stamp_always:
        session.execute(update(Assessment).where(Assessment.id == existing.id).values(**values, **stamp))
        record_suggestion(history, session, ref, target, rag, rationale)
    return result if changed or stamp_always else RatingResult(ref, period, rag, previous, result.change, False)


def _rag_in(session: Session, workstream_id: int, period_id: int) -> Rag | None:
    found = session.execute(
        select(Assessment.rag).where(Assessment.workstream_id == workstream_id, Assessment.period_id == period_id)
    ).scalar()
    return None if found is None else Rag(found)


# ---------------------------------------------------------------------------------------------
# Users


def add_user(*, session: Session, name: str, role: str | Role, actor: str) -> list[str]:
    """Add a user (or change their role); returns the names added or changed.

    The first user added by the local user makes that local user an admin as well, so that
    whoever sets roles up keeps the right to write.
    """
    from .access import ensure_an_admin, roles
    from .models import PERSON_MAX, User

    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(f"{role!r} is not a role; use admin, lead or reviewer", where="--role") from None
    if not name.strip() or len(name) > PERSON_MAX:
        raise InvalidInput(f"a user name of 1 to {PERSON_MAX} characters is needed", where="user")
    with writing(session, actor) as history:
        known = roles(session)
        wanted = {name: role}
        if not known and name != actor:
            wanted = {actor: Role.ADMIN, **wanted}
        authorize(session, actor, "manage users", admin_only=True)
        ensure_an_admin(known | wanted, where=f"user {name}, role")
        for who, what in wanted.items():
            if who in known:
                if known[who] != what:
                    session.execute(update(User).where(User.name == who).values(role=what.value))
                    history.updated(Entity.USER, who, {"role": known[who].value}, {"role": what.value})
            else:
                session.execute(insert(User).values(name=who, role=what.value))
                history.created(Entity.USER, who, {"role": what.value})
        return [who for who in wanted if known.get(who) != wanted[who]]
