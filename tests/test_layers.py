"""The data layer stands alone: importing it loads no Textual (harlequin's import hygiene test)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path


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
    assert "tracker.app" in modules
    assert "plotext" not in modules and "tracker.screens.measures" not in modules


# -- the layering contracts (import-linter, [tool.importlinter] in pyproject.toml) -------------

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = {"tracker": ROOT / "tracker", "tracker/db": ROOT / "db", "tracker/screens": ROOT / "screens"}
"""Where each package's source sits: installed as tracker.db and tracker.screens, kept at the top."""


def lint_imports(tmp_path: Path, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`lint-imports` on a copy of the source laid out as installed (grimp reads the folders of
    the `tracker` package, which does not hold db/ and screens/), with `extra` files added."""
    tree = tmp_path / "src"
    for target, source in LAYOUT.items():
        shutil.copytree(source, tree / target, ignore=shutil.ignore_patterns("__pycache__"))
    for name, text in (extra or {}).items():
        (tree / name).write_text(text, encoding="utf-8")
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(command), str(ROOT / "pyproject.toml"), "--no-cache"], capture_output=True, text=True,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tree)}, timeout=300)


def test_the_layer_contracts_hold(tmp_path):
    result = lint_imports(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_the_layer_contracts_catch_a_screen_query_and_a_circle(tmp_path):
    """The contracts can fail: a screen that queries with SQLAlchemy, a db module that imports a
    screen, and two db modules importing each other are each named."""
    result = lint_imports(tmp_path, {
        "tracker/screens/sneaky.py": "from sqlalchemy import select\nfrom tracker.db.models import Workstream\n",
        "tracker/db/upward.py": "import tracker.screens.base\n",
        "tracker/db/first.py": "from tracker.db import second\n",
        "tracker/db/second.py": "from tracker.db import first\n",
    })
    assert result.returncode == 1
    assert "tracker.screens.sneaky -> sqlalchemy" in result.stdout
    assert "tracker.screens.sneaky -> tracker.db.models" in result.stdout
    assert "tracker.db.upward -> tracker.screens.base" in result.stdout
    assert "No cycles are allowed in tracker.db" in result.stdout
    assert "Contracts: 0 kept, 3 broken." in result.stdout


def test_no_db_module_loads_textual_or_rich():
    names = sorted(f"tracker.db.{path.stem}" for path in (ROOT / "db").glob("*.py") if path.stem != "__init__")
    modules = loaded_after("import " + ", ".join(names))
    assert set(names) <= modules
    assert not [name for name in modules if name.split(".")[0] in {"textual", "rich"}]
