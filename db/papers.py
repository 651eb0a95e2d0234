"""The store's writes of board papers: a paper (its front sheet and status), its ordered
sections, and the narrative of a workstream or dashboard section for a period.

Every write records its history in the same transaction. A paper is named by its portfolio,
period and kind (PaperKey); history names it "PORTFOLIO/KIND" with the period, and a section
"PORTFOLIO/KIND/KEY". Who may change a paper: an admin, or the lead who owns its portfolio
(`authorize_paper`); an approved or presented paper is frozen (rules.refuse_frozen_paper).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from . import clock
from .access import authorize
from .enums import ChangeKind, Entity, PaperStatus, SectionKind
from .errors import InvalidInput, NotFound
from .history import History, writing
from .models import Period, Portfolio
from .paper_models import Paper, PaperSection
from .paper_schemas import FRONT_FIELDS, FrontSheet, FrontSheetUpdate, SectionInput, SectionUpdate
from .rules import refuse_frozen_paper
from .schemas import validated
from .templates import outline
from .narratives import set_narrative, write_narrative  # noqa: F401 -- the papers' write API
from .writers import check_version

SECTION_FIELDS = ("position", "level", "kind", "title", "numbered", "text", "nil_text", "caption", "stale")
"""A section's fields as history records them (its key is in its ref)."""
NOT_COPIED = ("written_on", "meeting_date", "approved_by", "approved_on")
"""Front sheet fields a new period's paper does not take from the last one: they are of that paper."""


@dataclass(frozen=True, slots=True)
class PaperKey:
    portfolio: str
    period: str
    kind: str = "report"

    @property
    def ref(self) -> str:
        """How history names the paper (with the period beside it)."""
        return f"{self.portfolio}/{self.kind}"

    @property
    def where(self) -> str:
        return f"paper {self.ref} {self.period}"

    def section_ref(self, key: str) -> str:
        return f"{self.ref}/{key}"


@dataclass(frozen=True, slots=True)
class _Found:
    id: int
    status: str
    version: str
    owner: str | None


def authorize_paper(session: Session, actor: str, key: PaperKey, what: str) -> None:
    """The one rule of who changes a paper: an admin, or a lead who owns the paper's portfolio
    (its accountable lead), within any portfolio limits they have."""
    owner = session.execute(select(Portfolio.owner).where(Portfolio.code == key.portfolio)).scalar()
    authorize(session, actor, f"{what} of {key.where}", owner=owner, portfolio=key.portfolio)


def find_paper(session: Session, key: PaperKey) -> _Found:
    row = session.execute(
        select(Paper.id, Paper.status, Paper.version, Portfolio.owner)
        .join(Portfolio, Portfolio.id == Paper.portfolio_id).join(Period, Period.id == Paper.period_id)
        .where(Portfolio.code == key.portfolio, Period.label == key.period, Paper.kind == key.kind)
    ).first()
    if row is None:
        raise NotFound(f"no {key.kind!r} paper of {key.portfolio} for {key.period}; make one with `tracker paper new`",
                       where=key.where)
    return _Found(*row)


def paper_ids(session: Session, key: PaperKey) -> tuple[int, int]:
    portfolio = session.execute(select(Portfolio.id).where(Portfolio.code == key.portfolio)).scalar()
    if portfolio is None:
        raise NotFound(f"no portfolio {key.portfolio!r}", where=f"{key.where}, portfolio")
    period = session.execute(select(Period.id).where(Period.label == key.period)).scalar()
    if period is None:
        raise NotFound(f"no period {key.period!r}", where=f"{key.where}, period")
    return portfolio, period


def _front(session: Session, paper_id: int) -> dict[str, Any]:
    row = session.execute(select(*(getattr(Paper, f) for f in FRONT_FIELDS)).where(Paper.id == paper_id)).one()
    return dict(zip(FRONT_FIELDS, row))


