"""db/rating_facts.py reads in one statement what a RAG save read in eight: for every workstream
and period of the seeds, on both engines, it finds what the separate look-ups find."""

from sqlalchemy import text

from tracker.db.rating_facts import rating_facts
from tracker.db.suggest import suggest_rag, suggestion_from
from tracker.db.views import period_by_label, previous_period


def test_one_statement_finds_what_the_look_ups_find(seeded):
    refs = [r for (r,) in seeded.execute(text("SELECT ref FROM workstream"))]
    labels = [p for (p,) in seeded.execute(text("SELECT label FROM period"))]
    suggested = 0
    for ref in refs:
        for label in labels:
            facts = rating_facts(seeded, "tester", ref, label)
            target = period_by_label(seeded, label)
            assert facts.period == target
            assert facts.before == previous_period(seeded, target)
            suggestion = suggest_rag(seeded, ref, target)
            assert suggestion_from(facts.measure) == suggestion
            suggested += suggestion is not None
            stored = seeded.execute(text(
                "SELECT a.rag FROM assessment a JOIN workstream w ON w.id = a.workstream_id"
                " WHERE w.ref = :ref AND a.period_id = :period"), {"ref": ref, "period": target.id}).scalar()
            assert (facts.existing.rag if facts.existing else None) == stored
    assert suggested > 0  # the seeds' benefits measure suggests a RAG for 5.4.1


def test_what_is_not_there_reads_as_none(seeded):
    facts = rating_facts(seeded, "nobody", "9.9.9", "1999", with_version=True)
    assert facts.workstream_id is None and facts.period is None and facts.version == 0
    assert facts.users == 0 and facts.role is None and not facts.limited
