"""The paper prints the work strands: a workstream's milestones in its section, an action's
sub-actions under it, and "links to the plan" (a section of kind links) from the data."""

import datetime as dt

from tests.test_paper_report import document_of, edit, new_paper, seeded  # noqa: F401 -- the fixture too
from tracker.db import papers, store
from tracker.db.milestones import MilestoneInput, add_milestone
from tracker.db.paper_schemas import SectionInput
from tracker.db.papers import PaperKey
from tracker.db.schemas import ActionCreate, WorkstreamUpdate
from tracker.reports.document import Facts, Heading, Items, Paragraph

ADMIN = "seed-loader"


def _shown(document) -> list:
    return [getattr(b, "shown", None) or getattr(b, "text", None) or getattr(b, "items", None) or
            getattr(b, "parts", None) for b in document.blocks]


def test_a_workstreams_milestones_print_in_its_section(seeded):
    new_paper(seeded)
    add_milestone(session=seeded, workstream="5.4.3", actor=ADMIN,
                  data=MilestoneInput(title="Phase 1", planned=dt.date(2023, 6, 1), done=dt.date(2023, 7, 14),
                                      percent=100))
    add_milestone(session=seeded, workstream="5.4.3", actor=ADMIN,
                  data=MilestoneInput(title="Phase 2", planned=dt.date(2023, 9, 1), revised=dt.date(2024, 3, 1),
                                      percent=30))
    shown = _shown(document_of(seeded))
    at = shown.index("5.4.3 Mental Health")
    at = shown.index("Milestones:", at)
    assert shown[at + 1] == ("Phase 1: planned 1 June 2023, done 14 July 2023",
                             "Phase 2: planned 1 September 2023, revised 1 March 2024, 30% complete")


def test_sub_actions_print_under_their_parent(seeded):
    new_paper(seeded)
    edit(seeded, "actions", kind="actions", title="Actions for Improvement")
    for ref, parent, status in (("S.1", None, "open"), ("S.1.2", "S.1", "done"), ("S.1.1", "S.1", "open")):
        store.create_action(session=seeded, actor=ADMIN, data=ActionCreate(
            ref=ref, portfolio="collab", title=f"Action {ref}", parent=parent, status=status,
            completed_on=dt.date(2023, 5, 1) if status == "done" else None,
            expected_outcome="Fewer repeat calls" if ref == "S.1" else ""))
    facts = [b.parts for b in document_of(seeded).blocks if isinstance(b, Facts) and "S." in b.parts[0]]
    assert [f[0] for f in facts] == ["Action S.1", "Sub-action S.1.1", "Sub-action S.1.2"]
    assert "sub-actions: 1 of 2 done" in facts[0] and "expected outcome: Fewer repeat calls" in facts[0]


def test_links_to_the_plan_come_from_the_data(seeded):
    new_paper(seeded)
    papers.add_section(session=seeded, actor="x", key=PaperKey("collab", "2023"),
                       section=SectionInput(key="links", kind="links", title="Links to the plan"))
    store.update_workstream(session=seeded, ref="5.4.3", changes=WorkstreamUpdate(priorities=[2]), actor=ADMIN)
    document = document_of(seeded)
    blocks = document.blocks
    start = next(n for n, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Links to the plan")
    at = next(n for n, b in enumerate(blocks) if n > start and isinstance(b, Heading)
              and b.text.startswith("Priority 2 – "))
    assert blocks[at + 1].items == ("Workstream 5.4.3 Mental Health",)


def test_links_to_the_plan_say_so_when_there_are_none(seeded):
    from tracker.db import strand_views

    for (_, _), linked in strand_views.plan_links(seeded).items():  # the seeds link collaboration to priority 12
        for kind, ref, _ in linked:
            assert kind == "workstream"
            store.update_workstream(session=seeded, ref=ref, changes=WorkstreamUpdate(priorities=[]), actor=ADMIN)
    new_paper(seeded)
    papers.add_section(session=seeded, actor="x", key=PaperKey("collab", "2023"),
                       section=SectionInput(key="links", kind="links", title="Links to the plan"))
    texts = [b.text for b in document_of(seeded).blocks if isinstance(b, Paragraph)]
    assert "Nothing in this paper is linked to a plan priority." in texts
