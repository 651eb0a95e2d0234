"""Roles, enforced in the store so the TUI, the CLI and import obey the same rules.

- With no users defined, the single local user is an admin and may add the first users.
- Once users exist, a name that is not one of them may read but not write.
- A reviewer reads only; a lead changes what they own (workstreams they lead, actions and risks
  they own) and nothing else; an admin may do everything.
"""

from sqlalchemy import select, text
from sqlmodel import Session

from .enums import Role
from .errors import Forbidden, InvalidInput
from .roles import ROLES_SQL, access_of


def roles(session: Session) -> dict[str, Role]:
    return {name: Role(role) for name, role in session.execute(text(ROLES_SQL))}


def write_access(session: Session, actor: str) -> tuple[Role | None, str | None]:
    """The actor's role (Admin when there are no users), and why they may not write at all, if so."""
    return access_of(roles(session), actor)


def authorize(session: Session, actor: str, what: str, *, owner: str | None = None, admin_only: bool = False) -> None:
    """Refuse with Forbidden, naming the rule, unless `actor` may change `what`."""
    role, refusal = write_access(session, actor)
    if refusal:
        raise Forbidden(refusal)
    if role == Role.ADMIN:
        return
    if admin_only:
        raise Forbidden(f"only an admin may {what}; {actor} is a lead")
    if owner != actor:
        raise Forbidden(f"{actor} is a lead and may change only what they own; {what} is "
                        + (f"{owner}'s" if owner else "owned by nobody"))


def authorize_attach(session: Session, actor: str, what: str, target: str, owner: str | None) -> None:
    """Attaching `what` (a risk, action or measure) to `target` (a workstream or risk) changes
    the target owner's world (a risk tied to a workstream shows in its board report), so it needs
    their rights: a lead may attach only to what they own; an admin may attach anything."""
    role, refusal = write_access(session, actor)
    if refusal:
        raise Forbidden(refusal)
    if role == Role.ADMIN or owner == actor:
        return
    raise Forbidden(f"{actor} is a lead and may attach {what} only to what they own; {target} is "
                    + (f"{owner}'s" if owner else "owned by nobody"))


_TARGETS = {"workstream": "lead", "risk": "owner"}
"""The links a record can have, and the field naming the owner of the record linked to."""


def authorize_links(session: Session, actor: str, what: str, links: dict[str, str | None],
                    before: dict[str, str | None] | None = None) -> None:
    """Every link (field: ref) that `links` sets or changes from `before` is an attachment."""
    from .models import Risk, Workstream

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
        found = session.execute(select(getattr(model, _TARGETS[field])).where(model.ref == ref)).first()
        if found is not None:  # a ref that names nothing is the caller's NotFound
            authorize_attach(session, actor, what, f"{field} {ref}", found[0])


def ensure_an_admin(after: dict[str, Role], where: str) -> None:
    """Refuse any change to users that leaves them without an admin: nobody could then manage
    users, periods or imports again (README: "Recovering a locked-out database")."""
    if after and Role.ADMIN not in after.values():
        raise InvalidInput("this would leave no admin, and then nobody could manage users, periods or imports; "
                           "make someone else an admin first", where=where)
