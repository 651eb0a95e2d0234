"""Papers in the store (issue 13): the frozen rule after approval and a new version, a paper
copied to the next period with its sections listed as not yet updated by the readiness check,
moving and renumbering, who may change a paper, a closed period's narrative, undo of every
paper write through the writers' rules, and verify staying clean after each kind of change.
On the seeds: collab (owner ACO Fiona Henderson), periods 2022 (closed) and 2023."""

import datetime as dt

import pytest
from sqlmodel import Session
from tracker.db import papers, progress, store
from tracker.db.changes import record_version
from tracker.db.errors import Forbidden, InvalidInput
from tracker.db.history import History  # noqa: F401  (the store's)
from tracker.db.paper_schemas import FrontSheetUpdate, SectionInput, SectionUpdate
from tracker.db.paper_views import narrative, paper, sections
from tracker.db.papers import PaperKey
from tracker.db.schemas import PeriodCreate
from tracker.db.undo import undo_last
from tracker.db.verify import verify
from tests.conftest import without_seeded_paper

ADMIN = "seed-loader"
OWNER = "ACO Fiona Henderson"
KEY = PaperKey("collab", "2023")
NEXT = PaperKey("collab", "2024")


@pytest.fixture
def seeded(seeded, backend):
    """The seeds without their 2023 collaboration paper: these tests make their own."""
    without_seeded_paper(seeded)
    return seeded


def _new(s: Session, key: PaperKey = KEY, template: str = "scrutiny", actor: str = ADMIN) -> None:
    papers.create_paper(session=s, actor=actor, key=key, front=FrontSheetUpdate(title="Collaboration 2023"),
                        template=template)


def _keys(s: Session, key: PaperKey = KEY) -> list[str]:
    return [x.key for x in sections(s, key)]


def _section(s: Session, name: str, key: PaperKey = KEY):
    return next(x for x in sections(s, key) if x.key == name)


def _verified(s: Session) -> None:
    verdict = verify(s)
    assert verdict.ok, verdict.problems


def _add_2024(s: Session) -> None:
    store.create_period(session=s, actor=ADMIN,
                        data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)))


# ---------------------------------------------------------------------------------------------
# Approval freezes the paper; a new version opens it, in history


def test_an_approved_paper_refuses_every_change_and_a_new_version_opens_it(seeded):
    _new(seeded)
    papers.approve_paper(session=seeded, actor=ADMIN, key=KEY, by="ACO Fiona Henderson", on=dt.date(2023, 11, 1))
    refusals = [
        lambda: papers.update_front_sheet(session=seeded, actor=ADMIN, key=KEY,
                                          changes=FrontSheetUpdate(marking="Official")),
        lambda: papers.edit_section(session=seeded, actor=ADMIN, key=KEY, section="purpose",
                                    changes=SectionUpdate(text="new words")),
        lambda: papers.add_section(session=seeded, actor=ADMIN, key=KEY, section=SectionInput(key="extra", title="X")),
        lambda: papers.move_section(session=seeded, actor=ADMIN, key=KEY, section="purpose", position=3),
        lambda: papers.remove_section(session=seeded, actor=ADMIN, key=KEY, section="purpose"),
        lambda: papers.delete_paper(session=seeded, actor=ADMIN, key=KEY),
    ]
    for refused in refusals:
        with pytest.raises(InvalidInput, match="approved.*frozen.*tracker paper version"):
            refused()
    assert _section(seeded, "purpose").text == ""
    papers.new_version(session=seeded, actor=ADMIN, key=KEY, version="2.0")
    papers.edit_section(session=seeded, actor=ADMIN, key=KEY, section="purpose", changes=SectionUpdate(text="v2"))
    view = paper(seeded, KEY)
    assert view.info.status == "draft" and view.info.front["version"] == "2.0"
    assert view.info.front["approved_by"] == "" and _section(seeded, "purpose").text == "v2"
    from tracker.db.models import ChangeEvent
    from sqlalchemy import select

    events = {(e.field, e.old, e.new) for e in seeded.execute(
        select(ChangeEvent).where(ChangeEvent.entity == "paper", ChangeEvent.ref == "collab/report")).scalars()}
    assert ("status", "approved", "draft") in events and ("version", "", "2.0") in events
    assert ("approved_by", "ACO Fiona Henderson", "") in events
    _verified(seeded)


# ---------------------------------------------------------------------------------------------
# Next period's paper from this one: its sections are listed until updated or confirmed


