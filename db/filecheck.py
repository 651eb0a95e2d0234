"""What a SQLite file lets tracker do: read-only files and folders, and damaged files.

A reviewer often gets a copy they may read but not write, or one on a read-only file system.
Such a file is opened read-only (SQLite's `mode=ro`; `immutable=1` where the folder cannot be
written and SQLite could not create the shared-memory file a WAL database needs), and every
write is refused with the reason, in `db.history.writing`.
"""

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

READ_ONLY_OPTION = "tracker_read_only"
"""The execution option a read-only engine carries: why it is read-only."""

DAMAGED = ("database disk image is malformed", "file is not a database", "malformed database schema")


def read_only_reason(path: Path) -> str | None:
    """Why the SQLite file at `path` cannot be written by this process (a sentence naming it),
    or None if it can."""
    if not path.exists():
        return None
    if _on_read_only_file_system(path):
        return f"{path} is on a read-only file system"
    if not os.access(path, os.W_OK):
        return f"{path} may be read but not written by you (its file permissions)"
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK) and not _wal_files_writable(path):
        return f"{path} is in a folder you cannot write to, where SQLite must keep its write-ahead log"
    return None


def opening_reason(path: Path | None, read_only: bool) -> str | None:
    """Why a database opened now is read-only (`read_only`: --read-only was asked for), or None."""
    if read_only:
        return "opened with --read-only"
    return None if path is None else read_only_reason(path)


def sqlite_read_uri(path: Path) -> str:
    """A `file:` URI that opens `path` for reading only, even where its folder cannot be written."""
    uri = f"file:{quote(path.as_posix())}?mode=ro"
    if _needs_immutable(path):
        uri += "&immutable=1"
    return uri



def engine_read_only_reason(engine) -> str | None:
    """Why `engine` (or a session's bind) is read-only, or None when it may write."""
    options = getattr(engine, "get_execution_options", None)
    return options().get(READ_ONLY_OPTION) if options else None


def read_only_message(reason: str) -> str:
    """Why a write was refused on a read-only database, and what still works."""
    return (f"read-only: {reason}, so nothing can be changed and nothing was saved; "
            "list, history, check, report, export, verify and backup still work")


def damaged_message(name: str, error: BaseException) -> str | None:
    """A message for a SQLite error that means the file is damaged, or None for any other error."""
    if not isinstance(error, sqlite3.DatabaseError):
        return None
    text = str(error).splitlines()[0] if str(error) else ""
    if not any(text.startswith(d) for d in DAMAGED):
        return None
    return (f"{name} is damaged ({text}); it was left untouched. Restore it from a backup (`tracker backup` "
            "makes them) or from the copy `tracker upgrade` kept beside it")


def _on_read_only_file_system(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _wal_files_writable(path: Path) -> bool:
    wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    return all(f.exists() and os.access(f, os.W_OK) for f in (wal, shm))


def _needs_immutable(path: Path) -> bool:
    """SQLite cannot open a WAL database read-only without a -shm file it can use or create."""
    folder_writable = os.access(path.parent, os.W_OK | os.X_OK) and not _on_read_only_file_system(path.parent)
    return not folder_writable and not path.with_name(path.name + "-shm").exists()


def describe_error(error: BaseException, name: str) -> str:
    """One line for a database or OS error the CLI did not expect: never SQL, never a traceback."""
    orig = getattr(error, "orig", None) or error
    if message := damaged_message(name, orig):
        return message
    text = str(orig).splitlines()[0] if str(orig) else ""
    return f"{type(orig).__name__}: {text}"
