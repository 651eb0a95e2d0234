"""Settings: a system-wide TOML file and the user's own, validated in one place.

The system file (`SYSTEM_CONFIG`, /etc/tracker/config.toml) is found at that fixed path only:
no option or environment variable moves it, so a user cannot escape what it says. It holds
the defaults for every setting, and two that only it may hold: `identity` and
`[identity_map]` (see tracker/identity.py). The user's file (`TRACKER_CONFIG`, else the
platform's config folder) overrides the rest. tracker never writes either file.

The settings are plain dataclasses; pydantic validates a file's contents against them
(`_validate`), and is imported only when there is a file to read, so that the TUI's first frame
does not wait for it when there is none.
"""

from __future__ import annotations  # the annotations name pydantic's Field, imported by _validate

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from tracker.db.errors import InvalidInput

if TYPE_CHECKING:
    from tracker.db.schemas import RiskScale

APP_NAME = "tracker"

SYSTEM_CONFIG = Path("/etc/tracker/config.toml")
"""The system-wide settings. A constant on purpose: tests patch it in-process, users cannot."""

SYSTEM_ONLY = ("identity", "identity_map")
"""Settings the system file alone may hold: a user's file naming them is refused."""

BINDING_ID = r"^[a-z_]+\.[a-z0-9_]+$"
"""A binding id: the screen or widget, a dot, the action (dashboard.rate)."""
KEYS = r"^[a-z0-9_+]+(,[a-z0-9_+]+)*$"
"""One key or several, comma-separated, as Textual names them (f2, ctrl+t, right_square_bracket)."""


@dataclass
class RiskScaleSettings:
    """The risk matrix. A score is likelihood x impact, so the top score is their product."""

    __pydantic_config__ = {"extra": "forbid"}

    likelihood: Annotated[int, Field(ge=1, le=100)] = 6
    """How many likelihood levels (1 to this)."""
    impact: Annotated[int, Field(ge=1, le=100)] = 10
    """How many impact levels (1 to this). The default 6 x 10 tops out at 60, the top score in use."""

    def scale(self) -> "RiskScale":
        from tracker.db.schemas import RiskScale  # with SQLModel: not before the TUI's first frame

        return RiskScale(self.likelihood, self.impact)


@dataclass
class RiskReviewSettings:
    """Months between a risk's reviews by the band of its current score (db/risk_rules.band)."""

    __pydantic_config__ = {"extra": "forbid"}

    high: Annotated[int, Field(ge=1, le=120)] = 1
    medium: Annotated[int, Field(ge=1, le=120)] = 3
    low: Annotated[int, Field(ge=1, le=120)] = 6

    def months(self) -> dict[str, int]:
        return {"high": self.high, "medium": self.medium, "low": self.low}


@dataclass
class Settings:
    """Everything a user can set in config.toml."""

    __pydantic_config__ = {"extra": "forbid"}

    database: str | None = None
    """Path of the SQLite file, or a SQLAlchemy URL such as postgresql+psycopg://host/db.
    Default: tracker.db in the platform's user data folder. `--db` and TRACKER_DB win over it."""
    user: str | None = None
    """The name your changes are recorded under. Default: your login name.
    `--user` and TRACKER_USER win over it."""
    risk_scale: RiskScaleSettings = field(default_factory=RiskScaleSettings)
    """The likelihood x impact matrix risks are scored on."""
    risk_review: RiskReviewSettings = field(default_factory=RiskReviewSettings)
    """How often a risk is reviewed by its score band: `[risk_review] high = 1, medium = 3, low = 6`
    (months); a risk's next review is its last review plus that, unless a review date is stated."""
    database_group: str | None = None
    """A group that may read and write new database files too (mode 660); by default only
    their owner may (mode 600)."""
    report_dir: str | None = None
    """The folder the TUI's report key (`r`) offers to write into (`~` is your home folder).
    Default: the platform's documents folder, else your home folder."""
    date_format: Literal["iso", "dd/mm/yyyy", "d mmm yyyy"] = "iso"
    """How the TUI shows dates: "iso" (2024-03-31), "dd/mm/yyyy" (31/03/2024) or "d mmm yyyy"
    (31 Mar 2024). Either 31/03/2024 or 2024-03-31 may be typed wherever a date is; JSON, CSV
    and TOML keep ISO."""
    timezone: str | None = None
    """The time zone history's times are shown in (an IANA name such as "Europe/London");
    default: the system's. History stores UTC, and JSON gives UTC."""
    keymap: dict[Annotated[str, Field(pattern=BINDING_ID)], Annotated[str, Field(pattern=KEYS)]] = field(default_factory=dict)
    """The TUI's keys by binding id, e.g. `"dashboard.rate" = "ctrl+t"` or `"list.down" = "down,j,n"`
    (comma-separated). The README lists the ids; an id not listed there changes nothing."""


