"""Consistent copies of a SQLite database while others keep writing (SQLite's online backup API)."""

import datetime as dt
import os
import sqlite3
from pathlib import Path

from .engine import sqlite_path
from .errors import DatabaseProblem, InvalidInput


def backup(url: str, destination: Path) -> Path:
    """Copy the database at `url` to `destination`, which must not exist yet."""
    source = sqlite_path(url)
    if source is None:
        raise InvalidInput("tracker backup copies SQLite files; for PostgreSQL use pg_dump (see the README)",
                           where="backup")
    if not source.exists():
        raise DatabaseProblem(f"no database at {source}")
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / f"{source.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}.db"
    if destination.exists():
        raise InvalidInput("exists already; backups never overwrite a file", where=str(destination))
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)  # one step: a single consistent snapshot, even with writers active
    finally:
        dst.close()
        src.close()
    return destination


def backup_before_upgrade(url: str, revision: str) -> Path | None:
    """A copy beside the database before a migration changes it; None when there is nothing to keep."""
    source = sqlite_path(url)
    if source is None or not source.exists() or source.stat().st_size == 0:
        return None
    target = source.with_name(f"{source.name}.before-{revision}-{dt.datetime.now():%Y%m%d-%H%M%S}.bak")
    return backup(url, target)
