"""Renaming a reporting period: its label is how history names every record of it (a rating, a
value, commentary: `(entity, ref, period)`), so a rename is one recorded event, `label` OLD to
NEW on the period OLD, and replay (db/replay.py) re-keys the records of OLD to NEW when it meets
it. Older events keep the label they were written under; nothing in history is rewritten.
"""

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, update
from sqlmodel import Session

from .access import authorize
from .enums import ChangeKind, Entity
from .history import History, writing
from .errors import InvalidInput
from .models import MeasureValue, Period
from .schemas import Label, validated
from .views import period_by_label
from .writers import ensure_new

RENAME_FIELD = "label"
"""The field of a period's rename event; its old and new values are the labels."""


class _NewLabel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: Label


def check_may_manage(session: Session, actor: str) -> None:
    """Refuse (Forbidden, the store's words) unless `actor` may add, close, reopen or rename
    periods: an admin (anyone while there are no users). The TUI asks before opening its periods."""
    authorize(session, actor, "manage periods", admin_only=True)


def rename_period(*, session: Session, label: str, new_label: str, actor: str) -> bool:
    """Rename period `label` to `new_label` (admin only, as every period change is); returns
    whether anything changed. The new label obeys the rules a new period's does (not blank, no
    hidden or control characters, no leading or trailing space) and may not be taken."""
    where = f"period {label}"
    new_label = validated(_NewLabel, {"label": new_label}, where=where).label
    with writing(session, actor) as history:
        return rename_in(session, history, label, new_label)


def rename_in(session: Session, history: History, label: str, new_label: str) -> bool:
    """The one rename, inside a write (the store's and undo's): the admin's right, the period, a
    label not taken, and its one event."""
    authorize(session, history.actor, "rename periods", admin_only=True)
    period = period_by_label(session, label)
    if new_label == period.label:
        return False
    ensure_new(session, Period, "label", new_label, f"period {label}, label")
    _refuse_taken_value_label(session, new_label, f"period {label}, label")
    session.execute(update(Period).where(Period.id == period.id).values(label=new_label))
    # History names the records of a period by its label, measure values included: those labelled
    # as the period are renamed with it, so history and the tables keep naming them alike.
    session.execute(update(MeasureValue).where(MeasureValue.label == label).values(label=new_label))
    history.record(Entity.PERIOD, label, ChangeKind.UPDATE, RENAME_FIELD, label, new_label)
    return True


def _refuse_taken_value_label(session: Session, new_label: str, where: str) -> None:
    taken = session.execute(select(MeasureValue.id).where(MeasureValue.label == new_label).limit(1)).first()
    if taken is not None:
        raise InvalidInput(f"measure values are labelled {new_label!r} already; choose another label", where=where)


def is_rename(event) -> bool:
    """Whether a change event (a mapping or a row) renames a period."""
    return event["entity"] == Entity.PERIOD.value and event["field"] == RENAME_FIELD and event["kind"] == "update"
