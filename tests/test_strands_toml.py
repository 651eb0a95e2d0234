"""Work strands in TOML: [[workstream.milestone]], an action's parent and expected_outcome,
priorities on risks, actions and measures; an identical round trip; bad input named."""

import datetime as dt

import pytest
from sqlmodel import Session
from tracker.db import strand_views
from tracker.db.engine import database_url, open_database
from tracker.db.errors import InvalidInput
from tracker.db.schemas import RiskScale
from tracker.db.verify import verify
from tracker.interchange import export_toml, import_snapshot, parse_snapshot

BASE = """
[[portfolio]]
code = "p"
name = "P"

[[priority]]
number = 1
title = "One"
portfolio = "p"

[[priority]]
number = 2
title = "Two"
portfolio = "p"

[[section]]
code = "1"
name = "S"
portfolio = "p"

[[workstream]]
ref = "1.1"
name = "W"
section = "1"
portfolio = "p"

[[workstream.milestone]]
title = "Pilot"
planned = 2025-06-01
revised = 2025-09-30
percent = 60

[[workstream.milestone]]
title = "Launch"
planned = 2025-03-01
done = 2025-03-10
percent = 100

[[risk]]
ref = "R1"
title = "Risk"
portfolio = "p"
priorities = [2]

[[action]]
ref = "A1.1"
title = "Child"
parent = "A1"
status = "done"
portfolio = "p"

[[action]]
ref = "A1"
title = "Parent"
expected_outcome = "Faster answers"
priorities = [1, 2]
portfolio = "p"
"""


def load(session, text: str):
    import_snapshot(session=session, snapshot=parse_snapshot(text.encode(), source="f.toml"), source="f.toml",
                    actor="t", scale=RiskScale())


def test_strands_import_and_round_trip(session, tmp_path):
    load(session, BASE)
    assert [(m.title, m.planned, m.revised, m.done, m.percent) for m in strand_views.milestones(session, "1.1")] == [
        ("Launch", dt.date(2025, 3, 1), None, dt.date(2025, 3, 10), 100),
        ("Pilot", dt.date(2025, 6, 1), dt.date(2025, 9, 30), None, 60)]
    assert strand_views.summaries(session) == {"A1": "1 of 1 done"}
    assert strand_views.plan_links(session) == {(1, "One"): [("action", "A1", "Parent")],
                                                (2, "Two"): [("risk", "R1", "Risk"), ("action", "A1", "Parent")]}
    verdict = verify(session)
    assert verdict.ok, verdict.problems
    first = export_toml(session)
    assert '{ title = "Pilot", planned = 2025-06-01, revised = 2025-09-30, percent = 60 }' in first
    assert 'parent = "A1"' in first and 'expected_outcome = "Faster answers"' in first
    assert "priorities = [\n    1,\n    2,\n]" in first
    engine = open_database(database_url(tmp_path / "copy.db"), create=True)
    with Session(engine) as other:
        load(other, first)
        assert export_toml(other) == first
    engine.dispose()


@pytest.mark.parametrize(("change", "where", "words"), [
    (('parent = "A1"', 'parent = "A1.1"'), "action A1.1, parent", "own parent"),
    (('expected_outcome = "Faster answers"', 'parent = "A1.1"'), "action A1", "own sub-actions"),
    (("done = 2025-03-10", "done = 2026-01-06"), "workstream 1.1, milestone 'Launch', done", "still to come"),
    (("percent = 60", "percent = 160"), "milestone 'Pilot', percent", ""),
    (("priorities = [2]", "priorities = [7]"), "risk R1, priorities", "no priority 7"),
    (('parent = "A1"', 'parent = "A9"'), "action A1.1, parent", "no action 'A9'"),
])
def test_bad_strands_are_refused_by_name(session, change, where, words):
    with pytest.raises(InvalidInput) as refused:
        load(session, BASE.replace(*change))
    assert where in refused.value.where and words in str(refused.value)
