"""What opening the TUI needs besides the app: the first page from a server, and the demo's
throwaway database (tracker/app.py's run_tui calls these)."""

import shutil
import tempfile
from pathlib import Path

from sqlmodel import Session


def server_first_page(engine, ctx, read_only: bool, remembered: str | None, limit: int):
    """On PostgreSQL, the first page in three round trips (db/firstpage_server.py); else None."""
    if engine.dialect.name != "postgresql":
        return None
    from tracker.db.firstpage_server import read_server_first_page

    return read_server_first_page(engine, user=ctx.user, read_only=read_only, limit=limit,
                                  portfolio=remembered or None, choose=remembered != "")


def run_demo(ctx, read_only: bool, make_app) -> int:
    """The TUI (built by `make_app`) on a throwaway database loaded from the seeds."""
    from tracker.db.engine import database_url, open_database
    from tracker.interchange import import_snapshot, seed_snapshot

    folder = Path(tempfile.mkdtemp(prefix="tracker-demo-"))
    try:
        engine = open_database(database_url(folder / "demo.db"), create=True)
        with Session(engine) as session:
            import_snapshot(
                session=session, snapshot=seed_snapshot(), source="seeds", actor=ctx.user,
                scale=ctx.settings.risk_scale.scale(),
            )
        make_app(engine=engine, user=ctx.user, settings=ctx.settings, read_only=read_only).run()
        engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0
