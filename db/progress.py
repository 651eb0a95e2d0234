"""Where things stand: is a period ready for the board, a workstream's RAG over time, and what a
user owes this period. Built on the dashboard and lists in db/views.py."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from . import clock
from .enums import Rag
from .errors import NotFound
from .measure_checks import total_mismatches
from .models import Assessment, Workstream
from .rules import needs_rationale
from .words import word
from .views import PeriodInfo, actions, dashboard, periods, rating_periods, risks, workstream_periods


@dataclass(frozen=True, slots=True)
class Finding:
    """Something that would embarrass a lead at the board."""

    kind: str
    """One of: unassessed, no_rationale, overdue_action, review_overdue, period_open, stale_section,
    total_mismatch (a measure's stored total is not the sum of its members)."""
    ref: str
    message: str


def judged_at(period: PeriodInfo | None, given: dt.date | None = None, *, today: dt.date | None = None) -> dt.date:
    """The date "overdue" and "past review" are judged at for `period`'s paper: `given` if the
    caller gave one; else the period's end once it is closed, and today while it is open. Never
    silently today for a closed period."""
    if given is not None:
        return given
    if period is not None and period.closed:
        return period.end
    return today or clock.today()


def readiness(
    session: Session, period: str | None = None, *, today: dt.date | None = None, portfolio: str | None = None,
    as_at: dt.date | None = None,
) -> list[Finding]:
    """What needs fixing before `period`'s paper for `portfolio` (None: all) goes to the board;
    empty when it is ready. Overdue and past review are judged as at `judged_at(period, as_at)`.

    An action's due date is revised by editing it (history keeps the original), so an action
    still past its due date is one with no revised date.
    """
    board = dashboard(session, period, portfolio=portfolio)
    today = today or clock.today()
    at = judged_at(board.period, as_at, today=today)
    findings = []
    for row in board.rows:
        if row.rag is None and row.status == "active":
            findings.append(Finding("unassessed", row.ref, f"{row.name}: no RAG for {board.period.label}"))
        elif row.rag is not None and needs_rationale(row.rag, row.previous_rag, row.rationale):
            was = row.previous_rag.label if row.previous_rag else "no RAG"
            findings.append(Finding("no_rationale", row.ref, f"{row.name}: {row.rag.label} (was {was}) has no rationale"))
    for action in actions(session, today=at, portfolio=portfolio):
        if action.overdue:
            findings.append(Finding("overdue_action", action.ref, f"{action.title}: due {action.due_date}, still "
                                    f"{word(action.status)} on {at}, no revised date"))
    for risk in risks(session, portfolio=portfolio):
        if past_review(risk, at):
            findings.append(Finding("review_overdue", risk.ref, f"{risk.title}: review was due {risk.review_date}"))
    for p in periods(session, portfolio):
        if not p.closed and p.end < today:
            findings.append(Finding("period_open", p.label, f"period {p.label} ended {p.end} and is still open"))
    if board.period is not None:
        findings += stale_sections(session, board.period.label, portfolio)
    findings += [Finding("total_mismatch", m.ref, m.message()) for m in total_mismatches(session, portfolio)]
    return findings


def stale_sections(session: Session, period: str, portfolio: str | None = None) -> list[Finding]:
    """Each section of `period`'s papers (of `portfolio` and its children; None: all) copied from
    the last period's paper and not yet edited or confirmed for this one."""
    from .paper_views import papers, sections
    from .views import scope

    findings = []
    for info in papers(session, scope(session, portfolio), period):
        kind = f" --paper-kind {info.kind!r}" if info.kind != "report" else ""
        for s in sections(session, info.key):
            if s.stale:
                confirm = f"tracker paper section confirm {s.key} -P {info.portfolio} --period {period}{kind}"
                findings.append(Finding("stale_section", info.key.section_ref(s.key),
                                        f"section {s.heading or '(untitled)'} ({s.key}) not yet updated for "
                                        f"{period}: edit it or `{confirm}`"))
    return findings


def past_review(risk, at: dt.date) -> bool:
    """An open risk whose next review (stated, or following from its last review) is before `at`."""
    due = getattr(risk, "next_review", None) or risk.review_date
    return due is not None and due < at and risk.status != "closed"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    period: PeriodInfo
    rag: Rag | None
    rationale: str | None
    assessed_by: str | None
    assessed_at: str | None


def timeline(session: Session, ref: str) -> list[TimelineEntry]:
    """A workstream's RAG in every period, oldest first (None where it was not assessed)."""
    workstream = session.execute(select(Workstream.id).where(Workstream.ref == ref)).scalar()
    if workstream is None:
        raise NotFound(f"no workstream {ref!r}", where=f"workstream {ref}")
    rows = {
        a.period_id: a
        for a in session.execute(select(Assessment).where(Assessment.workstream_id == workstream)).scalars()
    }
    entries = []
    for p in workstream_periods(session, ref):
        a = rows.get(p.id)
        entries.append(TimelineEntry(p, Rag(a.rag) if a else None, a.rationale if a else None,
                                     a.assessed_by if a else None, a.assessed_at if a else None))
    return entries


@dataclass(frozen=True, slots=True)
class UpdateDue:
    """Something that needs `user`'s update this period."""

    kind: str
    """rating (a workstream with no RAG for the period), action (overdue) or review (a risk past its review date)."""
    ref: str
    title: str
    reason: str
    period: str | None = None
    """For a rating: the period it is owed for (its portfolio's current period)."""


def current_period(session: Session, portfolio: str | None = None) -> PeriodInfo | None:
    """The period being rated (of `portfolio`'s cycle): the latest open one, else the latest."""
    ordered = rating_periods(session, portfolio)
    open_ = [p for p in ordered if not p.closed]
    return (open_ or ordered or [None])[-1]


def _ratings_due(session: Session, user: str, portfolio: str | None) -> list[UpdateDue]:
    """`user`'s active workstreams with no RAG for the current period of their portfolio's cycle:
    of `portfolio`, or with None of each top-level portfolio (each reports on its own cycle)."""
    from .views import portfolios

    homes = [portfolio] if portfolio is not None else [p.code for p in portfolios(session) if p.depth == 0]
    due = []
    for home in homes or [None]:
        period = current_period(session, home)
        if period is None or period.closed:
            continue
        for row in dashboard(session, period.label, portfolio=home).rows:
            if row.lead == user and row.status == "active" and row.rag is None:
                due.append(UpdateDue("rating", row.ref, row.name, f"no RAG for {period.label}", period.label))
    return due


def my_updates(session: Session, user: str, *, today: dt.date | None = None,
               portfolio: str | None = None) -> list[UpdateDue]:
    """What `user` owes this period: their workstreams with no RAG, overdue actions, risks due a
    review; of `portfolio` and its children (None: every portfolio, each at its own period)."""
    today = today or clock.today()
    due = _ratings_due(session, user, portfolio)
    for action in actions(session, today=today, portfolio=portfolio):
        if action.owner == user and action.overdue:
            due.append(UpdateDue("action", action.ref, action.title, f"overdue since {action.due_date}"))
    for risk in risks(session, portfolio=portfolio):
        if risk.owner == user and risk.status != "closed" and risk.review_date and risk.review_date < today:
            due.append(UpdateDue("review", risk.ref, risk.title, f"review was due {risk.review_date}"))
    return due
