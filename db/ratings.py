"""Ratings: a workstream's RAG for a period. `rate` is the one writer of assessment rows, which
set_rating, carry_forward and undo all call, so each obeys the same rules (db/rules.py).
"""

from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from .access import authorize
from .changes import record_version
from .enums import ChangeKind, Entity, Rag
from .errors import InvalidInput, NotFound
from .history import History, utc_now, writing
from .models import LONG_TEXT_MAX, Assessment, Portfolio, Workstream
from .rules import refuse_closed, require_rationale
from .schemas import NUL_REFUSED
from .rating_facts import RatingFacts, rating_facts
from .roles import access_from
from .suggest import record_suggestion, suggestion_from
from .views import PeriodInfo, change_label, period_by_label, previous_period
from .writers import check_version, id_of


def parse_rag(value: str | Rag) -> Rag:
    """A RAG from what a person types: "green", "Green", "G", "not graded", "ng". "Grade not known"
    is not one a lead gives: it stands for a past paper that does not give the grade, and comes
    in only by import (`rag = "unknown"`)."""
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"g": "green", "a": "amber", "r": "red", "ng": "not_graded", "n": "not_graded"}
    if aliases.get(text, text) in (Rag.UNKNOWN, "grade_not_known"):
        raise InvalidInput(f"{value!r} is not a RAG a lead gives: \"grade not known\" is for a past paper that does "
                           "not give the grade (import it with rag = \"unknown\"); use green, amber, red or not_graded",
                           where="rag")
    try:
        return Rag(aliases.get(text, text))
    except ValueError:
        raise InvalidInput(f"{value!r} is not a RAG; use green, amber, red or not_graded", where="rag") from None


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
        facts = rating_facts(session, actor, ref, period, with_version=expected is not None)  # one statement
        check_version(session, Entity.ASSESSMENT, ref, expected, period, version=facts.version)
        return rate(session, history, ref, period, rag, rationale, facts=facts)


class AlreadyRated(InvalidInput):
    """Carrying forward would replace a different RAG already given for the period."""

    def __init__(self, ref: str, period: str, rag: Rag, by: str, carried: Rag, source: str, version: int) -> None:
        self.ref, self.period, self.rag, self.by = ref, period, rag, by
        self.carried, self.source, self.version = carried, source, version
        """What would be replaced and by what; `version` is the rating's, for the overwrite's check."""
        super().__init__(f"it is already {rag.label} for {period} (by {by}); carrying forward would replace it with "
                         f"{source}'s {carried.label}, so nothing was changed", where=f"workstream {ref}, {period}")


def carry_forward(
    *, session: Session, ref: str, period: str, rationale: str | None = None, actor: str,
    expected: int | None = None, overwrite: bool = False,
) -> RatingResult:
    """Set this period's RAG to the previous period's: a deliberate "no change", recorded as such.

    A different RAG already given for the period is refused (AlreadyRated) unless `overwrite`.
    Without a `rationale` the carried RAG takes the previous period's rationale with it (a RAG
    already the same keeps its own)."""
    with writing(session, actor) as history:
        check_version(session, Entity.ASSESSMENT, ref, expected, period)
        workstream_id = id_of(session, Workstream, "ref", ref, where=f"workstream {ref}")
        before = previous_period(session, period_by_label(session, period))
        carried = None if before is None else _existing(session, workstream_id, before.id)
        if carried is None:
            raise InvalidInput("there is no RAG in the previous period to carry forward", where=f"workstream {ref}, {period}")
        previous = Rag(carried.rag)
        existing = _existing(session, workstream_id, period_by_label(session, period).id)
        if existing is not None and Rag(existing.rag) != previous and not overwrite:
            raise AlreadyRated(ref, period, Rag(existing.rag), existing.assessed_by, previous, before.label,
                               record_version(session, Entity.ASSESSMENT.value, ref, period))
        if rationale is None and (existing is None or Rag(existing.rag) != previous):
            rationale = carried.rationale or None
        result = rate(session, history, ref, period, previous, rationale, stamp_always=True)
        history.record(Entity.ASSESSMENT, ref, ChangeKind.UPDATE, "carried_forward_from", None, before.label, period)
        return result


