"""Undo of paper changes (db/undo.py calls `invert`): a paper's creation, front sheet and
deletion, a section's addition, edit, move and removal, a narrative's change.

Each inverse passes the rules its writer does: the rights (`authorize_paper`, a narrative's
lead), a frozen paper (an approved or presented one refuses the undo of anything in it, as it
refuses the change), a closed period (narrative). Values are put back exactly as history
recorded them, field by field, and only while each still holds what the change wrote (else
someone changed it since, and the undo is refused). A change of a paper's status (approval,
presenting, a new version) is not undone: it records a decision, which a new version follows.
"""

import datetime as dt
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from .enums import ChangeKind, Entity
from .errors import InvalidInput
from .history import History, as_text
from .models import ChangeEvent
from .paper_models import Paper, PaperSection
from .paper_schemas import FRONT_FIELDS
from .papers import SECTION_FIELDS, PaperKey, authorize_paper, paper_ids, section_rows, writable_paper, write_narrative

ENTITIES = (Entity.PAPER, Entity.PAPER_SECTION, Entity.NARRATIVE)
STATUS_FIELDS = {"status"}
"""What approval, presenting and a new version change; not undone."""
_DATES = ("meeting_date", "written_on", "approved_on")
_INTS = ("position", "level")
_BOOLS = ("numbered", "stale")


def undoes(entity: Entity, fields: dict[str, ChangeEvent]) -> bool:
    """Whether `invert` is the inverse for this group of events."""
    return entity in ENTITIES or (entity == Entity.SECTION and set(fields) == {"narrative"})


def invert(session: Session, history: History, entity: Entity, ref: str, period: str | None, kind: str,
           fields: dict[str, ChangeEvent]) -> None:
    if entity in (Entity.NARRATIVE, Entity.SECTION):
        _narrative(session, history, entity, ref, period, fields["narrative"])
    elif entity == Entity.PAPER:
        _paper(session, history, _key(ref, period), kind, fields)
    else:
        portfolio, paper_kind, section = _split(ref)
        _section(session, history, PaperKey(portfolio, period or "", paper_kind), section, kind, fields)


def _key(ref: str, period: str | None) -> PaperKey:
    portfolio, _, kind = ref.partition("/")
    return PaperKey(portfolio, period or "", kind)


def _split(ref: str) -> tuple[str, str, str]:
    parts = ref.split("/")
    if len(parts) != 3:
        raise InvalidInput(f"history names a paper section {ref!r} that is not PORTFOLIO/KIND/KEY", where="undo")
    return parts[0], parts[1], parts[2]


def _value(field: str, text: str | None) -> Any:
    """A history value back into the column's type."""
    if field in _DATES:
        return dt.date.fromisoformat(text) if text else None
    if field in _INTS:
        return int(text) if text else 0
    if field in _BOOLS:
        return text == "true"
    return text or ""


def _check(current: dict[str, Any], fields: dict[str, ChangeEvent], where: str) -> None:
    """Refuse to undo over a later change: each field must still hold what this change wrote."""
    for name, event in fields.items():
        if (as_text(current.get(name)) or None) != (event.new or None):
            raise InvalidInput(f"{name} has changed again since, so this change is not undone", where=where)


def _paper_now(session: Session, paper_id: int) -> dict[str, Any]:
    columns = (*FRONT_FIELDS, "status", "template")
    row = session.execute(select(*(getattr(Paper, c) for c in columns)).where(Paper.id == paper_id)).one()
    return dict(zip(columns, row))


