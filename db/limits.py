"""Rights limited to portfolios: the one rule of which portfolios a user may read and change.

A user's portfolios list (table user_portfolio) limits a lead's or a reviewer's rights to those
portfolios and everything under them; a user with none has rights in all, as before portfolios.
Admins manage everything (users, periods, imports), so an admin is never limited: limiting one
would be a rule they could lift themselves, and store.add_user / users.set_user_portfolios refuse it.

Standard library only, so the TUI's first frame (db/firstpage.py) opens a limited user on one of
their own portfolios before SQLAlchemy loads; db/access.py applies it to every write.
"""

from collections.abc import Sequence

from .errors import Forbidden
from .scopes import PortfolioInfo, Scope, make_scope, tree

LIMITS_SQL = ("SELECT p.code FROM user_portfolio up JOIN tracker_user u ON u.id = up.user_id"
              " JOIN portfolio p ON p.id = up.portfolio_id WHERE u.name = :name ORDER BY p.sort_key, p.code")
"""The codes a user named :name is limited to (no rows: not limited)."""


def covered(portfolios: list[PortfolioInfo], limits: Sequence[str]) -> set[str]:
    """The codes a user limited to `limits` has rights in: those portfolios and all under them."""
    inside = set(limits)
    for p in portfolios:  # parents come before children
        if p.parent in inside:
            inside.add(p.code)
    return inside


def listed(limits: Sequence[str]) -> str:
    """ "portfolio opc" or "portfolios opc, plan", for a refusal."""
    return ("portfolio " if len(limits) == 1 else "portfolios ") + ", ".join(limits)


def refuse_outside(actor: str, limits: Sequence[str], inside: set[str], what: str,
                   codes: Sequence[str | None]) -> None:
    """Forbidden, naming the rule, unless every code in `codes` (a record's portfolio; a moved
    record's old and new one) is inside the user's portfolios. A record in no portfolio is outside."""
    for n, code in enumerate(codes):
        if code is None or code not in inside:
            where = "is in no portfolio" if code is None else (
                f"would move into {code}" if n > 0 else f"is in {code}")
            raise Forbidden(f"{actor} may change records of {listed(limits)} only; {what} {where}",
                            where=f"{what}, portfolio")


def readable(rows: Sequence[Sequence], actor: str, limits: Sequence[str], code: str | None) -> Scope:
    """The scope `actor` reads when they ask for portfolio `code` (None: all portfolios): as
    asked for a user with no limits; for a limited user, "all" means theirs, and a portfolio
    outside theirs is refused (NotFound for a code that names nothing)."""
    scope = make_scope(rows, code)
    if not limits:
        return scope
    portfolios = tree(rows)
    inside = covered(portfolios, limits)
    if code is not None:
        if code not in inside:
            under = "it" if len(limits) == 1 else "them"
            raise Forbidden(f"{actor} may read records of {listed(limits)} only (and of those under {under}); "
                            f"{code} is outside", where="portfolio")
        return scope
    if len(limits) == 1:
        return make_scope(rows, limits[0])
    ids = tuple(p.id for p in portfolios if p.code in inside)
    above = tuple(p.id for p in portfolios if p.code not in inside and _above(portfolios, p.code, inside))
    return Scope(None, f"{actor}'s portfolios ({', '.join(limits)})", ids, above, None, scope.codes)


def _above(portfolios: list[PortfolioInfo], code: str, inside: set[str]) -> bool:
    """Whether `code` is an ancestor of a portfolio in `inside` (its sections can hold theirs)."""
    parents = {p.code: p.parent for p in portfolios}
    for start in inside:
        step = parents.get(start)
        while step is not None:
            if step == code:
                return True
            step = parents.get(step)
    return False


def opening(rows: Sequence[Sequence], limits: Sequence[str], chosen: str | None) -> str | None:
    """The portfolio a limited user's TUI opens on: `chosen` (the usual pick) if it is theirs,
    else their first portfolio; a user with no limits opens on `chosen`."""
    if not limits:
        return chosen
    if chosen is not None and chosen in covered(tree(rows), limits):
        return chosen
    return limits[0]
