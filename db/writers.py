"""What every writer shares: look-ups by public key, the "exists already" and version checks,
and the one create/update/delete path of records named by a ref (workstreams, actions, risks,
commitments, measures).

The store, commitments, measures, ratings, undo and import build on this; none of them imports
another's private functions.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session, SQLModel

from .access import authorize, authorize_links, authorize_portfolios
from .enums import Entity
from .errors import Conflict, InvalidInput, NotFound
from .history import History
from .models import Action, Commitment, Measure, Portfolio, Priority, Risk, Section, Workstream
from .strand_reads import PRIORITY_LINKS
from .rules import refuse_parent_cycle
from .portfolios import home
from .changes import changes_since, record_version
from .views import natural_key


@dataclass(frozen=True, slots=True)
class _Link:
    """A public field (a ref or code) stored as a foreign key column."""

    field: str
    column: str
    model: type[SQLModel]
    key: str


_HOME = _Link("portfolio", "portfolio_id", Portfolio, "code")
_LINKS: dict[type[SQLModel], tuple[_Link, ...]] = {
    Workstream: (_Link("section", "section_id", Section, "code"), _HOME),
    Risk: (_Link("workstream", "workstream_id", Workstream, "ref"), _HOME),
    Action: (_Link("workstream", "workstream_id", Workstream, "ref"), _Link("risk", "risk_id", Risk, "ref"), _HOME,
             _Link("parent", "parent_id", Action, "ref")),
    Commitment: (_Link("priority", "priority_id", Priority, "number"), _HOME,
                 _Link("parent", "parent_id", Commitment, "ref")),
    Measure: (_Link("workstream", "workstream_id", Workstream, "ref"), _HOME),
}
ENTITY = {Workstream: Entity.WORKSTREAM, Risk: Entity.RISK, Action: Entity.ACTION, Commitment: Entity.COMMITMENT,
          Measure: Entity.MEASURE}
_OWNER = {Workstream: "lead", Risk: "owner", Action: "owner", Commitment: "lead", Measure: "lead"}
"""The field naming who owns a record: a lead may change only records they own."""
_REQUIRED = {
    Workstream: ("name", "section", "status", "portfolio"), Risk: ("title", "status", "portfolio"),
    Action: ("title", "status", "portfolio"), Commitment: ("priority", "text", "owners", "portfolio"),
    Measure: ("name", "area", "unit", "direction", "portfolio"),
}
"""Fields an update may change but not empty."""
_ADMINS_ADD = {Workstream: "add workstreams", Commitment: "add commitments", Measure: "add measures"}
"""Records only admins add (they shape the structure and the plan); a lead adds actions and risks."""


def id_of(session: Session, model: type[SQLModel], key: str, value: Any, *, where: str) -> int:
    """The database id of the record whose `key` is `value`, or NotFound naming `where`."""
    found = session.execute(select(model.id).where(getattr(model, key) == value)).scalar()
    if found is None:
        raise NotFound(f"no {model.__tablename__} {value!r}", where=where)
    return found


def ensure_new(session: Session, model: type[SQLModel], key: str, value: Any, where: str) -> None:
    """Refuse a new record whose `key` is taken: "<kind> <value> exists already"."""
    if session.execute(select(model.id).where(getattr(model, key) == value)).first() is not None:
        raise InvalidInput(f"{model.__tablename__} {value!r} exists already", where=where)


def read_record(session: Session, model: type[SQLModel], ref: str) -> tuple[int, dict[str, Any]]:
    """A record named by its ref: its id and public fields (links as refs, priorities as numbers)."""
    entity = ENTITY[model]
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
    if model in PRIORITY_LINKS:
        values["priorities"] = _priorities_of(session, model, row.id)
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


def _priorities_of(session: Session, model: type[SQLModel], record_id: int) -> list[int]:
    table, column = PRIORITY_LINKS[model]
    query = (
        select(Priority.number)
        .join(table, table.priority_id == Priority.id)
        .where(getattr(table, column) == record_id)
        .order_by(Priority.number)
    )
    return list(session.execute(query).scalars())


def _set_priorities(session: Session, model: type[SQLModel], record_id: int, numbers: list[int],
                    where: str) -> list[int]:
    table, column = PRIORITY_LINKS[model]
    numbers = sorted(set(numbers))
    ids = [id_of(session, Priority, "number", n, where=f"{where}, priorities") for n in numbers]
    session.execute(delete(table).where(getattr(table, column) == record_id))
    if ids:
        session.execute(insert(table), [{column: record_id, "priority_id": i} for i in ids])
    return numbers


def parent_of(session: Session, ref: str) -> str | None:
    """An action's parent's ref, as stored."""
    parent = Action.__table__.alias("parent")
    return session.execute(select(parent.c.ref).select_from(Action).join(parent, parent.c.id == Action.parent_id)
                           .where(Action.ref == ref)).scalar()


def _check_links(session: Session, model: type[SQLModel], ref: str, values: dict[str, Any], where: str) -> None:
    """A sub-action's parent is not itself nor its own descendant (every create and update asks)."""
    if model is Action and values.get("parent") is not None:
        refuse_parent_cycle(ref, values["parent"], lambda r: parent_of(session, r), where)


