"""Who may write, from the users' roles alone: the rule db/access.py enforces, in the standard
library only, so the TUI's first frame can show the read-only banner before SQLAlchemy loads."""

from .enums import Role

ROLES_SQL = "SELECT name, role FROM tracker_user"


def access_of(known: dict[str, Role], actor: str) -> tuple[Role | None, str | None]:
    """The actor's role (Admin when there are no users), and why they may not write at all, if so."""
    return access_from(len(known), known.get(actor), actor)


def access_from(users: int, role: str | None, actor: str) -> tuple[Role | None, str | None]:
    """`access_of` from how many users there are and the actor's role (None: not a user)."""
    if not users:
        return Role.ADMIN, None
    if role is None:
        return None, f"{actor} is not a tracker user, so may read but not write (an admin adds users with `tracker user add`)"
    role = Role(role)
    if role == Role.REVIEWER:
        return role, f"{actor} is a reviewer, and reviewers read only"
    return role, None
