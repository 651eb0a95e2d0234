"""Removing users, limiting them to portfolios, and recovering a database left with no admin
(an older tracker allowed it).

Adding users and changing roles is `store.add_user` (which sets portfolios through `limit_user`);
every change here keeps an admin (`access.ensure_an_admin`) and records its history in the same
transaction: a user's portfolios are the field "portfolios" of entity user, codes joined by commas.
"""

import os

from sqlalchemy import delete, insert, select, text, update
from sqlmodel import Session

from .access import authorize, ensure_an_admin, portfolio_limits, roles
from .engine import sqlite_path
from .enums import Entity, Role
from .errors import Forbidden, InvalidInput, NotFound
from .history import History, writing
from .models import PERSON_MAX, Portfolio, User, UserPortfolio


def remove_user(*, session: Session, name: str, actor: str) -> None:
    """Take a user's role away (admins only); refused if it would leave no admin."""
    with writing(session, actor) as history:
        authorize(session, actor, "manage users", admin_only=True)
        known = roles(session)
        if name not in known:
            raise NotFound(f"no user {name!r}", where="user")
        ensure_an_admin({who: role for who, role in known.items() if who != name}, where=f"user {name}")
        limits = list(portfolio_limits(session, name))
        user_id = session.execute(select(User.id).where(User.name == name)).scalar()
        session.execute(delete(UserPortfolio).where(UserPortfolio.user_id == user_id))
        session.execute(delete(User).where(User.id == user_id))
        history.deleted(Entity.USER, name, {"role": known[name].value, "portfolios": sorted(limits)})


def set_user_portfolios(*, session: Session, name: str, portfolios: list[str], actor: str) -> bool:
    """Limit a user's rights to `portfolios` (and what is under them); [] lifts the limit (all
    portfolios, as for a user never limited). Admins only; returns whether it changed."""
    with writing(session, actor) as history:
        authorize(session, actor, "manage users", admin_only=True)
        known = roles(session)
        if name not in known:
            raise NotFound(f"no user {name!r} (add them first with `tracker user add`)", where=f"user {name}")
        return limit_user(session, history, name, known[name], portfolios)


def refuse_limited_admin(session: Session, name: str, role: Role) -> None:
    """Refuse making a user limited to portfolios an admin: the limit must be lifted first."""
    limits = portfolio_limits(session, name)
    if role == Role.ADMIN and limits:
        raise InvalidInput(f"{name} is limited to portfolios {', '.join(limits)}, and admins manage every portfolio; "
                           f"lift the limit first (`tracker user portfolios {name} --all`)", where=f"user {name}, role")


def limit_user(session: Session, history: History, name: str, role: Role, portfolios: list[str]) -> bool:
    """Set user `name`'s portfolios list, with its history; refused for an admin (admins manage
    every portfolio: a limit they could lift themselves would only pretend) and for an unknown code."""
    where = f"user {name}, portfolios"
    wanted = sorted(set(portfolios))
    if wanted and role == Role.ADMIN:
        raise InvalidInput(f"{name} is an admin, and admins manage every portfolio; limit a lead or a reviewer",
                           where=where)
    ids = dict(session.execute(select(Portfolio.code, Portfolio.id).where(Portfolio.code.in_(wanted))).all())
    unknown = [code for code in wanted if code not in ids]
    if unknown:
        known = ", ".join(session.execute(select(Portfolio.code).order_by(Portfolio.sort_key)).scalars()) or "none yet"
        raise NotFound(f"no portfolio {unknown[0]!r} (portfolios: {known})", where=where)
    before = sorted(portfolio_limits(session, name))
    if before == wanted:
        return False
    user_id = session.execute(select(User.id).where(User.name == name)).scalar()
    session.execute(delete(UserPortfolio).where(UserPortfolio.user_id == user_id))
    if wanted:
        session.execute(insert(UserPortfolio), [{"user_id": user_id, "portfolio_id": ids[c]} for c in wanted])
    history.updated(Entity.USER, name, {"portfolios": before}, {"portfolios": wanted})
    return True


def recover_admin(*, session: Session, name: str, actor: str) -> None:
    """Make `name` an admin of a database that has users but no admin.

    Only whoever owns the database may: on SQLite the operating-system user who owns the file,
    on PostgreSQL the role that owns the database (or a superuser). They could rewrite it
    anyway; this way the change is recorded like any other.
    """
    if not name.strip() or len(name) > PERSON_MAX:
        raise InvalidInput(f"a user name of 1 to {PERSON_MAX} characters is needed", where="user")
    with writing(session, actor) as history:
        known = roles(session)
        admins = sorted(who for who, role in known.items() if role == Role.ADMIN)
        if not known or admins:
            having = f"it has an admin ({', '.join(admins)})" if admins else "it has no users, so every local user is an admin"
            raise InvalidInput(f"there is nothing to recover: {having}; admins change roles with `tracker user add`",
                               where="user recover")
        refusal = _not_the_owner(session)
        if refusal:
            raise Forbidden(refusal)
        if name in known:
            limit_user(session, history, name, known[name], [])  # an admin is never limited
            session.execute(update(User).where(User.name == name).values(role=Role.ADMIN.value))
            history.updated(Entity.USER, name, {"role": known[name].value}, {"role": Role.ADMIN.value})
        else:
            session.execute(insert(User).values(name=name, role=Role.ADMIN.value))
            history.created(Entity.USER, name, {"role": Role.ADMIN.value})


def _not_the_owner(session: Session) -> str | None:
    """Why the person running this does not own the database, or None when they do."""
    url = session.get_bind().url.render_as_string(hide_password=False)
    path = sqlite_path(url)
    if path is not None:
        owner = path.stat().st_uid
        if owner == os.geteuid():
            return None
        return f"only the owner of {path} (uid {owner}) may recover it; you are uid {os.geteuid()}"
    if session.get_bind().dialect.name != "postgresql":
        return "recovery is only possible on SQLite and PostgreSQL databases"
    owns = session.execute(text(
        "SELECT pg_get_userbyid(d.datdba) = current_user OR r.rolsuper, pg_get_userbyid(d.datdba), current_user"
        " FROM pg_database d, pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user"
    )).first()
    if owns is not None and owns[0]:
        return None
    owner, me = (owns[1], owns[2]) if owns else ("?", "?")
    return f"only the database's owner ({owner}) or a superuser may recover it; you are connected as {me}"
