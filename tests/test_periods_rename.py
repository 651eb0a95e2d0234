"""Renaming a period (issue 18, lead's flow): on the CLI and through the store, admin only,
recorded, undoable, and history keeps verifying although older events name the old label."""

import json

import pytest
from tracker.db import changes, store, views
from tracker.db.errors import Forbidden, InvalidInput
from tracker.db.periods import rename_period
from tracker.db.undo import undo_last
from tracker.db.verify import verify

from tests.inprocess import run_cli

ADMIN = "seed-loader"


def test_a_rename_keeps_every_record_and_verify_passes(seeded):
    store.set_rating(session=seeded, ref="5.1.1", period="2023", rag="red", rationale="slipped", actor=ADMIN)
    assert rename_period(session=seeded, label="2023", new_label="2023/24", actor=ADMIN) is True
    labels = [p.label for p in views.periods(seeded)]
    assert "2023/24" in labels and "2023" not in labels
    row = views.dashboard(seeded, "2023/24", ref="5.1.1").rows[0]
    assert row.rag.value == "red" and row.rationale == "slipped"
    # a change after the rename is recorded under the new label, and the whole history still replays
    store.set_rating(session=seeded, ref="5.1.1", period="2023/24", rag="amber", rationale="better", actor=ADMIN)
    verdict = verify(seeded)
    assert verdict.ok, verdict.problems
    [event] = [c for c in changes.history(seeded, ref="2023") if c.field == "label"]
    assert (event.entity, event.old, event.new, event.actor) == ("period", "2023", "2023/24", ADMIN)


def test_renaming_twice_and_undoing_it_verifies(seeded):
    rename_period(session=seeded, label="2022", new_label="Year 2022", actor=ADMIN)
    rename_period(session=seeded, label="Year 2022", new_label="CY2022", actor=ADMIN)
    undo_last(session=seeded, actor=ADMIN)
    assert "Year 2022" in [p.label for p in views.periods(seeded)]
    verdict = verify(seeded)
    assert verdict.ok, verdict.problems


def test_a_rename_to_a_taken_or_bad_label_is_refused_and_nothing_changes(seeded):
    before = changes.last_change_id(seeded)
    with pytest.raises(InvalidInput, match="exists already"):
        rename_period(session=seeded, label="2023", new_label="2022", actor=ADMIN)
    with pytest.raises(InvalidInput) as bad:
        rename_period(session=seeded, label="2023", new_label="2023 ", actor=ADMIN)
    assert "period 2023" in str(bad.value)
    assert changes.last_change_id(seeded) == before


def test_only_an_admin_renames(seeded):
    store.add_user(session=seeded, name=ADMIN, role="admin", actor=ADMIN)
    store.add_user(session=seeded, name="Lee", role="lead", actor=ADMIN)
    with pytest.raises(Forbidden, match="only an admin may rename periods"):
        rename_period(session=seeded, label="2023", new_label="2023/24", actor="Lee")


def test_the_cli_renames_and_refuses_with_status_2(seeded_db):
    done = run_cli("--db", seeded_db, "--user", ADMIN, "period", "rename", "2023", "Year 2023")
    assert done.returncode == 0, done.stderr
    assert "period 2023 is now Year 2023" in done.stdout
    listed = json.loads(run_cli("--db", seeded_db, "period", "list", "--format", "json").stdout)
    assert "Year 2023" in [p["label"] for p in listed]
    assert run_cli("--db", seeded_db, "verify").returncode == 0
    refused = run_cli("--db", seeded_db, "--user", ADMIN, "period", "rename", "Year 2023", "2022")
    assert refused.returncode == 2 and "exists already" in refused.stderr
    missing = run_cli("--db", seeded_db, "--user", ADMIN, "period", "rename", "1999", "2099")
    assert missing.returncode == 2 and "1999" in missing.stderr