def test_2024_from_2023_lists_every_narrative_section_as_not_yet_updated(seeded):
    _new(seeded)
    papers.edit_section(session=seeded, actor=ADMIN, key=KEY, section="risks",
                        changes=SectionUpdate(text="The lead-in to the risks."))
    _add_2024(seeded)
    papers.create_paper(session=seeded, actor=ADMIN, key=NEXT, from_period="2023")
    narrative_keys = [x.key for x in sections(seeded, KEY) if x.kind == "narrative"]
    found = [f for f in progress.readiness(seeded, "2024", portfolio="collab") if f.kind == "stale_section"]
    assert [f.ref.rsplit("/", 1)[1] for f in found] == [*narrative_keys[:8], "risks", *narrative_keys[8:]]
    background = next(f for f in found if f.ref == "collab/report/background")
    assert background.message == ("section 4.0 Introduction/Background (background) not yet updated for 2024: edit it "
                                  "or `tracker paper section confirm background -P collab --period 2024`")
    assert not [f for f in progress.readiness(seeded, "2023") if f.kind == "stale_section"]
    papers.edit_section(session=seeded, actor=ADMIN, key=NEXT, section="background", changes=SectionUpdate())
    papers.edit_section(session=seeded, actor=ADMIN, key=NEXT, section="purpose",
                        changes=SectionUpdate(text="This year's purpose."))
    left = {f.ref for f in progress.readiness(seeded, "2024") if f.kind == "stale_section"}
    assert len(left) == len(found) - 2 and not {"collab/report/background", "collab/report/purpose"} & left
    assert not [f for f in progress.readiness(seeded, "2024", portfolio="opc") if f.kind == "stale_section"]
    _verified(seeded)


# ---------------------------------------------------------------------------------------------
# Moving renumbers


def test_moving_a_section_renumbers_the_outline_and_undo_puts_it_back(seeded):
    _new(seeded)
    before = [(x.key, x.number) for x in sections(seeded, KEY)]
    assert dict(before)["future-work"] == "9" and dict(before)["demand"] == "6.2"
    assert papers.move_section(session=seeded, actor=ADMIN, key=KEY, section="future-work", position=1)
    numbers = {x.key: x.number for x in sections(seeded, KEY)}
    assert _keys(seeded)[0] == "future-work" and numbers["future-work"] == "1" and numbers["purpose"] == "2"
    assert numbers["demand"] == "7.2"
    assert [x.position for x in sections(seeded, KEY)] == list(range(1, len(before) + 1))
    assert not papers.move_section(session=seeded, actor=ADMIN, key=KEY, section="future-work", position=1)
    with pytest.raises(InvalidInput, match="position from 1 to 17"):
        papers.move_section(session=seeded, actor=ADMIN, key=KEY, section="purpose", position=18)
    undo_last(session=seeded, actor=ADMIN)
    assert [(x.key, x.number) for x in sections(seeded, KEY)] == before
    _verified(seeded)


# ---------------------------------------------------------------------------------------------
# Rights


def test_a_reviewer_and_a_lead_who_does_not_own_the_portfolio_are_refused(seeded):
    for name, role in ((ADMIN, "admin"), (OWNER, "lead"), ("Claire Medhurst", "lead"), ("Rev Iewer", "reviewer")):
        store.add_user(session=seeded, name=name, role=role, actor=ADMIN)
    for outsider in ("Claire Medhurst", "Rev Iewer"):
        with pytest.raises(Forbidden):
            _new(seeded, actor=outsider)
    _new(seeded, actor=OWNER)
    for outsider in ("Claire Medhurst", "Rev Iewer"):
        with pytest.raises(Forbidden):
            papers.edit_section(session=seeded, actor=outsider, key=KEY, section="purpose",
                                changes=SectionUpdate(text="not mine"))
        with pytest.raises(Forbidden):
            papers.update_front_sheet(session=seeded, actor=outsider, key=KEY, changes=FrontSheetUpdate(marking="x"))
    papers.edit_section(session=seeded, actor=OWNER, key=KEY, section="purpose", changes=SectionUpdate(text="mine"))
    assert _section(seeded, "purpose").text == "mine"
    _verified(seeded)


def test_a_closed_period_refuses_narrative_and_its_undo(seeded):
    with pytest.raises(InvalidInput, match="2022"):
        papers.set_narrative(session=seeded, actor=ADMIN, period="2022", text="late words", workstream="5.1.1")
    assert narrative(seeded, "2022", workstream="5.1.1") == ""
    papers.set_narrative(session=seeded, actor=ADMIN, period="2023", text="This year.", workstream="5.1.1")
    store.set_period_closed(session=seeded, label="2023", closed=True, actor="Another Admin")
    with pytest.raises(InvalidInput, match="2023.*closed|closed.*2023"):
        undo_last(session=seeded, actor=ADMIN)  # ADMIN's narrative, in a period closed since
    assert narrative(seeded, "2023", workstream="5.1.1") == "This year."


# ---------------------------------------------------------------------------------------------
# Undo of each kind of paper write


