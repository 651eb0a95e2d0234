"""Reviewers over SSH (docs/ssh.md): `--read-only` writes nothing whatever the role, and a key
whose forced command is `tracker --read-only` runs what the reviewer typed read-only.

The last tests start a real sshd (Debian's openssh-server) on loopback with its own host key
and config in a temporary folder. Without sshd they skip and say why, except under CI.
"""

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlmodel import Session

from tracker.cli import Context, main
from tracker.config import Settings
from tracker.db import store
from tracker.db.engine import database_url, open_database
from tracker.db.errors import DatabaseProblem
from tracker.db.models import ChangeEvent
from tracker.db.schemas import WorkstreamUpdate


@pytest.fixture
def db(seeded, seeded_db) -> str:
    store.add_user(session=seeded, name="Rita Reviewer", role="reviewer", actor="tester")
    seeded.close()
    return str(seeded_db)


def state(db: str) -> tuple[int, int]:
    """How many change events there are, and the newest one's id: every write adds one."""
    engine = create_engine(database_url(db))
    with Session(engine) as session:
        count, newest = session.execute(select(func.count(), func.max(ChangeEvent.id))).one()
    engine.dispose()
    return count, newest


WRITES = [
    ["rag", "5.4.3", "red", "--period", "2023", "--note", "behind plan"],
    ["period", "add", "2030", "--start", "2030-01-01", "--end", "2030-12-31"],
    ["period", "close", "2023"],
    ["user", "add", "Mallory", "--role", "admin"],
    ["seed"],
    ["init"],
    ["upgrade"],
    ["import", "{tmp}/in.toml"],
    ["backup", "{tmp}/copy.db"],
    ["report", "--period", "2023", "-o", "{tmp}/board.md"],
    ["export", "-o", "{tmp}/all.toml"],
]


@pytest.mark.parametrize("words", WRITES, ids=lambda words: " ".join(words[:2]))
def test_read_only_refuses_every_write_whatever_the_role(db, tmp_path, capsys, words):
    words = [word.replace("{tmp}", str(tmp_path)) for word in words]
    (tmp_path / "in.toml").write_text("")
    before = state(db)
    capsys.readouterr()
    assert main(["--read-only", *words, "--db", db]) == 2  # "tester" is an admin: the role does not matter
    assert "read-only" in capsys.readouterr().err
    assert state(db) == before
    assert not any((tmp_path / name).exists() for name in ("copy.db", "board.md", "all.toml"))


def test_read_only_reads(db, capsys):
    assert main(["list", "workstreams", "--period", "2023", "--format", "json", "--db", db, "--read-only"]) == 0
    assert "5.4.3" in {row["ref"] for row in json.loads(capsys.readouterr().out)}
    assert main(["export", "--read-only", "--db", db]) == 0
    assert "5.4.3" in capsys.readouterr().out


def test_a_read_only_engine_refuses_writes_in_the_database_itself(db):
    engine = open_database(database_url(db), read_only=True)
    before = state(db)
    with Session(engine) as session, pytest.raises(Exception, match="(?i)read.?only"):
        store.update_workstream(session=session, ref="5.4.3", changes=WorkstreamUpdate(lead="Mallory"), actor="tester")
    engine.dispose()
    assert state(db) == before


@pytest.mark.sqlite_only
def test_read_only_never_creates_a_database(tmp_path, capsys):
    missing = tmp_path / "missing.db"
    assert main(["--read-only", "--db", str(missing), "list", "workstreams"]) == 1
    with pytest.raises(DatabaseProblem):
        Context(url=database_url(missing), user="x", settings=Settings(), read_only=True).engine(create=True)
    assert not missing.exists()


def forced(monkeypatch, typed: str, db: str, *extra: str) -> int:
    """What sshd runs for a key with command="tracker --db DB --read-only": the typed command
    arrives in SSH_ORIGINAL_COMMAND."""
    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", typed)
    return main(["--db", db, "--user", "Rita Reviewer", "--read-only", *extra])


def test_the_forced_command_runs_what_was_typed_read_only_as_the_forced_user(db, monkeypatch, capsys):
    assert forced(monkeypatch, "tracker list workstreams --period 2023 --format json", db) == 0
    assert "5.4.3" in {row["ref"] for row in json.loads(capsys.readouterr().out)}
    before = state(db)
    assert forced(monkeypatch, "tracker rag 5.4.3 red --period 2023 --note 'behind plan'", db) == 2
    assert "read-only" in capsys.readouterr().err
    assert state(db) == before


@pytest.mark.parametrize("typed, message", [
    ("tracker --db /elsewhere.db list workstreams", "--db is not yours to choose"),
    ("tracker list workstreams --user 'Natalia Ross'", "--user is not yours to choose"),
    ("tracker --demo", "--demo is not yours to choose"),
    ("tracker list 'workstreams", "cannot be split into words"),
])
def test_the_forced_command_keeps_its_own_database_and_name(db, monkeypatch, capsys, typed, message):
    assert forced(monkeypatch, typed, db) == 2
    assert message in capsys.readouterr().err


