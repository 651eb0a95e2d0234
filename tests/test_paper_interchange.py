"""Papers and narratives in TOML: import, export, the same again, and refusals that write nothing."""

import tomllib

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from tracker.db import paper_views
from tracker.db.engine import database_url, open_database
from tracker.db.errors import InvalidInput
from tracker.db.models import ChangeEvent
from tracker.db.paper_models import PAPER_TEXT_MAX
from tracker.db.papers import PaperKey
from tracker.db.schemas import RiskScale
from tracker.db.verify import verify
from tracker.interchange import export_toml, import_snapshot, parse_snapshot

PAPER = '''
portfolio = "collab"

[[paper]]
period = "2023"
kind = "annual report"
template = "scrutiny"
status = "approved"
title = "Collaboration Report"
marking = "Official"
agenda_item = "6.0"
written_on = 2023-10-23
approved_on = 2023-11-01

[[paper.section]]
key = "purpose"
title = "Purpose of Report"
text = "To give the annual update."

[[paper.section]]
key = "current-work"
title = "Current Work and Performance"
numbered = true
text = """Intro.

## A sub-heading

- a bullet"""

[[paper.section]]
key = "dashboard"
kind = "dashboard"
caption = "Collaboration dashboard"

[[paper.section]]
key = "risks"
title = "Risks/Mitigation"
kind = "risks"
level = 2
nil_text = "No collaboration related strategic risks at this time."

[[narrative]]
workstream = "5.1.1"
period = "2022"
text = "The paragraphs under the workstream."

[[narrative]]
section = "5.3"
period = "2022"
text = "The national section's introduction."
'''


def load(session, text: str, source="paper.toml"):
    import_snapshot(session=session, snapshot=parse_snapshot(text.encode(), source=source), source=source,
                    actor="t", scale=RiskScale())


def _events(session) -> int:
    return session.execute(select(func.count()).select_from(ChangeEvent)).scalar()


def test_a_paper_and_its_narratives_import_whole(seeded):
    load(seeded, PAPER)
    view = paper_views.paper(seeded, PaperKey("collab", "2023", "annual report"))
    assert view.info.front["agenda_item"] == "6.0" and view.info.status == "approved"
    assert [(s.key, s.heading) for s in view.sections] == [
        ("purpose", "1.0 Purpose of Report"), ("current-work", "2.0 Current Work and Performance"),
        ("dashboard", ""), ("risks", "2.1 Risks/Mitigation")]
    assert view.sections[3].nil_text.startswith("No collaboration related")
    found = paper_views.narratives(seeded, "2022")
    assert found.workstreams["5.1.1"].startswith("The paragraphs") and found.sections["5.3"].startswith("The national")
    assert verify(seeded).ok


def test_export_import_export_is_identical_with_papers(seeded, tmp_path):
    load(seeded, PAPER)
    first = export_toml(seeded)
    written = tomllib.loads(first)
    assert [s["key"] for s in written["paper"][0]["section"]] == ["purpose", "current-work", "dashboard", "risks"]
    assert {n.get("workstream") or n.get("section") for n in written["narrative"] if n["period"] == "2022"} == {
        "5.1.1", "5.3"}
    engine = open_database(database_url(tmp_path / "copy.db"), create=True)
    with Session(engine) as other:
        load(other, first, source="export.toml")
        assert export_toml(other) == first
        assert verify(other).ok
    engine.dispose()


@pytest.mark.parametrize("change, where, words", [
    (lambda t: t.replace('period = "2023"\nkind', 'period = "2099"\nkind', 1), "paper collab/annual report 2099, period",
     "no period '2099'"),
    (lambda t: t.replace('key = "risks"', 'key = "purpose"'), "section", "twice"),
    (lambda t: t.replace('key = "risks"', 'key = "Risks and more"'), "section Risks and more, key",
     "not a section key"),
    (lambda t: t.replace("numbered = true", 'numbered = "yes"'), "section current-work, numbered", "true or false"),
    (lambda t: t.replace('kind = "risks"', 'kind = "gossip"'), "section risks, kind", "narrative"),
    (lambda t: t.replace("level = 2", "level = 3"), "section risks, level", "level is 1"),
    (lambda t: t.replace('workstream = "5.1.1"', 'workstream = "9.9.9"'), "narrative of workstream 9.9.9",
     "no workstream"),
    (lambda t: t.replace('title = "Collaboration Report"\n', ''), "title", "field required"),
    (lambda t: t.replace('text = "To give the annual update."', f'text = "{"x" * (PAPER_TEXT_MAX + 1)}"'),
     "section purpose, text", f"at most {PAPER_TEXT_MAX:,} characters"),
])
def test_a_bad_paper_is_refused_by_name_and_nothing_is_written(seeded, change, where, words):
    before, papers = _events(seeded), paper_views.papers(seeded)
    with pytest.raises(InvalidInput) as refused:
        load(seeded, change(PAPER))
    assert where in refused.value.where and words.lower() in refused.value.reason.lower()
    seeded.rollback()
    assert _events(seeded) == before and paper_views.papers(seeded) == papers


def test_the_same_paper_twice_is_refused(seeded):
    load(seeded, PAPER.split("[[narrative]]")[0])
    with pytest.raises(InvalidInput, match="already"):
        load(seeded, PAPER.split("[[narrative]]")[0])


def test_a_narrative_given_twice_or_stored_already_is_refused(seeded):
    narrative = '[[narrative]]\nworkstream = "5.1.1"\nperiod = "2022"\ntext = "x"\n'
    with pytest.raises(InvalidInput, match="second narrative"):
        load(seeded, narrative + narrative)
    load(seeded, narrative)
    with pytest.raises(InvalidInput, match="has a narrative for 2022 already"):
        load(seeded, narrative)