def _paper(session: Session, history: History, key: PaperKey, kind: str, fields: dict[str, ChangeEvent]) -> None:
    if STATUS_FIELDS & set(fields) and kind == ChangeKind.UPDATE:
        raise InvalidInput("a paper's approval, presenting or new version is a decision on the record, so it is not "
                           "undone; start a new version with `tracker paper version NEW` to change an approved paper",
                           where=key.where)
    if kind == ChangeKind.DELETE:
        _restore_paper(session, history, key, fields)
        return
    found = writable_paper(session, history.actor, key, "undo")
    current = _paper_now(session, found.id)
    _check(current, fields, key.where)
    if kind == ChangeKind.UPDATE:
        before = {f: _value(f, e.old) for f, e in fields.items()}
        history.updated(Entity.PAPER, key.ref, current, before, period=key.period)
        session.execute(update(Paper).where(Paper.id == found.id).values(**before))
        return
    left = [row["key"] for row in section_rows(session, found.id)]
    if left:
        raise InvalidInput(f"sections were added to the paper since ({', '.join(left)}), so its creation is not "
                           "undone; delete it with `tracker paper delete`", where=key.where)
    history.deleted(Entity.PAPER, key.ref, current, period=key.period)
    session.execute(delete(Paper).where(Paper.id == found.id))


def _restore_paper(session: Session, history: History, key: PaperKey, fields: dict[str, ChangeEvent]) -> None:
    """Put back a deleted (draft) paper with its front sheet; its sections follow, one by one."""
    authorize_paper(session, history.actor, key, "undo")
    portfolio_id, period_id = paper_ids(session, key)
    if session.execute(select(Paper.id).where(Paper.portfolio_id == portfolio_id, Paper.period_id == period_id,
                                              Paper.kind == key.kind)).first():
        raise InvalidInput("a paper of that kind was made since, so the deleted one is not put back", where=key.where)
    values = {f: _value(f, fields[f].old if f in fields else None) for f in FRONT_FIELDS}
    values["status"] = fields["status"].old if "status" in fields else "draft"
    session.execute(insert(Paper).values(portfolio_id=portfolio_id, period_id=period_id, kind=key.kind, template="",
                                         **values))
    history.created(Entity.PAPER, key.ref, values, period=key.period)


def _section(session: Session, history: History, key: PaperKey, section: str, kind: str,
             fields: dict[str, ChangeEvent]) -> None:
    where = f"{key.where}, section {section}"
    found = writable_paper(session, history.actor, key, "undo")
    row = next((r for r in section_rows(session, found.id) if r["key"] == section), None)
    if kind == ChangeKind.DELETE:
        if row is not None:
            raise InvalidInput("a section with that key was added since, so the removed one is not put back",
                               where=where)
        values = {f: _value(f, fields[f].old if f in fields else None) for f in SECTION_FIELDS}
        values["level"] = values["level"] or 1
        values["kind"] = values["kind"] or "narrative"
        session.execute(insert(PaperSection).values(paper_id=found.id, key=section, **values))
        history.created(Entity.PAPER_SECTION, key.section_ref(section), values, period=key.period)
        return
    if row is None:
        raise InvalidInput("the section was removed since, so this change is not undone", where=where)
    _check(row, fields, where)
    if kind == ChangeKind.CREATE:
        history.deleted(Entity.PAPER_SECTION, key.section_ref(section), {f: row[f] for f in SECTION_FIELDS},
                        period=key.period)
        session.execute(delete(PaperSection).where(PaperSection.id == row["id"]))
        return
    before = {f: _value(f, e.old) for f, e in fields.items()}
    history.updated(Entity.PAPER_SECTION, key.section_ref(section), row, before, period=key.period)
    session.execute(update(PaperSection).where(PaperSection.id == row["id"]).values(**before))


def _narrative(session: Session, history: History, entity: Entity, ref: str, period: str | None,
               event: ChangeEvent) -> None:
    """Put a narrative's earlier text back through its one writer (rights, closed period)."""
    from .paper_views import narrative

    workstream, section = (ref, None) if entity == Entity.NARRATIVE else (None, ref)
    where = f"narrative of {'workstream' if workstream else 'section'} {ref}, {period}"
    current = narrative(session, period or "", workstream=workstream, section=section)
    if (current or None) != (event.new or None):
        raise InvalidInput("the narrative has changed again since, so this change is not undone", where=where)
    write_narrative(session, history, period or "", event.old or "", workstream, section, where)

