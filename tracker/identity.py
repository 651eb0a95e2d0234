"""Who is acting: the one function every entry (CLI commands, the TUI, reports) takes its name from.

The system-wide config's `identity` decides where the name comes from:

- "claimed" (the default): `--user`, else TRACKER_USER, else `user` in the config, else the
  login name. Anyone can claim any name, so roles hold only among the honest.
- "os": the operating-system account the process runs as (its effective uid, looked up in the
  password database; never USER, LOGNAME or TRACKER_USER), mapped through `[identity_map]`.
- "database" (PostgreSQL only): the server's `session_user`, the role it authenticated,
  mapped the same way.

Under "os" and "database", a claim (`--user`, TRACKER_USER, `user` in the user's config) that
names someone else is refused; one that names you is harmless and allowed.
"""

import os
from dataclasses import dataclass

from tracker import config
from tracker.config import SystemSettings
from tracker.db.errors import DatabaseProblem, InvalidInput


@dataclass(frozen=True)
class Claim:
    """A name someone asked to act under, and where it was given (for the refusal message)."""

    name: str
    source: str


def acting_user(system: SystemSettings, claims: list[Claim], url: str) -> str:
    """The name changes are recorded under, by the system file's identity rule; InvalidInput
    (exit 2) when a claim names someone else than the rule does."""
    claims = [claim for claim in claims if claim.name]
    if system.identity == "claimed":
        return claims[0].name if claims else login_name()
    if system.identity == "os":
        account, how = os_account(), "the operating-system account"
    else:
        account, how = session_user(url), "the database's session user"
    name = system.identity_map.get(account, account)
    for claim in claims:
        if claim.name != name:
            raise InvalidInput(
                f"names {claim.name!r}, but identity = \"{system.identity}\" in {config.SYSTEM_CONFIG} takes your name from "
                f"{how} ({account!r}): you are {name!r}, and another name cannot be claimed",
                where=claim.source,
            )
    return name


def os_account() -> str:
    """The name of the account this process runs as, from the password database (not the environment)."""
    import pwd

    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        raise InvalidInput(f"uid {uid} has no entry in the password database, so it has no name to act under",
                           where="identity") from None


def session_user(url: str) -> str:
    """PostgreSQL's session_user on `url`: the role the server authenticated."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from tracker.db.engine import display_name, make_engine

    if not url.startswith("postgresql"):
        raise InvalidInput(
            f"identity = \"database\" in {config.SYSTEM_CONFIG} needs a PostgreSQL database; {display_name(url)} is not one",
            where="identity",
        )
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT session_user")).scalar_one()
    except DBAPIError as exc:
        raise DatabaseProblem(f"cannot open {display_name(url)}: {exc.orig}") from None
    finally:
        engine.dispose()


def login_name() -> str:
    """The login name as the environment tells it (claimed mode's default)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
