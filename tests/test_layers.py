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