def section_rows(session: Session, paper_id: int) -> list[dict[str, Any]]:
    columns = [PaperSection.id, PaperSection.key, *(getattr(PaperSection, f) for f in SECTION_FIELDS)]
    rows = session.execute(select(*columns).where(PaperSection.paper_id == paper_id)
                           .order_by(PaperSection.position, PaperSection.id)).all()
    return [dict(zip(["id", "key", *SECTION_FIELDS], row)) for row in rows]


def create_paper(*, session: Session, actor: str, key: PaperKey, front: FrontSheetUpdate | None = None,
                 template: str | None = "scrutiny", from_period: str | None = None,
                 sections: list[SectionInput] | None = None, status: PaperStatus = PaperStatus.DRAFT) -> None:
    """A new paper: its sections from `template`, from the paper of the same kind for
    `from_period` (front sheet and outline copied, each section that holds text marked not yet
    updated for this period; the dates and approval of that paper are not copied), or as given
    (`sections`, import). `front`'s fields are set over the copied ones; without a copy it must
    give the title."""
    given = front.model_dump(exclude_unset=True) if front is not None else {}
    with writing(session, actor) as history:
        authorize_paper(session, actor, key, "a new paper")
        portfolio_id, period_id = paper_ids(session, key)
        if session.execute(select(Paper.id).where(Paper.portfolio_id == portfolio_id, Paper.period_id == period_id,
                                                   Paper.kind == key.kind)).first():
            raise InvalidInput(f"there is a {key.kind!r} paper of {key.portfolio} for {key.period} already; "
                               "give another --kind to add a second", where=key.where)
        if from_period is not None:
            source = find_paper(session, PaperKey(key.portfolio, from_period, key.kind))
            values = _front(session, source.id) | {f: ("" if f == "approved_by" else None) for f in NOT_COPIED}
            values |= given
            sections = [SectionInput(**{f: s[f] for f in ("key", *SECTION_FIELDS) if f != "position"}
                                     | {"stale": bool(s["text"].strip()) or s["kind"] == SectionKind.NARRATIVE})
                        for s in section_rows(session, source.id)]
            template = ""
        else:
            values = validated(FrontSheet, given, where=key.where).model_dump()
            if sections is None:
                sections = [SectionInput(**s) for s in outline(template or "scrutiny").sections]
        _check_keys(sections, key)
        status = PaperStatus(status).value
        paper_id = session.execute(insert(Paper).values(
            portfolio_id=portfolio_id, period_id=period_id, kind=key.kind, template=template or "", status=status,
            **values)).inserted_primary_key[0]
        history.created(Entity.PAPER, key.ref, values | {"status": status, "template": template or None},
                        period=key.period)
        if from_period is not None:
            history.record(Entity.PAPER, key.ref, ChangeKind.UPDATE, "copied_from", None, from_period, key.period)
        for position, section in enumerate(sections, start=1):
            _insert_section(session, history, key, paper_id, section, position)


def _check_keys(sections: list[SectionInput], key: PaperKey) -> None:
    seen: set[str] = set()
    for section in sections:
        if section.key in seen:
            raise InvalidInput(f"section {section.key!r} is in the paper twice; each section's key is its own",
                               where=f"{key.where}, section {section.key}")
        seen.add(section.key)


def _insert_section(session: Session, history: History, key: PaperKey, paper_id: int, section: SectionInput,
                    position: int) -> None:
    values = section.model_dump(exclude={"key"}) | {"position": position}
    values["kind"] = SectionKind(values["kind"]).value
    session.execute(insert(PaperSection).values(paper_id=paper_id, key=section.key, **values))
    history.created(Entity.PAPER_SECTION, key.section_ref(section.key),
                    {f: values[f] for f in SECTION_FIELDS}, period=key.period)


def writable_paper(session: Session, actor: str, key: PaperKey, what: str, expected: int | None = None) -> _Found:
    """The paper, after the rights, version and frozen checks every change to it passes."""
    check_version(session, Entity.PAPER, key.ref, expected, key.period)
    found = find_paper(session, key)
    authorize_paper(session, actor, key, what)
    refuse_frozen_paper(found.status, found.version, key.where)
    return found


