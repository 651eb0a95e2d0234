"""History that can be trusted: append-only in the database, and a hash chain `tracker verify` walks."""

import sqlite3

import pytest
from tracker.db import store
from tracker.db.schemas import WorkstreamUpdate

from tests.inprocess import run_cli


@pytest.fixture
def db(seeded, seeded_db) -> str:
    store.update_workstream(session=seeded, ref="5.1.1", changes=WorkstreamUpdate(lead="New Lead"), actor="ann")
    seeded.close()
    return str(seeded_db)


def raw_engine(db: str):
    """A plain engine on the database, as any client with its credentials or file has."""
    from sqlalchemy import create_engine
    from tracker.db.engine import database_url

    return create_engine(database_url(db))


def test_change_events_cannot_be_updated_or_deleted(db):
    from sqlalchemy.exc import DBAPIError

    engine = raw_engine(db)
    statements = ["UPDATE change_event SET new = 'x' WHERE id = 1", "DELETE FROM change_event WHERE id = 1"]
    if engine.dialect.name == "postgresql":
        statements.append("TRUNCATE change_event")  # skips row triggers, so it has its own guard
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.exec_driver_sql(statement)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT new FROM change_event WHERE id = 1").scalar() != "x"
    engine.dispose()


def test_verify_passes_on_an_untouched_database(db):
    result = run_cli("verify", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "hash chain intact" in result.stdout
    if "://" not in db:
        assert "integrity ok" in result.stdout  # SQLite's own integrity check ran


def tamper(db: str, statement: str) -> None:
    """What someone with write access to the file or the server could do: drop the guards and edit."""
    engine = raw_engine(db)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER change_event_no_update")
            conn.exec_driver_sql("DROP TRIGGER change_event_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE change_event DISABLE TRIGGER USER")
        conn.exec_driver_sql(statement)
    engine.dispose()


def test_verify_names_an_edited_event(db):
    tamper(db, "UPDATE change_event SET new = 'Someone Else' WHERE id = 40")
    result = run_cli("verify", "--db", db)
    assert result.returncode == 1
    assert "change event 40 " in result.stderr and "does not match" in result.stderr


def test_verify_names_the_event_after_a_deleted_one(db):
    tamper(db, "DELETE FROM change_event WHERE id = 40")
    result = run_cli("verify", "--db", db)
    assert result.returncode == 1
    assert "change event 41 " in result.stderr


def test_every_write_path_extends_the_chain(db):
    for args in (["rag", "5.1.1", "amber", "--period", "2023", "--note", "slower"],
                 ["period", "add", "2024", "--start", "2024-01-01", "--end", "2024-12-31"]):
        assert run_cli(*args, "--db", db).returncode == 0
    assert run_cli("verify", "--db", db).returncode == 0


def test_upgrade_chains_the_events_written_before_the_chain_existed(tmp_path):
    from tests.conftest import database_at

    from tracker.db.views import natural_key

    path = database_at(tmp_path / "old.db", "0002", *(
        statement for n in range(3) for statement in (
            f"INSERT INTO section (code, name, sort_key) VALUES ('5.{n}', 'Section {n}', '{natural_key(f'5.{n}')}')",
            "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new) "
            f"VALUES ('b{n}', '2024-01-0{n + 1}T00:00:00Z', 'ann', 'section', '5.{n}', NULL, 'create', "
            f"'name', NULL, 'Section {n}')")
    ))
    assert run_cli("upgrade", "--db", str(path)).returncode == 0
    result = run_cli("verify", "--db", str(path))
    # the three old events, then 0007's: Default's creation (name, status) and each section's move into it
    assert result.returncode == 0 and "8 change events" in result.stdout


WRITER = """
import sys
from sqlmodel import Session
from tracker.db import store
from tracker.db.engine import database_url, open_database
engine = open_database(database_url(sys.argv[1]))
refs, name = sys.argv[2].split(","), sys.argv[3]
for n in range(int(sys.argv[4])):
    with Session(engine) as session:
        store.set_rating(session=session, ref=refs[n % len(refs)], period="2023",
                         rag=("red", "amber")[n % 2], rationale=f"{name} {n}", actor=name)
"""


@pytest.mark.slow
def test_two_processes_writing_at_once_both_succeed(db):
    import subprocess
    import sys

    from sqlalchemy import func, select
    from sqlmodel import Session
    from tracker.db.engine import database_url, open_database
    from tracker.db.models import ChangeEvent

    rounds = 60
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, db, refs, name, str(rounds)], stderr=subprocess.PIPE, text=True)
        for refs, name in (("5.1.1,5.1.2,5.4.3", "ann"), ("5.5.1,5.5.2,5.4.3", "bob"))
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert "locked" not in err
    engine = open_database(database_url(db))
    with Session(engine) as session:
        for actor in ("ann", "bob"):
            saved = session.execute(
                select(func.count()).select_from(ChangeEvent)
                .where(ChangeEvent.actor == actor, ChangeEvent.field == "rationale", ChangeEvent.new.like(f"{actor} %"))
            ).scalar()
            assert saved == rounds  # every accepted change is there, each with its history
    engine.dispose()
    assert run_cli("verify", "--db", db).returncode == 0


