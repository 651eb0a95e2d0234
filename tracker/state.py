"""What the TUI remembers between runs, per user and per database: the portfolio last chosen.

A small JSON file in the platform's user state folder (XDG_STATE_HOME on Linux), written
atomically; never the database, so a reviewer's choice changes nothing stored. Anything wrong
with the file (missing, damaged, unwritable) is the same as nothing remembered.
"""

import json
import os
import re
from pathlib import Path

from tracker.config import APP_NAME

STATE_FILE = "portfolios.json"


def state_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path(APP_NAME) / STATE_FILE


def database_key(url: str) -> str:
    """The database a choice is remembered for: a SQLite file by its absolute path, any other
    database by its URL without the password."""
    from tracker.db.location import sqlite_path

    path = sqlite_path(url)
    if path is not None:
        return f"sqlite:{os.path.abspath(path.expanduser())}"
    return re.sub(r"(//[^:/@]*):[^@]*@", r"\1@", url)


def _read() -> dict:
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_portfolio(url: str, user: str) -> str | None:
    """The portfolio `user` last chose on `url`: a code, "" for all portfolios, None if none."""
    chosen = _read().get(database_key(url), {})
    code = chosen.get(user) if isinstance(chosen, dict) else None
    return code if isinstance(code, str) else None


def remember_portfolio(url: str, user: str, code: str | None) -> bool:
    """Note `user`'s choice on `url` (None: all portfolios); False if it could not be written."""
    from tracker.db.errors import TrackerError
    from tracker.db.files import write_atomic

    data = _read()
    chosen = data.get(database_key(url))
    chosen = chosen if isinstance(chosen, dict) else {}
    chosen[user] = code or ""
    data[database_key(url)] = chosen
    path = state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, indent=1, sort_keys=True) + "\n")
    except (OSError, TrackerError):
        return False
    return True
