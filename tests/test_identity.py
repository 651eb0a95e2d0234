"""Who you are: the system-wide config's `identity` decides, and a user cannot claim another name.

The system file's path is a module constant (tracker.config.SYSTEM_CONFIG) that these tests
patch in-process; nothing a user can set from outside moves it.
"""

import json
import os
import pwd

import pytest
from sqlalchemy import create_engine, func, select
from sqlmodel import Session

from tests.conftest import run_cli
from tracker import config
from tracker.cli import main
from tracker.db.engine import database_url
from tracker.db.models import ChangeEvent

ACCOUNT = pwd.getpwuid(os.geteuid()).pw_name


@pytest.fixture
def system_file(tmp_path, monkeypatch):
    """Write the system-wide config (in a folder of the test's own) and point tracker at it."""
    path = tmp_path / "etc" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setattr(config, "SYSTEM_CONFIG", path)

    def write(text: str):
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def db(seeded, seeded_db) -> str:
    seeded.close()
    return str(seeded_db)


def events(db: str) -> int:
    engine = create_engine(database_url(db))
    with Session(engine) as session:
        count = session.execute(select(func.count()).select_from(ChangeEvent)).scalar_one()
    engine.dispose()
    return count


def last_actor(db: str, capsys) -> str:
    capsys.readouterr()
    assert main(["history", "5.4.3", "--limit", "1", "--format", "json", "--db", db]) == 0
    return json.loads(capsys.readouterr().out)[0]["actor"]


def rag(db: str, *extra: str) -> int:
    return main(["rag", "5.4.3", "red", "--period", "2023", "--note", "behind plan", "--db", db, *extra])


def test_without_a_system_file_the_name_is_claimed_as_before(db, system_file, monkeypatch, capsys):
    assert not config.SYSTEM_CONFIG.exists()
    assert rag(db, "--user", "Anyone At All") == 0
    assert last_actor(db, capsys) == "Anyone At All"


def test_os_identity_takes_the_account_not_the_environment(db, system_file, monkeypatch, capsys):
    system_file('identity = "os"\n')
    monkeypatch.delenv("TRACKER_USER")
    monkeypatch.setenv("USER", "mallory")
    monkeypatch.setenv("LOGNAME", "mallory")
    assert rag(db) == 0
    assert last_actor(db, capsys) == ACCOUNT != "mallory"


def test_os_identity_maps_the_account_to_a_tracker_user(db, system_file, monkeypatch, capsys):
    system_file(f'identity = "os"\n[identity_map]\n"{ACCOUNT}" = "Natalia Ross"\nsomeone-else = "Ann"\n')
    monkeypatch.delenv("TRACKER_USER")
    assert rag(db) == 0
    assert last_actor(db, capsys) == "Natalia Ross"
    monkeypatch.setenv("TRACKER_USER", "Natalia Ross")  # naming yourself is harmless
    assert main(["rag", "5.4.3", "amber", "--period", "2023", "--note", "better", "--db", db]) == 0


@pytest.mark.sqlite_only  # about the config, not the engine
@pytest.mark.parametrize("how", ["--user", "TRACKER_USER", "user in the user's config"])
def test_os_identity_refuses_a_claim_to_another_name(db, system_file, monkeypatch, capsys, tmp_path, how):
    system_file(f'identity = "os"\n[identity_map]\n"{ACCOUNT}" = "Natalia Ross"\n')
    monkeypatch.delenv("TRACKER_USER")
    extra = []
    if how == "--user":
        extra = ["--user", "Chief Constable"]
    elif how == "TRACKER_USER":
        monkeypatch.setenv("TRACKER_USER", "Chief Constable")
    else:
        mine = tmp_path / "mine.toml"
        mine.write_text('user = "Chief Constable"\n')
        monkeypatch.setenv("TRACKER_CONFIG", str(mine))
    before = events(db)
    capsys.readouterr()
    assert rag(db, *extra) == 2
    err = capsys.readouterr().err
    assert "Chief Constable" in err and "Natalia Ross" in err and str(config.SYSTEM_CONFIG) in err
    assert how.split()[0] in err
    assert events(db) == before


@pytest.mark.sqlite_only  # about the config, not the engine
def test_the_users_own_config_cannot_change_the_identity_rule(db, system_file, monkeypatch, capsys, tmp_path):
    system_file('identity = "os"\n')
    mine = tmp_path / "mine.toml"
    mine.write_text('identity = "claimed"\n')
    monkeypatch.setenv("TRACKER_CONFIG", str(mine))
    before = events(db)
    capsys.readouterr()
    assert rag(db, "--user", "Chief Constable") == 2
    err = capsys.readouterr().err
    assert f"config {mine}, identity: may be set only in the system-wide file" in err
    assert events(db) == before


