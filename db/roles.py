"""Who may write, from the users' roles alone: the rule db/access.py enforces, in the standard
library only, so the TUI's first frame can show the read-only banner before SQLAlchemy loads."""

from .enums import Role

ROLES_SQL = "SELECT name, role FROM tracker_user"


def access_of(known: dict[str, Role], actor: str) -> tuple[Role | None, str | None]:
    """The actor's role (Admin when there are no users), and why they may not write at all, if so."""
    if not known:
        return Role.ADMIN, None
    role = known.get(actor)
    if role is None:
        return None, f"{actor} is not a tracker user, so may read but not write (an admin adds users with `tracker user add`)"
    if role == Role.REVIEWER:
        return role, f"{actor} is a reviewer, and reviewers read only"
    return role, None
