"""The history's head, kept outside the database, lets `tracker verify` see its tail cut off,
a wipe, and a rewrite with recomputed hashes; without it, the chain and the replay still catch
deleted first and middle events and cut-off events whose changes are still in the tables."""

import json
import re

import pytest
from sqlalchemy import create_engine
from tracker.db import store
from tracker.db.engine import database_url
from tracker.db.history import GENESIS, HASHED_FIELDS, chain_hash
from tracker.db.schemas import WorkstreamUpdate

from tests.conftest import run_cli


@pytest.fixture
def db(seeded, seeded_db) -> str:
    for n in range(3):
        store.update_workstream(session=seeded, ref="5.1.1", changes=WorkstreamUpdate(lead=f"Lead {n}"), actor="ann")
    seeded.close()
    return seeded_db


def head_of(db: str) -> tuple[int, str]:
    result = run_cli("verify", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    head = json.loads(result.stdout)["head"]
    return head["count"], head["hash"]


def around_tracker(db: str, *statements: str) -> None:
    """Edit history as someone with the file or the server could: triggers dropped on SQLite,
    a session in replica mode (no triggers fire) on PostgreSQL."""
    engine = create_engine(database_url(db))
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS change_event_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS change_event_no_delete")
        else:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()


def rechain(db: str) -> None:
    """Recompute every hash, as a careful forger would after editing or deleting events."""
    engine = create_engine(database_url(db))
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS change_event_no_update")
        else:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        previous = GENESIS
        rows = conn.exec_driver_sql(f"SELECT id, {', '.join(HASHED_FIELDS)} FROM change_event ORDER BY id")
        for row in rows.mappings().all():
            previous = chain_hash(previous, row)
            conn.exec_driver_sql("UPDATE change_event SET hash = %s WHERE id = %s" if engine.dialect.name != "sqlite"
                                 else "UPDATE change_event SET hash = ? WHERE id = ?", (previous, row["id"]))
    engine.dispose()


def verify(db: str, *heads: str) -> "subprocess.CompletedProcess":  # noqa: F821
    return run_cli("verify", "--db", db, *(arg for head in heads for arg in ("--head", head)))


def last_id(db: str) -> int:
    engine = create_engine(database_url(db))
    with engine.connect() as conn:
        found = conn.exec_driver_sql("SELECT max(id) FROM change_event").scalar()
    engine.dispose()
    return found


def test_verify_prints_the_head_in_text_and_json(db):
    count, digest = head_of(db)
    assert re.fullmatch(r"[0-9a-f]{64}", digest) and count > 800
    result = verify(db)
    assert result.returncode == 0
    assert f"head {count}:{digest}" in result.stdout
    assert verify(db, f"{count}:{digest}").returncode == 0
    store_more = run_cli("rag", "5.1.1", "red", "--period", "2023", "--note", "later", "--db", db)
    assert store_more.returncode == 0, store_more.stderr
    assert verify(db, f"{count}:{digest}").returncode == 0  # an older head stays in a longer history


def test_cutting_off_the_last_event_is_caught(db):
    head = "%d:%s" % head_of(db)
    around_tracker(db, f"DELETE FROM change_event WHERE id = {last_id(db)}")
    plain = verify(db)
    assert plain.returncode == 1  # the replay sees the lead its event set
    assert "workstream '5.1.1', lead: the database has 'Lead 2' but history says 'Lead 1'" in plain.stderr
    anchored = verify(db, head)
    assert anchored.returncode == 1
    assert f"head {head} is missing: history now holds only" in anchored.stderr


def test_cutting_off_the_last_50_events_is_caught(db):
    count, digest = head_of(db)
    around_tracker(db, f"DELETE FROM change_event WHERE id > {last_id(db) - 50}")
    result = verify(db, f"{count}:{digest}")
    assert result.returncode == 1
    assert f"history now holds only {count - 50} events, so 50 or more were deleted" in result.stderr


def test_a_wipe_is_caught(db):
    count, digest = head_of(db)
    around_tracker(db, "DELETE FROM change_event")
    plain = verify(db)
    assert plain.returncode == 1
    assert "portfolio 'collab' is in the database but not in history" in plain.stderr
    assert "head 0:" + GENESIS in plain.stdout
    anchored = verify(db, f"{count}:{digest}")
    assert f"head {count}:{digest} is missing: history now holds only 0 events" in anchored.stderr


@pytest.mark.parametrize("which", ["first", "middle"])
def test_a_deleted_first_or_middle_event_breaks_the_chain(db, which):
    target = 1 if which == "first" else last_id(db) // 2
    around_tracker(db, f"DELETE FROM change_event WHERE id = {target}")
    result = verify(db)
    assert result.returncode == 1
    assert f"change event {target + 1} " in result.stderr and "does not match its hash" in result.stderr


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_a_deleted_event_with_recomputed_hashes_is_caught_by_the_head(db, which):
    count, digest = head_of(db)
    target = {"first": 1, "middle": last_id(db) // 2, "last": last_id(db)}[which]
    around_tracker(db, f"DELETE FROM change_event WHERE id = {target}")
    rechain(db)
    result = verify(db, f"{count}:{digest}")
    assert result.returncode == 1
    assert f"head {count}:{digest} is missing" in result.stderr


def test_a_rewritten_event_with_recomputed_hashes_is_caught_by_the_head(db):
    before = head_of(db)
    around_tracker(db, f"UPDATE change_event SET actor = 'someone else' WHERE id = {last_id(db) - 1}")
    rechain(db)
    assert verify(db).returncode == 0  # chain and rows agree: only the head can tell
    result = verify(db, "%d:%s" % before)
    assert result.returncode == 1
    assert f"head {before[0]}:{before[1]} is not in history: event number {before[0]} now has hash" in result.stderr


def test_a_malformed_head_is_bad_input(db, tmp_path):
    for bad in ("12", "x:" + "a" * 64, "12:" + "a" * 63, "12:" + "g" * 64):
        result = verify(db, bad)
        assert result.returncode == 2, bad
        assert "--head" in result.stderr and "is not a head" in result.stderr and "Traceback" not in result.stderr
    log = tmp_path / "heads.log"
    log.write_text("# heads\n5:" + "a" * 64 + "  2024-01-01 copy.db\nnonsense\n", encoding="utf-8")
    result = run_cli("verify", "--db", db, "--heads", str(log))
    assert result.returncode == 2
    assert f"{log}, line 3" in result.stderr
    result = run_cli("verify", "--db", db, "--heads", str(tmp_path / "absent.log"))
    assert result.returncode == 2 and "absent.log" in result.stderr


@pytest.mark.sqlite_only
def test_backup_logs_its_head_and_verify_checks_the_log(db, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    first = run_cli("backup", str(backups / "one.db"), "--db", db)
    assert first.returncode == 0, first.stderr
    assert run_cli("rag", "5.1.1", "red", "--period", "2023", "--note", "later", "--db", db).returncode == 0
    assert run_cli("backup", str(backups / "two.db"), "--db", db).returncode == 0
    log = backups / "tracker-heads.log"
    assert str(log) in first.stdout
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [line.split()[2] for line in lines] == ["one.db", "two.db"]
    assert lines[1].split()[0] == "%d:%s" % head_of(db)
    assert run_cli("verify", "--db", db, "--heads", str(log)).returncode == 0
    cut = int(lines[1].split(":")[0]) - int(lines[0].split(":")[0])  # what was written between the backups
    around_tracker(db, f"DELETE FROM change_event WHERE id > {last_id(db) - cut}")
    rechain(db)
    result = run_cli("verify", "--db", db, "--heads", str(log))
    assert result.returncode == 1
    assert f"head {lines[1].split()[0]} is missing" in result.stderr
    assert lines[0].split()[0] not in result.stderr  # the older backup's head is still there


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_every_board_report_prints_the_head_it_was_written_at(db, tmp_path, fmt):
    head = "%d:%s" % head_of(db)
    out = tmp_path / f"board.{fmt}"
    assert run_cli("report", "-P", "collab", "--period", "2023", "-o", str(out), "--db", db).returncode == 0
    if fmt == "docx":
        import zipfile

        text = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    else:
        text = out.read_text(encoding="utf-8")
    assert "History head" in text and head in text