def test_new_database_files_are_private(tmp_path):
    import stat

    path = tmp_path / "private.db"
    assert run_cli("init", "--db", str(path)).returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_configured_group_may_share_the_file(tmp_path, monkeypatch):
    import grp
    import os
    import stat

    group = grp.getgrgid(os.getgid()).gr_name
    config = tmp_path / "c.toml"
    config.write_text(f'database_group = "{group}"\n')
    path = tmp_path / "shared.db"
    assert run_cli("init", "--db", str(path), env={"TRACKER_CONFIG": str(config)}).returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o660 and path.stat().st_gid == os.getgid()
    config.write_text('database_group = "no-such-group-here"\n')
    result = run_cli("init", "--db", str(tmp_path / "x.db"), env={"TRACKER_CONFIG": str(config)})
    assert result.returncode == 1 and "no group 'no-such-group-here'" in result.stderr
    assert not (tmp_path / "x.db").exists()


@pytest.mark.sqlite_only
def test_backup_is_a_consistent_copy_and_never_overwrites(db, tmp_path):
    copy = tmp_path / "copy.db"
    result = run_cli("backup", str(copy), "--db", db)
    assert result.returncode == 0, result.stderr
    assert run_cli("verify", "--db", str(copy)).returncode == 0
    assert run_cli("export", "--db", str(copy)).stdout == run_cli("export", "--db", db).stdout
    again = run_cli("backup", str(copy), "--db", db)
    assert again.returncode == 2 and "never overwrite" in again.stderr
    folder = tmp_path / "backups"
    folder.mkdir()
    assert run_cli("backup", str(folder), "--db", db).returncode == 0
    assert len(list(folder.glob("*.db"))) == 1


@pytest.mark.sqlite_only
def test_backup_while_another_process_writes(db, tmp_path):
    import subprocess
    import sys

    writer = subprocess.Popen([sys.executable, "-c", WRITER, db, "5.1.1,5.1.2", "ann", "150"])
    copies = []
    for n in range(3):
        copies.append(tmp_path / f"during-{n}.db")
        assert run_cli("backup", str(copies[-1]), "--db", db).returncode == 0
    writer.wait(timeout=300)
    for copy in copies:
        assert run_cli("verify", "--db", str(copy)).returncode == 0


def test_upgrade_backs_up_first(tmp_path):
    from tests.conftest import database_at

    path = database_at(tmp_path / "old.db", "0001")
    result = run_cli("upgrade", "--db", str(path))
    assert result.returncode == 0 and "backed up" in result.stdout
    [copy] = tmp_path.glob("old.db.before-*.bak")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_a_stale_save_is_refused_showing_their_change(seeded):
    from tracker.db import changes, views
    from tracker.db.errors import Conflict

    version = changes.record_version(seeded, "workstream", "5.1.1")
    store.update_workstream(session=seeded, ref="5.1.1", changes=WorkstreamUpdate(lead="Bob's pick"), actor="bob")
    with pytest.raises(Conflict) as refused:
        store.update_workstream(session=seeded, ref="5.1.1", changes=WorkstreamUpdate(lead="Ann's pick"),
                                actor="ann", expected=version)
    assert "bob at" in str(refused.value) and "Bob's pick" in str(refused.value)
    assert views.dashboard(seeded, ref="5.1.1").rows[0].lead == "Bob's pick"
    fresh = changes.record_version(seeded, "workstream", "5.1.1")
    store.update_workstream(session=seeded, ref="5.1.1", changes=WorkstreamUpdate(lead="Ann's pick"),
                            actor="ann", expected=fresh)  # after re-reading, it goes through


def test_cli_if_version_prints_your_input_back(db):
    import json

    rows = {r["ref"]: r for r in json.loads(run_cli("list", "workstreams", "--format", "json", "--db", db).stdout)}
    version = rows["5.4.3"]["version"]
    assert version > 0
    assert run_cli("rag", "5.4.3", "red", "--note", "bob first", "--db", db, "--user", "bob").returncode == 0
    late = run_cli("rag", "5.4.3", "green", "--note", "ann's view", "--if-version", str(version), "--db", db,
                   "--user", "ann")
    assert late.returncode == 1
    assert "bob at" in late.stderr and "not saved: tracker rag 5.4.3 green --period 2023" in late.stderr
    assert "ann's view" in late.stderr