def update_front_sheet(*, session: Session, actor: str, key: PaperKey, changes: FrontSheetUpdate,
                       expected: int | None = None) -> list[str]:
    """Change the front sheet fields set in `changes`; returns those that changed."""
    given = changes.model_dump(exclude_unset=True)
    if "title" in given and given["title"] is None:
        raise InvalidInput("a paper's title must not be empty", where=f"{key.where}, title")
    with writing(session, actor) as history:
        found = writable_paper(session, actor, key, "the front sheet", expected)
        before = _front(session, found.id)
        changed = history.updated(Entity.PAPER, key.ref, before, {f: given[f] for f in given}, period=key.period)
        if changed:
            session.execute(update(Paper).where(Paper.id == found.id).values(**{f: given[f] for f in changed}))
        return changed


def approve_paper(*, session: Session, actor: str, key: PaperKey, by: str | None = None,
                  on: dt.date | None = None) -> None:
    """Record the paper's approval (by `by`, default the actor, on `on`, default today); it is
    frozen from now on."""
    with writing(session, actor) as history:
        found = writable_paper(session, actor, key, "approval")
        after = {"status": PaperStatus.APPROVED.value, "approved_by": by or actor, "approved_on": on or clock.today()}
        before = _front(session, found.id) | {"status": found.status}
        changed = history.updated(Entity.PAPER, key.ref, before, after, period=key.period)
        session.execute(update(Paper).where(Paper.id == found.id).values(**{f: after[f] for f in changed}))


def present_paper(*, session: Session, actor: str, key: PaperKey) -> None:
    """Record that the approved paper went to its meeting."""
    with writing(session, actor) as history:
        found = find_paper(session, key)
        authorize_paper(session, actor, key, "presenting")
        if found.status != PaperStatus.APPROVED:
            raise InvalidInput(f"the paper is {found.status}; only an approved paper is presented", where=key.where)
        history.updated(Entity.PAPER, key.ref, {"status": found.status}, {"status": PaperStatus.PRESENTED.value},
                        period=key.period)
        session.execute(update(Paper).where(Paper.id == found.id).values(status=PaperStatus.PRESENTED.value))


def new_version(*, session: Session, actor: str, key: PaperKey, version: str) -> None:
    """Start a new version of an approved or presented paper: it is a draft again, with the new
    version number and no approval; the old version's approval stays in history."""
    version = version.strip()
    with writing(session, actor) as history:
        found = find_paper(session, key)
        authorize_paper(session, actor, key, "a new version")
        if found.status == PaperStatus.DRAFT:
            raise InvalidInput("the paper is a draft, so it can be changed as it is; a new version follows an "
                               "approval", where=f"{key.where}, version")
        if not version or version == found.version:
            raise InvalidInput(f"give a version other than the current one ({found.version or 'none'})",
                               where=f"{key.where}, version")
        validated(FrontSheetUpdate, {"version": version}, where=key.where)
        before = _front(session, found.id) | {"status": found.status}
        after = {"status": PaperStatus.DRAFT.value, "version": version, "approved_by": "", "approved_on": None}
        changed = history.updated(Entity.PAPER, key.ref, before, after, period=key.period)
        session.execute(update(Paper).where(Paper.id == found.id).values(**{f: after[f] for f in changed}))


# ---------------------------------------------------------------------------------------------
# Sections


def add_section(*, session: Session, actor: str, key: PaperKey, section: SectionInput,
                position: int | None = None) -> int:
    """Add a section at `position` (1 is first; default last); returns its position."""
    with writing(session, actor) as history:
        found = writable_paper(session, actor, key, "a section")
        rows = section_rows(session, found.id)
        if any(r["key"] == section.key for r in rows):
            raise InvalidInput(f"the paper has a section {section.key!r} already", where=f"{key.where}, key")
        position = len(rows) + 1 if position is None else _clamp(position, len(rows) + 1, key)
        _renumber(session, history, key, [r for r in rows], insert_at=position)
        _insert_section(session, history, key, found.id, section, position)
        return position


def _clamp(position: int, top: int, key: PaperKey) -> int:
    if not 1 <= position <= top:
        raise InvalidInput(f"a position from 1 to {top}", where=f"{key.where}, position")
    return position


