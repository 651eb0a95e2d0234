"""The data layer stands alone: importing it loads no Textual (harlequin's import hygiene test)."""

import subprocess
import sys


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_db_imports_no_textual():
    modules = loaded_after("import tracker.db.store, tracker.db.views, tracker.db.bulk, tracker.db.engine")
    assert "tracker.db.store" in modules
    assert not any(name == "textual" or name.startswith("textual.") for name in modules)


def test_cli_version_imports_nothing_heavy():
    modules = loaded_after("import tracker.cli")
    assert not {"textual", "sqlalchemy", "sqlmodel", "rich", "alembic"} & modules


def test_the_app_loads_the_chart_library_only_for_the_measures_screen():
    """Importing plotext at start-up cost 70 ms and made keystrokes on the dashboard slower
    (p95 10 -> 49 ms in bench/tui.py), so the Measures screen is imported when first shown."""
    statement = ("from tracker.db.engine import database_url, open_database; from tracker.app import make_app; "
                 "import tempfile, os; "
                 "make_app(engine=open_database(database_url(os.path.join(tempfile.mkdtemp(), 'x.db')), create=True), "
                 "user='t')")
    modules = loaded_after(statement)
    assert "tracker.screens.plan" in modules
    assert "plotext" not in modules and "tracker.screens.measures" not in modules
