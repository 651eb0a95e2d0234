"""Roles, enforced in the store so the TUI, the CLI and import obey the same rules.

- With no users defined, the single local user is an admin and may add the first users.
- Once users exist, a name that is not one of them may read but not write.
- A reviewer reads only; a lead changes what they own (workstreams they lead, actions and risks
  they own) and nothing else; an admin may do everything.
"""

from sqlalchemy import select
from sqlmodel import Session

from .enums import Role
from .errors import Forbidden
from .models import User


def roles(session: Session) -> dict[str, Role]:
    return {name: Role(role) for name, role in session.execute(select(User.name, User.role))}


def write_access(session: Session, actor: str) -> tuple[Role | None, str | None]:
    """The actor's role (Admin when there are no users), and why they may not write at all, if so."""
    known = roles(session)
    if not known:
        return Role.ADMIN, None
    role = known.get(actor)
    if role is None:
        return None, f"{actor} is not a tracker user, so may read but not write (an admin adds users with `tracker user add`)"
    if role == Role.REVIEWER:
        return role, f"{actor} is a reviewer, and reviewers read only"
    return role, None


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