WRACE = """
import sys
from sqlmodel import Session
from tracker.db import changes, store, views
from tracker.db.engine import database_url, open_database
from tracker.db.errors import Conflict
engine = open_database(database_url(sys.argv[1]))
name, accepted, refused = sys.argv[2], 0, 0
for n in range(int(sys.argv[3])):
    with Session(engine) as session:
        seen = changes.record_version(session, "assessment", "5.4.3", "2023")
    with Session(engine) as session:
        try:
            store.set_rating(session=session, ref="5.4.3", period="2023", rag="red", rationale=f"{name} {n}",
                             actor=name, expected=seen)
            accepted += 1
        except Conflict:
            refused += 1
print(accepted, refused)
"""


@pytest.mark.slow
def test_two_processes_racing_on_one_record(db):
    import subprocess
    import sys

    from sqlalchemy import func, select
    from sqlmodel import Session
    from tracker.db.engine import database_url, open_database
    from tracker.db.models import ChangeEvent

    rounds = 80
    racers = [subprocess.Popen([sys.executable, "-c", WRACE, db, name, str(rounds)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for name in ("ann", "bob")]
    tallies = {}
    for name, racer in zip(("ann", "bob"), racers, strict=True):
        out, err = racer.communicate(timeout=300)
        assert racer.returncode == 0, err
        tallies[name] = tuple(map(int, out.split()))
    engine = open_database(database_url(db))
    with Session(engine) as session:
        for name, (accepted, refused) in tallies.items():
            assert accepted + refused == rounds  # each attempt was saved or reported
            saved = session.execute(select(func.count()).select_from(ChangeEvent).where(
                ChangeEvent.actor == name, ChangeEvent.field == "rationale")).scalar()
            assert saved == accepted  # and every accepted one is in the history
    engine.dispose()
    assert run_cli("verify", "--db", db).returncode == 0


@pytest.fixture
def team(db) -> str:
    """Users: an admin, Natalia (lead of 5.4.3, owner of nothing else) and a reviewer."""
    for name, role in (("Det Supt Natalia Ross", "lead"), ("Rev Iewer", "reviewer")):
        assert run_cli("user", "add", name, "--role", role, "--db", db, "--user", "boss").returncode == 0
    return db


def test_the_first_user_added_makes_the_local_user_an_admin(team):
    import json

    users = json.loads(run_cli("user", "list", "--format", "json", "--db", team).stdout)
    assert {u["name"]: u["role"] for u in users} == {
        "boss": "admin", "Det Supt Natalia Ross": "lead", "Rev Iewer": "reviewer"}


@pytest.mark.parametrize(
    ("user", "args", "rule"),
    [
        ("Rev Iewer", ["rag", "5.4.3", "red", "--note", "x"], "reviewers read only"),
        ("stranger", ["rag", "5.4.3", "red", "--note", "x"], "is not a tracker user"),
        ("Det Supt Natalia Ross", ["rag", "5.1.1", "red", "--note", "x"], "may change only what they own"),
        ("Det Supt Natalia Ross", ["period", "add", "2030", "--start", "2030-01-01", "--end", "2030-12-31"],
         "only an admin may add periods"),
        ("Det Supt Natalia Ross", ["user", "add", "x", "--role", "admin"], "only an admin may manage users"),
        ("Det Supt Natalia Ross", ["seed"], "only an admin may import data"),
    ],
)
def test_refusals_name_the_rule_and_write_nothing(team, user, args, rule):
    before = run_cli("export", "--db", team).stdout
    result = run_cli(*args, "--db", team, "--user", user)
    assert result.returncode == 1 and rule in result.stderr and "Traceback" not in result.stderr
    assert run_cli("export", "--db", team).stdout == before


def test_a_lead_changes_what_they_own_and_anyone_reads(team):
    assert run_cli("rag", "5.4.3", "red", "--note", "RCRP stalled", "--db", team,
                   "--user", "Det Supt Natalia Ross").returncode == 0
    for reader in ("Rev Iewer", "stranger"):
        assert run_cli("list", "workstreams", "--db", team, "--user", reader).returncode == 0


async def test_a_reviewer_gets_a_read_only_tui(team):
    from tracker.db.engine import database_url, open_database

    from tracker.app import make_app

    engine = open_database(database_url(team))
    app = make_app(engine=engine, user="Rev Iewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#read-only-banner")
        assert banner.display and "reviewers read only" in str(banner.render())
        assert "rate" not in {b.binding.action for b in app.screen.active_bindings.values() if b.enabled}
    engine.dispose()
