"""Replay's view of the work strands' tables (db/replay.py): milestones, and the priority
links of risks, actions and measures, named and spelled as history names and spells them."""

from collections.abc import Iterator

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from .history import as_text
from .models import Workstream
from .strand_reads import linked_priorities
from .strand_models import Milestone


def links(session: Session, model: type[SQLModel]) -> dict[str, str]:
    """Each linked record's priorities ("1,4"), by the record's ref."""
    return {ref: ",".join(map(str, numbers)) for ref, numbers in linked_priorities(session, model).items()}


def milestones(session: Session) -> Iterator[tuple[tuple[str, str, None], dict[str, str | None]]]:
    query = (select(Workstream.ref, Milestone.title, Milestone.planned, Milestone.revised, Milestone.done,
                    Milestone.percent).join(Workstream, Workstream.id == Milestone.workstream_id))
    for row in session.execute(query):
        fields = {"planned": row.planned, "revised": row.revised, "done": row.done, "percent": row.percent}
        yield ("milestone", f"{row.ref}/{row.title}", None), {k: as_text(v) or None for k, v in fields.items()}
