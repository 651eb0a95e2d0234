"""Files that cannot be half-written: export, report and backup go to a temporary name in the
same folder, synced, then renamed; a failure leaves the old file as it was and says so.

The full disk is simulated in two ways: by making the write or the sync fail with ENOSPC in
the process, and, where this machine allows a private mount namespace (root in a container
usually does), by writing onto a real tmpfs that is almost full.
"""

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tracker.cli import main

OLD = "# a good export from yesterday\n"


def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_export_on_a_full_disk_keeps_the_old_export_and_says_so(seeded_db, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "all.toml"
    target.write_text(OLD)
    monkeypatch.setattr(os, "fsync", no_space)
    code = main(["export", "--db", seeded_db, "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 1
    assert target.read_text() == OLD
    assert f"{target}: could not be written (No space left on device); the file that was there is unchanged" in err
    assert "Traceback" not in err and leftovers(out) == []


@pytest.mark.parametrize("fmt, module, writer", [
    ("md", "tracker.reports.to_markdown", "write_markdown"),
    ("html", "tracker.reports.to_html", "write_html"),
    ("docx", "tracker.reports.to_docx", "write_docx"),
])
def test_a_report_that_fails_midway_leaves_the_old_report(seeded_db, tmp_path, monkeypatch, capsys, fmt, module,
                                                          writer):
    import importlib

    target = tmp_path / f"board.{fmt}"
    target.write_bytes(b"last month's paper")

    def half_then_full(report, path):
        Path(path).write_bytes(b"<half a paper")
        no_space()

    monkeypatch.setattr(importlib.import_module(module), writer, half_then_full)
    code = main(["report", "-P", "collab", "--db", seeded_db, "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 1 and "No space left on device" in err and "unchanged" in err
    assert target.read_bytes() == b"last month's paper"
    assert leftovers(tmp_path) == []


def test_report_and_export_replace_a_file_whole_and_keep_its_permissions(seeded_db, tmp_path):
    target = tmp_path / "all.toml"
    target.write_text(OLD)
    target.chmod(0o640)
    assert main(["export", "--db", seeded_db, "-o", str(target)]) == 0
    assert target.read_text().startswith("#") and target.read_text() != OLD and "[[workstream]]" in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o640
    report = tmp_path / "board.docx"
    assert main(["report", "-P", "collab", "--db", seeded_db, "-o", str(report)]) == 0
    import zipfile

    assert "word/document.xml" in zipfile.ZipFile(report).namelist()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("command", [["export", "-o"], ["report", "-P", "collab", "-o"], ["backup"]])
def test_a_missing_output_folder_is_exit_2_for_every_command_that_writes(seeded_db, tmp_path, capsys, command):
    if command == ["backup"] and "://" in seeded_db:
        pytest.skip("backup copies SQLite files")
    target = tmp_path / "no-such-folder" / "file.md"
    code = main([*command, str(target), "--db", seeded_db])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"the folder {target.parent} does not exist; nothing was written" in err
    assert not target.parent.exists()


@pytest.mark.parametrize("command", ["export", "report -P collab"])
def test_no_clobber_refuses_an_existing_file(seeded_db, tmp_path, capsys, command):
    target = tmp_path / "kept.md"
    target.write_text(OLD)
    code = main([*command.split(), "--db", seeded_db, "-o", str(target), "--no-clobber"])
    assert code == 2
    assert "exists already and --no-clobber was given; it was left as it was" in capsys.readouterr().err
    assert target.read_text() == OLD
    fresh = tmp_path / "fresh.md"
    assert main([*command.split(), "--db", seeded_db, "-o", str(fresh), "--no-clobber"]) == 0 and fresh.stat().st_size > 0


KILL_MIDWAY = """
import os, signal, sqlite3, sys
import tracker.db.backup as backup

class Killing:
    def __getattr__(self, name):
        return getattr(sqlite3, name)

    def connect(self, *args, **kwargs):
        return Connection(sqlite3.connect(*args, **kwargs))

class Connection:
    def __init__(self, conn):
        self.conn = conn

    def backup(self, target, **kwargs):
        self.conn.backup(target.conn if isinstance(target, Connection) else target, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)  # the pages are copied, the copy is not finished

    def __getattr__(self, name):
        return getattr(self.conn, name)

backup.sqlite3 = Killing()
from tracker.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.sqlite_only
def test_a_backup_killed_midway_leaves_nothing_under_the_real_name(seeded_db, tmp_path):
    target = tmp_path / "copies" / "tracker-copy.db"
    target.parent.mkdir()
    result = subprocess.run([sys.executable, "-c", KILL_MIDWAY, "backup", str(target), "--db", seeded_db],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL
    assert not target.exists()
    assert all(p.name.startswith(".tracker-copy.db.") for p in target.parent.iterdir())  # only the temporary
    assert run_cli("backup", str(target), "--db", seeded_db).returncode == 0
    assert run_cli("verify", "--db", str(target)).returncode == 0


@pytest.mark.sqlite_only
def test_a_backup_on_a_full_disk_says_so_and_leaves_no_file(seeded_db, tmp_path, monkeypatch, capsys):
    target = tmp_path / "copy.db"
    monkeypatch.setattr(os, "fsync", no_space)
    code = main(["backup", str(target), "--db", seeded_db])
    err = capsys.readouterr().err
    assert code == 1 and f"{target}: could not be written (No space left on device); nothing was written" in err
    assert not target.exists() and leftovers(tmp_path) == []


@pytest.mark.sqlite_only
def test_a_backup_is_private_and_complete(seeded_db, tmp_path):
    target = tmp_path / "copy.db"
    assert main(["backup", str(target), "--db", seeded_db]) == 0
    assert target.stat().st_mode & 0o777 == 0o600
    assert run_cli("verify", "--db", str(target)).returncode == 0


# -- a real, nearly full disk ------------------------------------------------------------------

def _can_mount() -> bool:
    if not shutil.which("unshare") or sys.platform != "linux":
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(not _can_mount(), reason="needs a private mount namespace (unshare -m, mount)")


def on_small_disk(tmp_path: Path, script: str) -> subprocess.CompletedProcess:
    """Run `script` (sh) with $DISK a tmpfs of 160 KiB mounted in a private namespace."""
    disk = tmp_path / "disk"
    disk.mkdir()
    wrapper = f'mount -t tmpfs -o size=160k tmpfs "$DISK" && {script}'
    env = {**os.environ, "DISK": str(disk), "PY": sys.executable}
    return subprocess.run(["unshare", "-m", "sh", "-c", wrapper], capture_output=True, text=True, env=env,
                          timeout=120, cwd=tmp_path)


@needs_mount
@pytest.mark.sqlite_only
def test_export_onto_a_really_full_disk_keeps_the_old_export(seeded_db, tmp_path):
    script = textwrap.dedent("""
        printf '%s' "$OLD" > "$DISK/all.toml"
        head -c 110000 /dev/zero > "$DISK/filler" 2>/dev/null
        "$PY" -m tracker export -o "$DISK/all.toml" --db "$DB"; echo "rc=$?"
        cat "$DISK/all.toml"; echo; ls -a "$DISK"
    """)
    result = on_small_disk(tmp_path, f'OLD="{OLD.strip()}" DB="{seeded_db}" sh -c \'{script}\'')
    assert "rc=1" in result.stdout, result.stdout + result.stderr
    assert OLD.strip() in result.stdout  # the old export, whole
    assert "No space left on device" in result.stderr and "unchanged" in result.stderr
    assert "Traceback" not in result.stderr and ".tmp" not in result.stdout


@needs_mount
@pytest.mark.sqlite_only
def test_backup_onto_a_really_full_disk_says_so_and_leaves_no_file(seeded_db, tmp_path):
    script = textwrap.dedent("""
        "$PY" -m tracker backup "$DISK/copy.db" --db "$DB"; echo "rc=$?"
        ls -a "$DISK"
    """)
    result = on_small_disk(tmp_path, f'DB="{seeded_db}" sh -c \'{script}\'')
    assert "rc=1" in result.stdout, result.stdout + result.stderr
    assert "copy.db" not in result.stdout.replace(".copy.db.", "")  # no file under the real name
    assert "could not be written" in result.stderr and "Traceback" not in result.stderr