def rate(
    session: Session, history: History, ref: str, period: str, rag: Rag, rationale: str | None,
    *, stamp_always: bool = False, exact: bool = False, facts: RatingFacts | None = None,
) -> RatingResult:
    """The one writer of assessment rows, with every rule of a rating: rationale length and text,
    the lead's right, a closed period frozen, a rationale where the RAG differs from the previous
    period's, and the measure's suggestion. Without a rationale an unchanged RAG keeps the one it
    had, unless `exact` (undo puts back exactly what was there). `facts`: what rating_facts read
    for this save in this transaction (else it is read here, in one statement)."""
    where = f"workstream {ref}, {period}"
    _check_rationale_text(rationale, where)
    facts = facts or rating_facts(session, history.actor, ref, period)
    workstream_id, target = _checked(session, history, facts, ref, period, where)
    before_period, previous, existing = facts.before, facts.previous, facts.existing
    if not (rationale or "").strip():
        if existing is not None and existing.rag == rag and not exact:
            rationale = existing.rationale
        else:
            require_rationale(rag, previous, rationale, where)
            rationale = rationale or ""
    change = change_label(rag, previous, previous_period=before_period and before_period.label)
    result = RatingResult(ref, period, rag, previous, change, True)
    values = {"rag": rag.value, "rationale": rationale}
    stamp = {"assessed_by": history.actor, "assessed_at": utc_now()}
    if existing is None:
        session.execute(insert(Assessment).values(workstream_id=workstream_id, period_id=target.id, **values, **stamp))
        history.created(Entity.ASSESSMENT, ref, values, period=period)
        record_suggestion(history, session, ref, target, rag, rationale, suggestion_from(facts.measure))
        return result
    before = {"rag": existing.rag, "rationale": existing.rationale}
    changed = history.updated(Entity.ASSESSMENT, ref, before, values, period=period)
    if changed or stamp_always:
        session.execute(update(Assessment).where(Assessment.id == existing.id).values(**values, **stamp))
        record_suggestion(history, session, ref, target, rag, rationale, suggestion_from(facts.measure))
    return result if changed or stamp_always else RatingResult(ref, period, rag, previous, result.change, False)


def remove_rating(session: Session, history: History, ref: str, period: str) -> dict[str, str] | None:
    """Delete a workstream's assessment for a period (undo of its creation), under the same rights
    and closed-period rule as `rate`; returns what was there (None: nothing was)."""
    where = f"workstream {ref}, {period}"
    workstream_id, target = _open_rating(session, history, ref, period, where)
    existing = _existing(session, workstream_id, target.id)
    if existing is None:
        return None
    before = {"rag": existing.rag, "rationale": existing.rationale}
    history.deleted(Entity.ASSESSMENT, ref, before, period=period)
    session.execute(delete(Assessment).where(Assessment.id == existing.id))
    return before


def current_rating(session: Session, ref: str, period: str) -> dict[str, str] | None:
    """A workstream's stored RAG and rationale in a period, as history names them (None: none)."""
    workstream_id = id_of(session, Workstream, "ref", ref, where=f"workstream {ref}")
    existing = _existing(session, workstream_id, period_by_label(session, period).id)
    return None if existing is None else {"rag": existing.rag, "rationale": existing.rationale}


def check_may_rate(session: Session, actor: str, ref: str, period: str) -> None:
    """Refuse (Forbidden or InvalidInput, the store's own words) unless `actor` may rate `ref`
    for `period` now: the checks every rating write makes first, asked before a form opens so
    nobody types a rationale the save would refuse."""
    _open_rating(session, actor, ref, period, f"workstream {ref}, {period}")


def _open_rating(session: Session, actor: "History | str", ref: str, period: str, where: str) -> tuple[int, PeriodInfo]:
    """What every rating write checks first: the workstream, its lead's right, an open period
    (`actor`: the write's History, or the acting user's name)."""
    actor = actor if isinstance(actor, str) else actor.actor
    found = session.execute(select(Workstream.id, Workstream.lead, Portfolio.code)  # one look-up for all three
                            .join(Portfolio, Portfolio.id == Workstream.portfolio_id).where(Workstream.ref == ref)).first()
    if found is None:
        raise NotFound(f"no workstream {ref!r}", where=f"workstream {ref}")
    workstream_id, lead, home = found
    authorize(session, actor, f"workstream {ref}", owner=lead, portfolio=home)
    target = period_by_label(session, period)
    refuse_closed(period, target.closed, "rag", where)
    return workstream_id, target


def _checked(session: Session, history: History, facts: RatingFacts, ref: str, period: str,
             where: str) -> tuple[int, PeriodInfo]:
    """`_open_rating`'s checks on what rating_facts read: the workstream, its lead's right, an open period."""
    if facts.workstream_id is None:
        raise NotFound(f"no workstream {ref!r}", where=f"workstream {ref}")
    known = (access_from(facts.users, facts.role, history.actor), facts.limited)
    authorize(session, history.actor, f"workstream {ref}", owner=facts.lead, portfolio=facts.portfolio,
              known=known)
    if facts.period is None:
        raise NotFound(f"no period {period!r}", where="period")
    refuse_closed(period, facts.period.closed, "rag", where)
    return facts.workstream_id, facts.period


def _check_rationale_text(rationale: str | None, where: str) -> None:
    if rationale is not None and len(rationale) > LONG_TEXT_MAX:
        raise InvalidInput(f"must be at most {LONG_TEXT_MAX} characters", where=f"{where}, rationale")
    if rationale is not None and "\x00" in rationale:
        raise InvalidInput(NUL_REFUSED, where=f"{where}, rationale")


def _existing(session: Session, workstream_id: int, period_id: int):
    return session.execute(
        select(Assessment.id, Assessment.rag, Assessment.rationale, Assessment.assessed_by).where(
            Assessment.workstream_id == workstream_id, Assessment.period_id == period_id
        )
    ).first()