def test_the_typed_command_is_never_given_to_a_shell(db, monkeypatch, tmp_path):
    marker = tmp_path / "pwned"
    for typed in (f"touch {marker}", f"tracker list workstreams; touch {marker}", f"tracker $(touch {marker})"):
        with pytest.raises(SystemExit) as exit:
            forced(monkeypatch, typed, db)
        assert exit.value.code == 2
    assert not marker.exists()


def test_without_read_only_ssh_original_command_is_ignored(db, monkeypatch, capsys):
    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", "tracker rag 5.4.3 red --note x")
    assert main(["list", "workstreams", "--db", db]) == 0
    assert "Workstreams" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# A real sshd on loopback


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI never skips the SSH test: {reason} (scripts/test-sshd installs openssh-server)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def keygen(path: Path, comment: str) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], check=True)
    return path.with_suffix(".pub").read_text().strip()


def tracker_command() -> str:
    script = Path(sys.executable).parent / "tracker"
    return str(script) if script.exists() else f"{sys.executable} -m tracker"


@pytest.fixture
def sshd(tmp_path, db):
    """sshd on a free loopback port, whose only key is a reviewer's with a read-only forced command."""
    daemon = shutil.which("sshd") or "/usr/sbin/sshd"
    if not Path(daemon).exists() or not shutil.which("ssh"):
        unavailable("no sshd or ssh here: apt-get install openssh-server openssh-client")
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation folder
    folder = tmp_path / "ssh"
    folder.mkdir()
    host_key = keygen(folder / "host_key", "test-host")
    reviewer = keygen(folder / "reviewer", "reviewer")
    empty_config = folder / "no-config.toml"
    command = (f"TRACKER_CONFIG={empty_config} {tracker_command()} --db {db} --user 'Rita Reviewer' --read-only")
    (folder / "authorized_keys").write_text(f'restrict,pty,command="{command}" {reviewer}\n')
    port = free_port()
    account = pwd.getpwuid(os.geteuid()).pw_name
    (folder / "sshd_config").write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {folder / 'host_key'}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}", f"PidFile {folder / 'sshd.pid'}",
        "StrictModes no", "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes", "PermitRootLogin prohibit-password", f"AllowUsers {account}", "",
    ]))
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {' '.join(host_key.split()[:2])}\n")
    log = (folder / "sshd.log").open("w")
    server = subprocess.Popen([daemon, "-D", "-e", "-f", str(folder / "sshd_config")], stderr=log)
    try:
        _wait_for(port, server, folder / "sshd.log")
        yield _client(folder, port, account)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _wait_for(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            unavailable(f"sshd did not start: {log.read_text().strip()[-500:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    unavailable("sshd did not listen within 20 s")


def _client(folder: Path, port: int, account: str):
    def ssh(*typed: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["ssh", "-F", "/dev/null", "-p", str(port), "-i", str(folder / "reviewer"), "-o", "IdentitiesOnly=yes",
             "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", f"UserKnownHostsFile={folder / 'known_hosts'}",
             "-o", "ConnectTimeout=10", f"{account}@127.0.0.1", *typed],
            capture_output=True, text=True, timeout=120,
        )

    return ssh


@pytest.mark.slow
@pytest.mark.sqlite_only  # one engine is enough to test SSH
def test_a_reviewer_over_ssh_reads_but_cannot_write(sshd, db, tmp_path):
    read = sshd("tracker", "list", "workstreams", "--period", "2023", "--format", "json")
    assert read.returncode == 0, read.stderr
    rows = {row["ref"]: row for row in json.loads(read.stdout)}
    assert rows["5.4.3"]["rag"] == "amber"
    before = state(db)
    write = sshd("tracker", "rag", "5.4.3", "red", "--period", "2023", "--note", "'behind plan'")
    assert write.returncode == 2, (write.stdout, write.stderr)
    assert "--read-only writes nothing" in write.stderr
    stolen = tmp_path / "stolen.toml"
    marker = tmp_path / "pwned"
    assert sshd("tracker", "export", "-o", str(stolen)).returncode == 2
    assert sshd("tracker", "--db", str(tmp_path / "other.db"), "user", "list").returncode == 2
    assert sshd(f"touch {marker}").returncode == 2
    assert sshd(f"tracker list workstreams; touch {marker}").returncode == 2
    assert state(db) == before
    assert not stolen.exists() and not marker.exists() and not (tmp_path / "other.db").exists()
    who = sshd("tracker", "user", "list", "--format", "json")
    assert who.returncode == 0 and {"name": "Rita Reviewer", "role": "reviewer", "portfolios": "all"} in json.loads(who.stdout)
