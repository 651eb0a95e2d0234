"""Snapshots of every screen and modal, grouped by feature (one file each), on the seed data in
SQLite with the clock frozen (tests/conftest.py), at an explicit terminal size.

How a screen looks does not depend on the engine, so these run once, on SQLite. Textual is
pinned exactly in pyproject.toml, so they change only when the screens do. After an intended
change, regenerate them all and look at what changed:

    .venv/bin/python -m pytest tests/snapshots --snapshot-update

Each test names its screen's state in words (its id) and reaches it through the keyboard, as a
user would; `run_before` only where a key path would be long (moving to a row by its ref).
"""

import shutil
from collections.abc import Callable

import pytest
from sqlmodel import Session
from tracker.db import clock
from tracker.db.engine import database_url, open_database
from tracker.db.schemas import RiskScale

from tests.conftest import FROZEN_NOW, settle
from tracker.app import make_app
from tracker.interchange import import_snapshot, seed_snapshot

SMALL, LARGE = (80, 24), (120, 40)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
"""For the main screens: the smallest terminal tracker supports, and a roomy one."""


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory):
    """The seed data loaded once, at the frozen time, into a SQLite file each test copies."""
    path = tmp_path_factory.mktemp("snapshot-seed") / "seeded.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "_frozen", FROZEN_NOW)
        engine = open_database(database_url(path), create=True)
        with Session(engine) as session:
            import_snapshot(session=session, snapshot=seed_snapshot(), source="seeds", actor="seed",
                            scale=RiskScale())
        engine.dispose()  # the last connection checkpoints the WAL into the file
    return path


@pytest.fixture
def snap_app(seeded_file, tmp_path) -> Callable:
    """Builds the app on a copy of the seeded file: `snap_app(user=..., read_only=..., prepare=f)`,
    where `prepare(session)` adds what the state needs before the app opens."""
    engines = []

    def build(*, user: str = "tester", read_only: bool = False, prepare: Callable[[Session], None] | None = None,
              portfolio: str | None = "opening"):
        copy = tmp_path / "snap.db"
        shutil.copyfile(seeded_file, copy)
        engine = open_database(database_url(copy))
        engines.append(engine)
        if prepare is not None:
            with Session(engine, expire_on_commit=False) as session:
                prepare(session)
        app = make_app(engine=engine, user=user, read_only=read_only)
        if portfolio != "opening":  # the command's records are in opc; the app opens on collab
            app.portfolio = portfolio
        return app

    yield build
    for engine in engines:
        engine.dispose()


def to_row(ref: str, selector: str = "RecordTable", attribute: str = "ref"):
    """A `run_before` that moves the table's cursor to the record whose `attribute` is `ref`."""

    async def move(pilot) -> None:
        await pilot.pause()
        table = pilot.app.screen.query_one(selector)
        assert table.move_to(lambda record: str(getattr(record, attribute, None)) == ref), ref
        await pilot.pause()

    return move


@pytest.fixture
def snap_compare(snap_compare):
    """pytest-textual-snapshot's `snap_compare`, but each key is pressed only once the workers the
    last one started are done, and the picture is taken once they all are: screens read in
    thread workers, so without this a snapshot could catch a screen half-loaded."""

    def compare(app, *, press=(), run_before=None, terminal_size=SMALL) -> bool:
        async def before(pilot) -> None:
            await settle(pilot)
            if run_before is not None:
                await run_before(pilot)
                await settle(pilot)
            for key in press:
                await pilot.press(key)
                await settle(pilot)

        return snap_compare(app, run_before=before, terminal_size=terminal_size)

    return compare
