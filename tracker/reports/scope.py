"""Which portfolio and period a board paper is for, and the date it judges "overdue" by.

A board paper is of one portfolio (with its children): given with --portfolio, or the one
top-level portfolio that holds records; with several, the caller must choose. Its period is one
of the portfolio's own cycle, so "previous period" means the one before in that cycle.
"""

from dataclasses import dataclass

from sqlmodel import Session

from tracker.db import views
from tracker.db.errors import InvalidInput, NotFound
from tracker.db.portfolio_views import record_counts
from tracker.db.scopes import Scope

CYCLE_WORDS = {"year": "years", "financial-year": "financial years", "twelve-months": "twelve months to a date",
               "half": "half years", "quarter": "quarters", "month": "months", "other": "other periods"}


@dataclass(frozen=True)
class PaperScope:
    code: str | None
    """None only in a database whose records are in no portfolio yet (an empty one)."""
    name: str

    @property
    def shown(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


def holding_roots(session: Session) -> list[str]:
    """The top-level portfolios that hold records themselves or through their children."""
    tree = views.portfolios(session)
    by_code = {p.code: p for p in tree}
    held = record_counts(session)
    roots: list[str] = []
    for p in tree:
        if not any(held.get(p.id, {}).values()):
            continue
        top = p
        while top.parent is not None and top.parent in by_code:
            top = by_code[top.parent]
        if top.code not in roots:
            roots.append(top.code)
    return roots


def paper_portfolio(session: Session, code: str | None) -> tuple[PaperScope, Scope]:
    """The portfolio the paper is for: `code` (it must be one), else the only one holding records."""
    if code is None:
        roots = holding_roots(session)
        if len(roots) > 1:
            raise InvalidInput("a board paper is of one portfolio; say which portfolio this paper is for: "
                               f"--portfolio {'|'.join(roots)}", where="--portfolio")
        code = roots[0] if roots else None
    try:
        scope = views.scope(session, code)
    except NotFound as exc:
        raise NotFound(str(exc).split(": ", 1)[-1], where="--portfolio") from None
    return PaperScope(scope.code, scope.name), scope


def check_period(session: Session, scope: Scope, period: str | None) -> None:
    """Refuse a period that is not of the portfolio's cycle, naming the ones that are."""
    if scope.code is None or scope.cycle is None:
        return
    own = views.periods(session, scope.code)
    words = CYCLE_WORDS.get(scope.cycle.value, scope.cycle.value)
    if not own:
        raise InvalidInput(f"{scope.code} reports on {words}, and there is no such period yet; add one with "
                           "`tracker period add`", where="--period")
    if period is not None and period not in {p.label for p in own}:
        views.period_by_label(session, period)  # an unknown label is refused as such
        choices = ", ".join(p.label for p in own)
        raise InvalidInput(f"{period} is not one of {scope.code}'s periods ({words}): {choices}", where="--period")
