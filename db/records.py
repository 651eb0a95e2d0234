"""Reads the TUI's forms and palette need, as plain values: a screen never builds a query.

The layer contract in pyproject.toml keeps SQLAlchemy, SQLModel and the models out of screens/;
they open a session with `session_on` and call functions such as these.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session

from .models import Action, Risk, Section, Workstream
from .writers import read_record
from .views import natural_key

_MODELS = {"workstream": Workstream, "action": Action, "risk": Risk}


@contextmanager
def session_on(engine: Engine) -> Iterator[Session]:
    """A session whose read models stay usable after it commits, as the screens use them."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


def record_fields(session: Session, entity: str, ref: str) -> dict[str, Any]:
    """A workstream's, action's or risk's public fields, as a form edits them (NotFound if gone)."""
    _, values = read_record(session, _MODELS[entity], ref)
    return values


def risk_register_fields(session: Session, ref: str, scale=None, cadence=None) -> dict[str, Any]:
    """What a risk's detail shows beside its fields: its direction of travel, next review and
    controls ("1. text (effectiveness)" a line), as db/views.risks works them out."""
    from .views import risks

    row = next((r for r in risks(session, **({"scale": scale} if scale else {}), cadence=cadence) if r.ref == ref),
               None)
    if row is None:
        return {}
    return {"direction": row.direction, "next_review": row.next_review,
            "controls": "\n".join(f"{c.number}. {c.description} ({c.effectiveness})" for c in row.controls)}


def section_codes(session: Session) -> list[str]:
    """Every section's code, in order: the choices of a workstream's Section field."""
    return list(session.execute(select(Section.code).order_by(Section.code)).scalars())


def workstream_names(session: Session) -> list[tuple[str, str]]:
    """Every workstream's ref and name, in ref order: what "Go to workstream" searches."""
    rows = session.execute(select(Workstream.ref, Workstream.name)).all()
    return sorted(((ref, name) for ref, name in rows), key=lambda row: natural_key(row[0]))