def _renumber(session: Session, history: History, key: PaperKey, rows: list[dict], insert_at: int | None = None) -> None:
    """Give `rows` (in their new order) positions 1.., leaving `insert_at` free; records each move."""
    position = 0
    for row in rows:
        position += 1
        if position == insert_at:
            position += 1
        if row["position"] != position:
            session.execute(update(PaperSection).where(PaperSection.id == row["id"]).values(position=position))
            history.updated(Entity.PAPER_SECTION, key.section_ref(row["key"]), {"position": row["position"]},
                            {"position": position}, period=key.period)


def _section(rows: list[dict], key: PaperKey, section: str) -> dict:
    for row in rows:
        if row["key"] == section:
            return row
    raise NotFound(f"no section {section!r} in the paper (its sections: {', '.join(r['key'] for r in rows)})",
                   where=f"{key.where}, section")


def edit_section(*, session: Session, actor: str, key: PaperKey, section: str, changes: SectionUpdate,
                 expected: int | None = None) -> list[str]:
    """Change a section's fields set in `changes`. Any edit counts as updating it for this
    period (it is no longer marked not yet updated), unless `changes` sets `stale` itself."""
    given = changes.model_dump(exclude_unset=True)
    if "kind" in given:
        given["kind"] = SectionKind(given["kind"]).value
    given.setdefault("stale", False)
    with writing(session, actor) as history:
        check_version(session, Entity.PAPER_SECTION, key.section_ref(section), expected, key.period)
        found = writable_paper(session, actor, key, f"section {section}")
        row = _section(section_rows(session, found.id), key, section)
        changed = history.updated(Entity.PAPER_SECTION, key.section_ref(section), row, given, period=key.period)
        if changed:
            session.execute(update(PaperSection).where(PaperSection.id == row["id"])
                            .values(**{f: given[f] for f in changed}))
        return changed


def move_section(*, session: Session, actor: str, key: PaperKey, section: str, position: int) -> bool:
    """Move a section to `position` (1 is first); returns whether anything moved."""
    with writing(session, actor) as history:
        found = writable_paper(session, actor, key, f"section {section}")
        rows = section_rows(session, found.id)
        row = _section(rows, key, section)
        position = _clamp(position, len(rows), key)
        if row["position"] == position and [r["position"] for r in rows] == list(range(1, len(rows) + 1)):
            return False
        rest = [r for r in rows if r is not row]
        rest.insert(position - 1, row)
        _renumber(session, history, key, rest)
        return True


def remove_section(*, session: Session, actor: str, key: PaperKey, section: str) -> None:
    with writing(session, actor) as history:
        found = writable_paper(session, actor, key, f"section {section}")
        rows = section_rows(session, found.id)
        row = _section(rows, key, section)
        session.execute(delete(PaperSection).where(PaperSection.id == row["id"]))
        history.deleted(Entity.PAPER_SECTION, key.section_ref(section), {f: row[f] for f in SECTION_FIELDS},
                        period=key.period)
        _renumber(session, history, key, [r for r in rows if r is not row])


def delete_paper(*, session: Session, actor: str, key: PaperKey) -> None:
    """Delete a draft paper and its sections (an approved one is frozen: it stays the record)."""
    with writing(session, actor) as history:
        found = writable_paper(session, actor, key, "deleting")
        for row in section_rows(session, found.id):
            history.deleted(Entity.PAPER_SECTION, key.section_ref(row["key"]), {f: row[f] for f in SECTION_FIELDS},
                            period=key.period)
        history.deleted(Entity.PAPER, key.ref, _front(session, found.id) | {"status": found.status}, period=key.period)
        session.execute(delete(PaperSection).where(PaperSection.paper_id == found.id))
        session.execute(delete(Paper).where(Paper.id == found.id))


def next_free_key(session: Session, key: PaperKey, title: str) -> str:
    """A section key made from `title` that the paper does not use yet ("future-work", "future-work-2")."""
    import re

    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:28] or "section"
    found = find_paper(session, key)
    taken = {r["key"] for r in section_rows(session, found.id)}
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