def test_the_system_file_gives_defaults_the_user_file_overrides(system_file, tmp_path, monkeypatch):
    system_file('database_group = "staff"\n[risk_scale]\nlikelihood = 5\nimpact = 5\n')
    mine = tmp_path / "mine.toml"
    mine.write_text("[risk_scale]\nlikelihood = 4\nimpact = 4\n")
    settings = config.load_settings(mine, defaults=config.load_system_settings())
    assert settings.database_group == "staff" and settings.risk_scale.scale().score_max == 16


@pytest.mark.sqlite_only  # about the config, not the engine
@pytest.mark.parametrize("text, message", [
    ('identity = "nobody"\n', "identity"),
    ('identity = "os"\n[identity_map]\nroot = 3\n', "identity_map.root"),
    ("identity = \n", "line 1"),
])
def test_a_broken_system_file_stops_tracker_rather_than_being_skipped(db, system_file, capsys, text, message):
    path = system_file(text)
    before = events(db)
    capsys.readouterr()
    assert rag(db) == 2
    err = capsys.readouterr().err
    assert f"config {path}" in err and message in err
    assert events(db) == before


@pytest.mark.sqlite_only  # about the config, not the engine
def test_a_system_file_that_cannot_be_read_is_an_error(db, monkeypatch, tmp_path, capsys):
    unreadable = tmp_path / "a-folder"
    unreadable.mkdir()  # even root cannot read a folder as a file
    monkeypatch.setattr(config, "SYSTEM_CONFIG", unreadable)
    capsys.readouterr()
    assert rag(db) == 2
    assert f"config {unreadable}: cannot be read" in capsys.readouterr().err


@pytest.mark.sqlite_only
def test_database_identity_needs_postgresql(db, system_file, capsys):
    system_file('identity = "database"\n')
    before = events(db)
    capsys.readouterr()
    assert rag(db) == 2
    assert "needs a PostgreSQL database" in capsys.readouterr().err
    assert events(db) == before


@pytest.mark.postgresql_only
def test_database_identity_takes_the_session_user(db, system_file, monkeypatch, capsys):
    from sqlalchemy.engine import make_url

    role = make_url(db).username
    system_file(f'identity = "database"\n[identity_map]\n"{role}" = "Natalia Ross"\n')
    monkeypatch.delenv("TRACKER_USER")
    monkeypatch.setenv("PGUSER", "mallory")  # the URL's role is what the server authenticates
    assert rag(db) == 0
    assert last_actor(db, capsys) == "Natalia Ross"
    before = events(db)
    assert rag(db, "--user", "Chief Constable") == 2
    assert "the database's session user" in capsys.readouterr().err
    assert events(db) == before


@pytest.mark.sqlite_only  # about the config, not the engine
def test_the_tui_gets_its_actor_from_the_same_rule(db, system_file, monkeypatch):
    import tracker.app

    system_file(f'identity = "os"\n[identity_map]\n"{ACCOUNT}" = "Natalia Ross"\n')
    monkeypatch.delenv("TRACKER_USER")
    seen = {}

    def run_tui(ctx, **options) -> int:
        seen["user"] = ctx.user
        return 0

    monkeypatch.setattr(tracker.app, "run_tui", run_tui)
    assert main(["--db", db]) == 0
    assert seen["user"] == "Natalia Ross"
    assert main(["--db", db, "--user", "Chief Constable"]) == 2


@pytest.mark.sqlite_only  # about the config, not the engine
def test_os_identity_in_a_real_process(db, tmp_path):
    """The CLI as users run it: the system file cannot be moved from outside, so here it is the
    real one, absent, and a claim works as before; TRACKER_CONFIG naming identity is refused."""
    if config.SYSTEM_CONFIG.exists():
        pytest.skip(f"this machine has a real {config.SYSTEM_CONFIG}")
    mine = tmp_path / "mine.toml"
    mine.write_text('identity = "claimed"\n')
    result = run_cli("list", "workstreams", "--db", db, env={"TRACKER_CONFIG": str(mine)})
    assert result.returncode == 2 and "may be set only in the system-wide file" in result.stderr
    assert "Traceback" not in result.stderr
