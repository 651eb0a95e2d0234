"""Where the database is: a SQLite file or a server URL (standard library only)."""

import os
from pathlib import Path

SCHEMA_REVISION = "0012"
"""The Alembic head this code expects; a test keeps it equal to the migrations' head."""


def database_url(db: str | os.PathLike[str]) -> str:
    """A SQLAlchemy URL for `db`, which is a URL already or a path to a SQLite file."""
    db = str(db)
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other engines and in-memory databases."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return Path(path) if path and path != ":memory:" else None


def display_name(url: str) -> str:
    """The database as people name it: the file's path, or a URL without its credentials."""
    path = sqlite_path(url)
    return str(path) if path is not None else url.split("@")[-1]