@dataclass
class SystemSettings(Settings):
    """What the system-wide file may hold: every user setting (as a default) and the identity."""

    identity: Literal["claimed", "os", "database"] = "claimed"
    """Where the acting user's name comes from: "claimed" (--user, TRACKER_USER, the config or
    the login name), "os" (the operating-system account), "database" (PostgreSQL's session user)."""
    identity_map: dict[str, str] = field(default_factory=dict)
    """OS account (or database role) -> tracker user name; unmapped accounts keep their own name."""


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


def load_settings(path: Path | None = None, *, defaults: "SystemSettings | None" = None) -> Settings:
    """The settings in `path` (default `config_path()`) over `defaults` (built-in defaults
    when not given); `defaults` alone when there is no file."""
    path = path or config_path()
    data = _read_toml(path)
    base = {f.name: getattr(defaults, f.name) for f in fields(Settings)} if defaults else {}
    if data is None:
        return Settings(**base)  # the defaults, validated when they were read
    for key in SYSTEM_ONLY:
        if key in data:
            raise InvalidInput(f"may be set only in the system-wide file {SYSTEM_CONFIG}", where=f"config {path}, {key}")
    for name in ("risk_scale", "risk_review"):  # pydantic takes a dataclass instance as it is, unchecked
        if name in base:
            base[name] = vars(base[name])
    return _validate(Settings, {**base, **data}, path)


def load_system_settings(path: Path | None = None) -> SystemSettings:
    """The system-wide settings (default `SYSTEM_CONFIG`); built-in defaults when there is none.

    A file that exists but cannot be read is an error, never silently skipped: skipping it
    would turn its identity rule off."""
    path = path or SYSTEM_CONFIG
    data = _read_toml(path)
    return SystemSettings() if data is None else _validate(SystemSettings, data, path)


def _read_toml(path: Path) -> dict | None:
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise InvalidInput(f"cannot be read: {exc.strerror}", where=f"config {path}") from None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not UTF-8 text (byte {exc.start})", where=f"config {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"not valid TOML: {exc}", where=f"config {path}") from None
    except RecursionError:
        raise InvalidInput("nested too deeply to read", where=f"config {path}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot be read: {exc.strerror}", where=f"config {path}") from None


def _validate(model: type[Settings], data: dict, path: Path):
    global Field  # noqa: PLW0603  (the name the dataclasses' annotations use, resolved by pydantic here)
    from pydantic import Field, TypeAdapter, ValidationError

    try:
        settings = TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        unknown = error["type"] in ("extra_forbidden", "unexpected_keyword_argument")
        message = "unknown setting" if unknown else error["msg"].lower()
        raise InvalidInput(message, where=f"config {path}, {key}") from None
    from tracker.db.times import valid_zone

    if settings.timezone is not None and not valid_zone(settings.timezone):
        raise InvalidInput(f"{settings.timezone!r} is not a time zone this system knows (e.g. Europe/London)",
                           where=f"config {path}, timezone")
    return settings
