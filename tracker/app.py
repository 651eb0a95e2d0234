"""The app factory, shared by the CLI, the pilot tests and the snapshot tests."""

import shutil
import tempfile
from pathlib import Path

from sqlalchemy import Engine
from textual.app import App
from textual.binding import Binding

from tracker.config import Settings


class TrackerApp(App[None]):
    """tracker's TUI. Screens read and write through the store only."""

    TITLE = "tracker"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit", tooltip="Leave tracker")]

    def __init__(self, *, engine: Engine, user: str, settings: Settings, read_only: bool = False) -> None:
        super().__init__()
        self.engine = engine
        """The database every screen works on, through the store."""
        self.user = user
        """Whom changes are recorded under."""
        self.settings = settings
        self.read_only = read_only
        """When true, nothing can be written and the screens say so."""

    def on_mount(self) -> None:
        from tracker.screens.dashboard import DashboardScreen

        self.sub_title = f"{self.user}" + (" · read-only" if self.read_only else "")
        self.push_screen(DashboardScreen())

    def on_dashboard_screen_report_requested(self, message) -> None:
        """Write the report the dashboard asked for, and say where it went."""
        from sqlmodel import Session

        from tracker.db.errors import TrackerError
        from tracker.reports import build_report, write_report

        request = message.request
        path = Path(request.path).expanduser()
        try:
            with Session(self.engine) as session:
                report = build_report(session, period=request.period, author=self.user)
            write_report(report, request.fmt, path)
        except (OSError, TrackerError) as exc:
            self.notify(f"Could not write {path}: {getattr(exc, 'strerror', None) or exc}", severity="error",
                        markup=False)
            return
        self.notify(f"Wrote {path.resolve()}", title="Report written", markup=False)


def make_app(*, engine: Engine, user: str, settings: Settings | None = None, read_only: bool = False) -> TrackerApp:
    """The app on `engine`, as the CLI and the tests build it."""
    return TrackerApp(engine=engine, user=user, settings=settings or Settings(), read_only=read_only)


def run_tui(ctx, *, demo: bool, read_only: bool) -> int:
    """Open the TUI; with `demo`, on a throwaway database loaded from the seeds."""
    from tracker.db.engine import database_url, open_database

    folder = None
    try:
        if demo:
            from sqlmodel import Session

            from tracker.interchange import import_snapshot, seed_snapshot

            folder = Path(tempfile.mkdtemp(prefix="tracker-demo-"))
            engine = open_database(database_url(folder / "demo.db"), create=True)
            with Session(engine) as session:
                import_snapshot(
                    session=session, snapshot=seed_snapshot(), source="seeds", actor=ctx.user,
                    scale=ctx.settings.risk_scale.scale(),
                )
        else:
            engine = ctx.engine(create=True)
        make_app(engine=engine, user=ctx.user, settings=ctx.settings, read_only=read_only).run()
        engine.dispose()
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0
