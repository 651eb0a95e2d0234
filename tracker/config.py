"""Settings: one TOML file in the platform's config folder, validated in one place.

`TRACKER_CONFIG` points at another file (the tests use it). tracker never writes this file.
"""

import os
import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tracker.db.errors import InvalidInput
from tracker.db.schemas import RiskScale

APP_NAME = "tracker"

BINDING_ID = r"^[a-z_]+\.[a-z0-9_]+$"
"""A binding id: the screen or widget, a dot, the action (dashboard.rate)."""
KEYS = r"^[a-z0-9_+]+(,[a-z0-9_+]+)*$"
"""One key or several, comma-separated, as Textual names them (f2, ctrl+t, right_square_bracket)."""


class RiskScaleSettings(BaseModel):
    """The risk matrix. A score is likelihood x impact, so the top score is their product."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    likelihood: int = Field(default=6, ge=1, le=100)
    """How many likelihood levels (1 to this)."""
    impact: int = Field(default=10, ge=1, le=100)
    """How many impact levels (1 to this). The default 6 x 10 tops out at 60, the top score in use."""

    def scale(self) -> RiskScale:
        return RiskScale(self.likelihood, self.impact)


class Settings(BaseModel):
    """Everything a user can set in config.toml."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    database: str | None = None
    """Path of the SQLite file, or a SQLAlchemy URL such as postgresql+psycopg://host/db.
    Default: tracker.db in the platform's user data folder. `--db` and TRACKER_DB win over it."""
    user: str | None = None
    """The name your changes are recorded under. Default: your login name.
    `--user` and TRACKER_USER win over it."""
    risk_scale: RiskScaleSettings = RiskScaleSettings()
    """The likelihood x impact matrix risks are scored on."""
    database_group: str | None = None
    """A group that may read and write new database files too (mode 660); by default only
    their owner may (mode 600)."""
    keymap: dict[Annotated[str, Field(pattern=BINDING_ID)], Annotated[str, Field(pattern=KEYS)]] = {}
    """The TUI's keys by binding id, e.g. `"dashboard.rate" = "ctrl+t"` or `"list.down" = "down,j,n"`
    (comma-separated). The README lists the ids; an id not listed there changes nothing."""


def config_path() -> Path:
    """Where the settings are read from: TRACKER_CONFIG, else the platform's config folder."""
    if override := os.environ.get("TRACKER_CONFIG"):
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "config.toml"


def default_database() -> Path:
    """tracker.db in the platform's user data folder (created when first written)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME) / "tracker.db"


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default `config_path()`); defaults when there is no file."""
    path = path or config_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not UTF-8 text (byte {exc.start})", where=f"config {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"not valid TOML: {exc}", where=f"config {path}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot be read: {exc.strerror}", where=f"config {path}") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        message = "unknown setting" if error["type"] == "extra_forbidden" else error["msg"].lower()
        raise InvalidInput(message, where=f"config {path}, {key}") from None
