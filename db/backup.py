"""Consistent copies of a SQLite database while others keep writing (SQLite's online backup API)."""

import datetime as dt
import errno
import sqlite3
from pathlib import Path

from .engine import SCHEMA_REVISION, refuse_read_only, sqlite_path, sqlite_read_uri, upgrade_database
from .errors import DatabaseProblem, InvalidInput
from .files import atomic_file


def backup(url: str, destination: Path) -> Path:
    """Copy the database at `url` to `destination`, which must not exist yet.

    The copy is made under a temporary name in the destination's folder and renamed only when
    complete and synced, so a full disk or a kill midway leaves nothing under the real name.
    """
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
    with atomic_file(destination, overwrite=False, mode=0o600) as temp:
        _copy(source, temp)
    return destination


def _copy(source: Path, temp: Path) -> None:
    try:
        src = sqlite3.connect(sqlite_read_uri(source), uri=True)
        dst = sqlite3.connect(temp)
        try:
            src.backup(dst)  # one step: a single consistent snapshot, even with writers active
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        full = "full" in str(exc)
        raise OSError(errno.ENOSPC if full else errno.EIO, str(exc)) from None


def backup_before_upgrade(url: str, revision: str) -> Path | None:
    """A copy beside the database before a migration changes it; None when there is nothing to keep."""
    source = sqlite_path(url)
    if source is None or not source.exists() or source.stat().st_size == 0:
        return None
    target = source.with_name(f"{source.name}.before-{revision}-{dt.datetime.now():%Y%m%d-%H%M%S}.bak")
    return backup(url, target)


def upgrade_keeping_a_copy(url: str) -> Path | None:
    """Migrate the database after copying it beside itself; returns the copy (None if there was
    nothing to copy). A failed migration is rolled back, so its copy, the same as the database,
    is removed: retrying does not leave another one each time."""
    if (path := sqlite_path(url)) is not None and path.exists():
        refuse_read_only(path)  # before copying, so the copy is not attempted in vain
    copy = backup_before_upgrade(url, SCHEMA_REVISION)
    try:
        upgrade_database(url)
    except DatabaseProblem as exc:
        if copy is not None:
            copy.unlink(missing_ok=True)
        raise DatabaseProblem(f"{exc}{'; the copy taken before it was removed' if copy else ''}") from None
    return copy