def test_undo_takes_back_each_kind_of_paper_write_and_verify_stays_clean(seeded):
    _new(seeded)
    states = [paper(seeded, KEY)]

    def step(write) -> None:
        write()
        states.append(paper(seeded, KEY))
        _verified(seeded)

    step(lambda: papers.update_front_sheet(session=seeded, actor=ADMIN, key=KEY, changes=FrontSheetUpdate(
        marking="Official", meeting_date=dt.date(2023, 11, 20), title="Collaboration report 2023")))
    step(lambda: papers.edit_section(session=seeded, actor=ADMIN, key=KEY, section="purpose", changes=SectionUpdate(
        text="To update the board.\n\n- one\n- two", numbered=True, level=2)))
    step(lambda: papers.add_section(session=seeded, actor=ADMIN, key=KEY, position=2,
                                    section=SectionInput(key="glossary", title="Glossary", text="SCD: serious crime")))
    step(lambda: papers.move_section(session=seeded, actor=ADMIN, key=KEY, section="actions", position=1))
    step(lambda: papers.remove_section(session=seeded, actor=ADMIN, key=KEY, section="demand"))
    for _ in range(len(states) - 1):
        states.pop()
        undo_last(session=seeded, actor=ADMIN)
        assert paper(seeded, KEY) == states[-1]
        _verified(seeded)
    undo_last(session=seeded, actor=ADMIN)  # the paper's creation
    assert paper_missing(seeded)
    _verified(seeded)


def paper_missing(s: Session) -> bool:
    from tracker.db.paper_views import papers as listed

    return listed(s, "collab", "2023") == []


def test_undo_of_a_deleted_paper_puts_it_back_with_its_sections(seeded):
    _new(seeded)
    papers.update_front_sheet(session=seeded, actor=ADMIN, key=KEY, changes=FrontSheetUpdate(marking="Official"))
    papers.edit_section(session=seeded, actor=ADMIN, key=KEY, section="background", changes=SectionUpdate(text="B"))
    before = paper(seeded, KEY)
    papers.delete_paper(session=seeded, actor=ADMIN, key=KEY)
    assert paper_missing(seeded)
    undo_last(session=seeded, actor=ADMIN)
    after = paper(seeded, KEY)
    assert after.sections == before.sections and after.info.front == before.info.front
    _verified(seeded)


def test_undo_of_a_narrative_puts_back_the_earlier_text_or_removes_it(seeded):
    papers.set_narrative(session=seeded, actor=ADMIN, period="2023", text="First.", workstream="5.1.1")
    papers.set_narrative(session=seeded, actor=ADMIN, period="2023", text="Second.", workstream="5.1.1")
    papers.set_narrative(session=seeded, actor=ADMIN, period="2023", text="National intro.", section="5.3")
    undo_last(session=seeded, actor=ADMIN)
    assert narrative(seeded, "2023", section="5.3") == ""
    undo_last(session=seeded, actor=ADMIN)
    assert narrative(seeded, "2023", workstream="5.1.1") == "First."
    papers.set_narrative(session=seeded, actor=ADMIN, period="2023", text="", workstream="5.1.1")
    undo_last(session=seeded, actor=ADMIN)
    assert narrative(seeded, "2023", workstream="5.1.1") == "First."
    _verified(seeded)


def test_approval_is_not_undone_and_a_frozen_paper_refuses_the_undo_of_an_earlier_edit(seeded):
    store.add_user(session=seeded, name=ADMIN, role="admin", actor=ADMIN)
    store.add_user(session=seeded, name="Chief", role="admin", actor=ADMIN)
    _new(seeded)
    papers.edit_section(session=seeded, actor=ADMIN, key=KEY, section="purpose", changes=SectionUpdate(text="words"))
    papers.approve_paper(session=seeded, actor="Chief", key=KEY)
    with pytest.raises(InvalidInput, match="approval.*not undone"):
        undo_last(session=seeded, actor="Chief")
    assert paper(seeded, KEY).info.status == "approved"
    events = record_version(seeded, "paper_section", "collab/report/purpose", "2023")
    with pytest.raises(InvalidInput, match="frozen"):
        undo_last(session=seeded, actor=ADMIN)  # ADMIN's last paper change is the section edit
    assert _section(seeded, "purpose").text == "words"
    assert record_version(seeded, "paper_section", "collab/report/purpose", "2023") == events
    _verified(seeded)


def test_undo_is_refused_over_someone_elses_later_edit(seeded):
    _new(seeded)
    papers.edit_section(session=seeded, actor=ADMIN, key=KEY, section="purpose", changes=SectionUpdate(text="mine"))
    papers.edit_section(session=seeded, actor="Another Admin", key=KEY, section="purpose",
                        changes=SectionUpdate(text="theirs"))
    with pytest.raises(InvalidInput, match="changed again since"):
        undo_last(session=seeded, actor=ADMIN)
    assert _section(seeded, "purpose").text == "theirs"
