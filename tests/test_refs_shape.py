"""Issue 18, defect 6: refs have one documented shape (db/text.REF_SHAPE), checked by one rule
(db/text.ref_problem) that the store's input types use, so every form, the CLI and import
refuse a ref such as `-l` (which `tracker history -l` would read as an option) or `a b`."""

import pytest
from sqlalchemy import func, select
from textual.widgets import Input, Static
from tracker.db.errors import InvalidInput
from tracker.db.models import ChangeEvent
from tracker.db.schemas import ActionCreate, PeriodCreate, RiskCreate, WorkstreamCreate, validated
from tracker.db.text import REF_SHAPE, ref_problem

from tests.inprocess import run_cli
from tracker.interchange import seed_snapshot

BAD = ["-l", "-5.4.3", "5.4 3", "a b", ".5", "5.4.3;", "x&y", "é1", "5/4\\3"]


def events(session) -> int:
    session.rollback()
    return session.execute(select(func.count()).select_from(ChangeEvent)).scalar()


@pytest.mark.parametrize("ref", BAD)
def test_a_ref_of_another_shape_is_refused_naming_the_field_and_the_shape(ref):
    with pytest.raises(InvalidInput) as refused:
        validated(WorkstreamCreate, {"ref": ref, "name": "N", "section": "5.1"}, where="workstream")
    assert refused.value.where.endswith(", ref") and REF_SHAPE in refused.value.reason
    for kind, data in ((ActionCreate, {"ref": "A9", "title": "T", "workstream": ref}),
                       (RiskCreate, {"ref": ref, "title": "T"})):
        with pytest.raises(InvalidInput):
            validated(kind, data, where=kind.__name__)


def test_every_ref_in_the_seeds_has_the_shape_and_labels_keep_their_spaces():
    snapshot = seed_snapshot()
    refs = {r.ref for group in (snapshot.workstreams, snapshot.actions, snapshot.risks, snapshot.commitments,
                                snapshot.measures) for r in group}
    refs |= {s.code for s in snapshot.sections}
    assert {"5.4.3", "9.3/1", "5.1.1", "ECFRS.1"} & refs and len(refs) > 50
    assert [r for r in refs if ref_problem(r)] == []
    label = validated(PeriodCreate, {"label": "Q2 2023/24", "start": "2023-07-01", "end": "2023-09-30"}, where="p")
    assert label.label == "Q2 2023/24"  # a label is not a ref: spaces inside are fine


def test_the_stores_input_types_refuse_it_so_no_writer_can_take_it():
    # The store's writers take only these types; making one with a bad ref fails already.
    with pytest.raises(ValueError, match="must not begin with '-'"):
        WorkstreamCreate(ref="-l", name="N", section="5.4")
    with pytest.raises(ValueError, match="must not contain a space"):
        RiskCreate(ref="R 1", title="T")


def test_the_cli_refuses_it_on_import_and_on_measure_add(seeded, seeded_db, tmp_path):
    before = events(seeded)
    source = tmp_path / "in.toml"
    source.write_text('[[workstream]]\nref = "-l"\nname = "Dash"\nsection = "5.4"\n', encoding="utf-8")
    imported = run_cli("import", str(source), "--db", seeded_db)
    assert imported.returncode == 2, imported.stderr
    assert "-l" in imported.stderr and "ref" in imported.stderr and "must not begin with '-'" in imported.stderr
    added = run_cli("--db", seeded_db, "measure", "add", "--name", "N", "--area", "A", "--unit", "count",
                    "--direction", "higher_is_better", "--", "a b")
    assert added.returncode == 2 and "must not contain a space" in added.stderr, added.stderr
    assert "Traceback" not in imported.stderr + added.stderr
    assert events(seeded) == before


FORMS = [
    ("1", "n", {"#field-ref": "-l", "#field-name": "Dash"}),  # a new workstream
    ("2", "n", {"#field-ref": "A 9", "#field-title": "Spaced"}),  # a new action
    ("3", "n", {"#field-ref": "-R9", "#field-title": "Dashed"}),  # a new risk
]


@pytest.mark.parametrize("screen, key, typed", FORMS, ids=["workstream", "action", "risk"])
async def test_every_new_record_form_refuses_it_at_the_ref_field(tui, seeded, screen, key, typed):
    before = events(seeded)
    async with tui(size=(120, 40)) as pilot:
        await pilot.press(screen, key)
        form = pilot.app.screen
        for selector, text in typed.items():
            form.query_one(selector, Input).value = text
        await pilot.press("ctrl+s")
        assert pilot.app.screen is form  # kept open, with what was typed
        error = str(form.query_one("#error-ref", Static).render())
        assert "must not" in error and "a ref begins with a letter" in error, error
        assert form.query_one("#field-ref", Input).value == typed["#field-ref"]
    assert events(seeded) == before


async def test_the_action_forms_workstream_link_is_checked_too(tui, seeded):
    async with tui(size=(120, 40)) as pilot:
        await pilot.press("2", "n")
        form = pilot.app.screen
        form.query_one("#field-ref", Input).value = "A9"
        form.query_one("#field-title", Input).value = "Linked"
        form.query_one("#field-workstream", Input).value = "-l"
        await pilot.press("ctrl+s")
        assert pilot.app.screen is form
        assert "must not begin with '-'" in str(form.query_one("#error-workstream", Static).render())