def refuse_cleared(given: dict[str, Any], required: tuple[str, ...], where: str) -> None:
    """An update may change a required field but not empty it."""
    for field in required:
        if field in given and given[field] is None:
            raise InvalidInput("must not be empty", where=f"{where}, {field}")


def check_version(
    session: Session, entity: Entity, ref: str, expected: int | None, period: str | None = None,
    *, version: int | None = None,
) -> None:
    """Refuse the write if the record changed after version `expected` was read (None: no check).
    `version`: the record's version, when the caller read it already."""
    if expected is None:
        return
    if (record_version(session, entity.value, ref, period) if version is None else version) <= expected:
        return
    where = f"{entity.value} {ref}" + (f", {period}" if period else "")
    raise Conflict(where, changes_since(session, entity.value, ref, period, expected))


def create_record(session: Session, history: History, model: type[SQLModel], data: SQLModel, rules=None) -> int:
    """The one create path of records named by a ref: rights, a free ref, the model's `rules`
    (called with the values and where), links, history."""
    entity = ENTITY[model]
    where = f"{entity} {data.ref}"
    values = data.model_dump(exclude={"ref"})
    given = values.get("portfolio")
    if model in _ADMINS_ADD:
        authorize(session, history.actor, _ADMINS_ADD[model], admin_only=True)
    else:
        authorize(session, history.actor, where, owner=getattr(data, "owner", None), portfolio=given,
                  portfolio_pending=given is None)
        authorize_links(session, history.actor, where, {f: getattr(data, f) for f in _attachments(model)})
    ensure_new(session, model, "ref", data.ref, f"{where}, ref")
    values["portfolio"] = home(session, history, given, where)
    if given is None:  # its home was just worked out: the limit applies to it
        authorize_portfolios(session, history.actor, where, values["portfolio"])
    if rules is not None:
        rules(values, where)
    _check_links(session, model, data.ref, values, where)
    keys = {"sort_key": natural_key(data.ref)} if "sort_key" in model.model_fields else {}
    new_id = session.execute(
        insert(model).values(ref=data.ref, **keys, **_columns(session, model, values, where))
    ).inserted_primary_key[0]
    if "priorities" in values:
        values["priorities"] = _set_priorities(session, model, new_id, values["priorities"], where)
    history.created(entity, data.ref, values)
    return new_id


def update_record(
    session: Session, history: History, model: type[SQLModel], ref: str, changes: dict[str, Any], rules=None
) -> list[str]:
    """The one update path: rights, required fields kept, the model's `rules`, links; what changed."""
    entity = ENTITY[model]
    where = f"{entity} {ref}"
    record_id, before = check_may_change(session, history.actor, model, ref)
    refuse_cleared(changes, _REQUIRED[model], where)
    after = before | changes
    if after["portfolio"] != before["portfolio"]:  # a move needs rights in both
        authorize(session, history.actor, where, owner=before[_OWNER[model]],
                  portfolio=_moving(before["portfolio"], after["portfolio"]))
    if rules is not None:
        after = rules(after, before, changes, where)
    authorize_links(session, history.actor, where, {f: after[f] for f in _attachments(model)}, before)
    if after.get("parent") != before.get("parent"):
        _check_links(session, model, ref, after, where)
    changed = history.updated(entity, ref, before, {f: after[f] for f in after if f in before})
    if not changed:
        return []
    columns = _columns(session, model, {f: after[f] for f in changed}, where)
    if columns:
        session.execute(update(model).where(model.id == record_id).values(**columns))
    if "priorities" in changed:
        _set_priorities(session, model, record_id, after["priorities"], where)
    return changed


def _moving(before: str | None, after: str | None) -> str | tuple[str | None, str | None] | None:
    """The portfolio a write is checked against: the record's, or (old, new) when it moves."""
    return before if after == before else (before, after)


def _attachments(model: type[SQLModel]) -> list[str]:
    """The links that tie a record into someone else's world (access.authorize_links)."""
    return [link.field for link in _LINKS[model] if link.model in (Workstream, Risk)]


def check_may_change(session: Session, actor: str, model: type[SQLModel], ref: str) -> tuple[int, dict[str, Any]]:
    """Refuse (Forbidden, naming the rule) unless `actor` may change or delete the record where it
    is: the owner's right every update and delete checks. Returns the record's id and fields.
    The TUI asks it before a form opens."""
    record_id, before = read_record(session, model, ref)
    authorize(session, actor, f"{ENTITY[model]} {ref}", owner=before[_OWNER[model]], portfolio=before["portfolio"])
    return record_id, before


def delete_record(session: Session, history: History, model: type[SQLModel], ref: str) -> None:
    """Delete a workstream, action or risk (after its owner's rights), recording its fields."""
    record_id, before = check_may_change(session, history.actor, model, ref)
    session.execute(delete(model).where(model.id == record_id))
    history.deleted(ENTITY[model], ref, before)
