"""Roles, enforced in the store so the TUI, the CLI and import obey the same rules.

- With no users defined, the single local user is an admin and may add the first users.
- Once users exist, a name that is not one of them may read but not write.
- A reviewer reads only; a lead changes what they own (workstreams they lead, actions and risks
  they own) and nothing else; an admin may do everything.
- A lead or reviewer may be limited to portfolios (db/limits.py): a limited lead changes only
  records of those portfolios and their children, a moved record needs rights in both, and a
  limited user's reads are kept to their portfolios (`readable_scope`). Admins are never limited.
"""

from sqlalchemy import select, text
from sqlmodel import Session

from .enums import Role
from .errors import Forbidden, InvalidInput
from .limits import LIMITS_SQL, covered, opening, readable, refuse_outside
from .roles import ROLES_SQL, access_of
from .readcache import portfolio_rows
from .scopes import Scope, tree


def roles(session: Session) -> dict[str, Role]:
    return {name: Role(role) for name, role in session.execute(text(ROLES_SQL))}


def write_access(session: Session, actor: str) -> tuple[Role | None, str | None]:
    """The actor's role (Admin when there are no users), and why they may not write at all, if so."""
    return access_of(roles(session), actor)


def portfolio_limits(session: Session, actor: str) -> tuple[str, ...]:
    """The portfolios `actor`'s rights are limited to; () when they are not limited."""
    return tuple(session.execute(text(LIMITS_SQL), {"name": actor}).scalars())


def authorize_portfolios(session: Session, actor: str, what: str, portfolio: str | tuple | None,
                         *, limited: bool | None = None) -> None:
    """The one portfolio rule of writes: a user limited to portfolios changes only records in
    them or under them; `portfolio` is the record's code, or (old, new) for a record that moves,
    which needs rights in both. Called by `authorize` for every lead's write. `limited`: whether
    the actor has limits, when the caller read it already (False: no need to look)."""
    if limited is False:
        return
    limits = portfolio_limits(session, actor)
    if not limits:
        return
    codes = portfolio if isinstance(portfolio, tuple) else (portfolio,)
    inside = covered(tree(portfolio_rows(session)), limits)
    refuse_outside(actor, limits, inside, what, codes)


def code_of(session: Session, portfolio_id: int | None) -> str | None:
    """The code of the portfolio with id `portfolio_id` (a record's home), for `authorize`."""
    return session.execute(text("SELECT code FROM portfolio WHERE id = :id"), {"id": portfolio_id}).scalar()


def readable_scope(session: Session, actor: str, code: str | None) -> Scope:
    """The scope `actor` reads for portfolio `code` (None: all): for a user limited to portfolios,
    "all" means theirs and a portfolio outside them is refused (Forbidden, naming the rule).
    Every read path that takes a portfolio from its user goes through here; views accept the
    Scope wherever they take a portfolio code."""
    return readable(portfolio_rows(session), actor, portfolio_limits(session, actor), code)


def opening_portfolio_for(session: Session, actor: str, chosen: str | None) -> str | None:
    """The portfolio the TUI opens on for `actor`: `chosen`, or one of theirs if they are limited."""
    limits = portfolio_limits(session, actor)
    return opening(portfolio_rows(session), limits, chosen) if limits else chosen


def authorize(session: Session, actor: str, what: str, *, owner: str | None = None, admin_only: bool = False,
              portfolio: str | tuple | None = None, portfolio_pending: bool = False,
              known: tuple[tuple[Role | None, str | None], bool] | None = None) -> None:
    """Refuse with Forbidden, naming the rule, unless `actor` may change `what`, a record of
    `portfolio` (its code; (old, new) when it moves; None for a lead limited to portfolios is
    refused, so a write path that forgets to say fails closed). `portfolio_pending`: a new
    record's home is worked out after this check, and the caller checks it then
    (`authorize_portfolios`). `known`: the actor's (role, refusal) as `roles.access_from` gives
    them and whether they are limited to portfolios, when the caller read them already (a RAG save
    reads them with everything else: db/rating_facts.py)."""
    (role, refusal), limited = known or (write_access(session, actor), None)
    if refusal:
        raise Forbidden(refusal)
    if role == Role.ADMIN:
        return
    if admin_only:
        raise Forbidden(f"only an admin may {what}; {actor} is a lead")
    if not portfolio_pending:
        authorize_portfolios(session, actor, what, portfolio, limited=limited)
    if owner != actor:
        raise Forbidden(f"{actor} is a lead and may change only what they own; {what} is "
                        + (f"{owner}'s" if owner else "owned by nobody"))


def authorize_attach(session: Session, actor: str, what: str, target: str, owner: str | None,
                     portfolio: str | None = None) -> None:
    """Attaching `what` (a risk, action or measure) to `target` (a workstream or risk) changes
    the target owner's world (a risk tied to a workstream shows in its board report), so it needs
    their rights: a lead may attach only to what they own, in their portfolios (`portfolio`:
    the target's); an admin may attach anything."""
    role, refusal = write_access(session, actor)
    if refusal:
        raise Forbidden(refusal)
    if role == Role.ADMIN:
        return
    authorize_portfolios(session, actor, target, portfolio)
    if owner == actor:
        return
    raise Forbidden(f"{actor} is a lead and may attach {what} only to what they own; {target} is "
                    + (f"{owner}'s" if owner else "owned by nobody"))


_TARGETS = {"workstream": "lead", "risk": "owner"}
"""The links a record can have, and the field naming the owner of the record linked to."""


def authorize_links(session: Session, actor: str, what: str, links: dict[str, str | None],
                    before: dict[str, str | None] | None = None) -> None:
    """Every link (field: ref) that `links` sets or changes from `before` is an attachment."""
    from .models import Portfolio, Risk, Workstream

    role, refusal = write_access(session, actor)
    if refusal:
        raise Forbidden(refusal)
    if role == Role.ADMIN:
        return
    models = {"workstream": Workstream, "risk": Risk}
    for field, ref in links.items():
        if ref is None or (before is not None and before.get(field) == ref):
            continue
        model = models[field]
        found = session.execute(select(getattr(model, _TARGETS[field]), Portfolio.code)
                                .join(Portfolio, Portfolio.id == model.portfolio_id).where(model.ref == ref)).first()
        if found is not None:  # a ref that names nothing is the caller's NotFound
            authorize_attach(session, actor, what, f"{field} {ref}", found[0], found[1])


def ensure_an_admin(after: dict[str, Role], where: str) -> None:
    """Refuse any change to users that leaves them without an admin: nobody could then manage
    users, periods or imports again (README: "Recovering a locked-out database")."""
    if after and Role.ADMIN not in after.values():
        raise InvalidInput("this would leave no admin, and then nobody could manage users, periods or imports; "
                           "make someone else an admin first", where=where)
