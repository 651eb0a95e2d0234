"""Rights limited to portfolios (issue 12): a lead limited to portfolios changes only records of
those portfolios and their children, whichever path the change takes (the store, the CLI, the
TUI, undo, import); reads of a limited user are kept to their portfolios; the list itself is an
admin's to set, recorded in history and checked by verify."""

import datetime as dt

import pytest
from sqlalchemy import insert, select
from sqlmodel import Session

from tests.inprocess import run_cli
from tests.conftest import db_target
from tracker.db import store, views
from tracker.db.access import readable_scope
from tracker.db.commitments import create_commitment, write_commentary
from tracker.db.errors import Forbidden, InvalidInput, NotFound
from tracker.db.measures import create_measure, set_measure_value
from tracker.db.models import ChangeEvent, Portfolio, User, UserPortfolio
from tracker.db.schemas import (
    ActionCreate, CommentaryInput, CommitmentCreate, MeasureCreate, MeasureValueInput, PeriodCreate, PortfolioCreate,
    PriorityCreate, RiskCreate, RiskUpdate, SectionCreate, WorkstreamCreate, WorkstreamUpdate,
)
from tracker.db.undo import undo_last
from tracker.db.users import remove_user, set_user_portfolios
from tracker.db.verify import verify

ADMIN, ANN, BOB, RITA = "boss", "ann", "bob", "rita"
OUTSIDE = "ann may change records of portfolio opc only; "


@pytest.fixture
def world(session: Session) -> Session:
    """Portfolios collab, opc (with child opc.roads) and plan; ann, a lead, owns records in each
    and is limited to opc; bob is an unlimited lead; rita a reviewer limited to collab."""
    for code, parent in (("collab", None), ("opc", None), ("opc.roads", "opc"), ("plan", None)):
        store.create_portfolio(session=session, data=PortfolioCreate(code=code, name=code.title(), parent=parent),
                               actor=ADMIN)
    store.add_user(session=session, name=ADMIN, role="admin", actor=ADMIN)
    store.add_user(session=session, name=BOB, role="lead", actor=ADMIN)
    store.add_user(session=session, name=ANN, role="lead", actor=ADMIN)
    store.create_period(session=session, data=PeriodCreate(label="2023", start=dt.date(2023, 1, 1),
                                                           end=dt.date(2023, 12, 31)), actor=ADMIN)
    for code, section in (("collab", "5"), ("opc", "9")):
        store.create_section(session=session, data=SectionCreate(code=section, name=f"S{section}", portfolio=code),
                             actor=ADMIN)
        store.create_workstream(session=session, data=WorkstreamCreate(
            ref=f"{section}.1", name=f"W{section}", section=section, lead=ANN, portfolio=code), actor=ADMIN)
    for ref, code in (("5.1", "collab"), ("9.1", "opc"), ("9.2", "opc.roads")):
        store.create_risk(session=session, data=RiskCreate(ref=f"R{ref}", title=f"Risk {ref}", owner=ANN,
                                                           portfolio=code), actor=ADMIN)
    store.create_priority(session=session, data=PriorityCreate(number=1, title="P1", portfolio="plan"), actor=ADMIN)
    create_commitment(session=session, data=CommitmentCreate(ref="1.1", priority=1, text="Do it", owners=["Team"],
                                                             lead=ANN, portfolio="plan"), actor=ADMIN)
    create_measure(session=session, data=MeasureCreate(ref="M1", name="Calls", area="A", unit="count",
                                                       direction="higher_is_better", lead=ANN, portfolio="collab"),
                   actor=ADMIN)
    set_user_portfolios(session=session, name=ANN, portfolios=["opc"], actor=ADMIN)
    store.add_user(session=session, name=RITA, role="reviewer", actor=ADMIN, portfolios=["collab"])
    return session


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(Forbidden) as caught:
        call(*args, **kwargs)
    return str(caught.value)


# ---------------------------------------------------------------------------------------------
# The store


def test_a_limited_lead_changes_records_of_their_portfolio_and_its_children_only(world):
    store.update_risk(session=world, ref="R9.1", changes=RiskUpdate(title="Mine"), actor=ANN)
    store.update_risk(session=world, ref="R9.2", changes=RiskUpdate(title="Roads"), actor=ANN)  # a child of opc
    message = refused(store.update_risk, session=world, ref="R5.1", changes=RiskUpdate(title="No"), actor=ANN)
    assert message == OUTSIDE + "risk R5.1 is in collab"
    assert refused(store.delete_risk, session=world, ref="R5.1", actor=ANN) == OUTSIDE + "risk R5.1 is in collab"
    assert refused(store.update_workstream, session=world, ref="5.1", changes=WorkstreamUpdate(name="No"),
                   actor=ANN) == OUTSIDE + "workstream 5.1 is in collab"
    assert [r.title for r in views.risks(world) if r.ref == "R5.1"] == ["Risk 5.1"]
    set_user_portfolios(session=world, name=ANN, portfolios=[], actor=ADMIN)  # the limit lifted: as before
    store.update_risk(session=world, ref="R5.1", changes=RiskUpdate(title="Ann's"), actor=ANN)
    store.update_risk(session=world, ref="R5.1", changes=RiskUpdate(title="Admin's"), actor=ADMIN)


def test_creating_in_another_portfolio_is_refused_and_writes_nothing(world):
    store.create_risk(session=world, data=RiskCreate(ref="R9.9", title="New", owner=ANN, portfolio="opc.roads"),
                      actor=ANN)
    events = world.execute(select(ChangeEvent.id)).all()
    message = refused(store.create_risk, session=world,
                      data=RiskCreate(ref="R5.9", title="New", owner=ANN, portfolio="collab"), actor=ANN)
    assert message == OUTSIDE + "risk R5.9 is in collab"
    assert world.execute(select(ChangeEvent.id)).all() == events
    assert "R5.9" not in {r.ref for r in views.risks(world)}


def test_a_move_needs_rights_in_both_portfolios(world):
    into = refused(store.update_risk, session=world, ref="R9.1", changes=RiskUpdate(portfolio="collab"), actor=ANN)
    assert into == OUTSIDE + "risk R9.1 would move into collab"
    out_of = refused(store.update_risk, session=world, ref="R5.1", changes=RiskUpdate(portfolio="opc"), actor=ANN)
    assert out_of == OUTSIDE + "risk R5.1 is in collab"
    store.update_risk(session=world, ref="R9.2", changes=RiskUpdate(portfolio="opc"), actor=ANN)  # within opc
    assert {r.ref: r.portfolio for r in views.risks(world, portfolio="opc")}["R9.2"] is None


def test_attaching_to_a_record_of_another_portfolio_is_refused(world):
    message = refused(store.create_action, session=world,
                      data=ActionCreate(ref="A1", title="Act", owner=ANN, workstream="5.1", portfolio="opc"), actor=ANN)
    assert message == "ann may change records of portfolio opc only; workstream 5.1 is in collab"


def test_ratings_carry_forward_commentary_and_measure_values_obey_the_limit(world):
    store.set_rating(session=world, ref="9.1", period="2023", rag="green", rationale="Fine", actor=ANN)
    assert refused(store.set_rating, session=world, ref="5.1", period="2023", rag="green", rationale="x",
                   actor=ANN) == OUTSIDE + "workstream 5.1 is in collab"
    store.create_period(session=world, data=PeriodCreate(label="2024", start=dt.date(2024, 1, 1),
                                                         end=dt.date(2024, 12, 31)), actor=ADMIN)
    store.set_rating(session=world, ref="5.1", period="2023", rag="amber", rationale="x", actor=ADMIN)
    assert refused(store.carry_forward, session=world, ref="5.1", period="2024",
                   actor=ANN) == OUTSIDE + "workstream 5.1 is in collab"
    assert refused(write_commentary, session=world, ref="1.1",
                   data=CommentaryInput(period="2023", team="Team", text="Done"), actor=ANN
                   ) == OUTSIDE + "commitment 1.1 is in plan"
    assert refused(set_measure_value, session=world, ref="M1", data=MeasureValueInput(period="2023", value=3),
                   actor=ANN) == OUTSIDE + "measure M1 is in collab"


def test_undo_of_a_change_made_before_the_limit_is_refused(world):
    set_user_portfolios(session=world, name=ANN, portfolios=[], actor=ADMIN)
    store.update_risk(session=world, ref="R5.1", changes=RiskUpdate(title="Before"), actor=ANN)
    set_user_portfolios(session=world, name=ANN, portfolios=["opc"], actor=ADMIN)
    assert refused(undo_last, session=world, actor=ANN) == OUTSIDE + "risk R5.1 is in collab"
    assert {r.ref: r.title for r in views.risks(world)}["R5.1"] == "Before"


def test_imported_records_keep_their_portfolio_for_the_limit_and_a_lead_cannot_import(world, db_url, tmp_path):
    file = tmp_path / "more.toml"
    file.write_text('portfolio = "collab"\n\n[[risk]]\nref = "R5.7"\ntitle = "Imported"\nowner = "ann"\n'
                    'status = "open"\n\n[[risk]]\nref = "R9.7"\nportfolio = "opc.roads"\ntitle = "Roads"\n'
                    'owner = "ann"\nstatus = "open"\n', encoding="utf-8")
    db = db_target(db_url)
    by_lead = run_cli("--db", db, "--user", ANN, "import", str(file))
    assert by_lead.returncode == 1 and "only an admin may import data; ann is a lead" in by_lead.stderr
    by_admin = run_cli("--db", db, "--user", ADMIN, "import", str(file))
    assert by_admin.returncode == 0, by_admin.stderr
    world.expire_all()
    store.update_risk(session=world, ref="R9.7", changes=RiskUpdate(title="Mine"), actor=ANN)
    assert refused(store.update_risk, session=world, ref="R5.7", changes=RiskUpdate(title="No"), actor=ANN) == \
        OUTSIDE + "risk R5.7 is in collab"


# ---------------------------------------------------------------------------------------------
# The list itself: admins only, never an admin, recorded, verified


def test_the_list_is_recorded_in_history_and_verify_checks_it(world):
    events = world.execute(select(ChangeEvent.field, ChangeEvent.old, ChangeEvent.new, ChangeEvent.actor)
                           .where(ChangeEvent.entity == "user", ChangeEvent.ref == ANN,
                                  ChangeEvent.field == "portfolios")).all()
    assert [tuple(e) for e in events] == [("portfolios", "", "opc", ADMIN)]
    assert verify(world).ok
    ann = world.execute(select(User.id).where(User.name == ANN)).scalar()
    plan = world.execute(select(Portfolio.id).where(Portfolio.code == "plan")).scalar()
    world.execute(insert(UserPortfolio).values(user_id=ann, portfolio_id=plan))  # around tracker
    world.commit()
    verdict = verify(world)
    assert not verdict.ok
    assert "user 'ann', portfolios: the database has 'opc,plan' but history says 'opc'" in verdict.problems


def test_only_an_admin_sets_the_list_and_an_admin_is_never_limited(world):
    assert refused(set_user_portfolios, session=world, name=BOB, portfolios=["opc"], actor=ANN) == \
        "only an admin may manage users; ann is a lead"
    with pytest.raises(InvalidInput, match="boss is an admin, and admins manage every portfolio"):
        set_user_portfolios(session=world, name=ADMIN, portfolios=["opc"], actor=ADMIN)
    with pytest.raises(InvalidInput, match=r"ann is limited to portfolios opc, and admins manage every portfolio; "
                                           r"lift the limit first \(`tracker user portfolios ann --all`\)"):
        store.add_user(session=world, name=ANN, role="admin", actor=ADMIN)
    with pytest.raises(NotFound, match="no portfolio 'nowhere'"):
        set_user_portfolios(session=world, name=BOB, portfolios=["nowhere"], actor=ADMIN)
    remove_user(session=world, name=ANN, actor=ADMIN)
    assert world.execute(select(UserPortfolio)).all() != [] and verify(world).ok  # rita's stays; ann's went


# ---------------------------------------------------------------------------------------------
# Reads


def test_a_limited_users_all_portfolios_means_theirs(world):
    assert readable_scope(world, ANN, None).code == "opc"
    assert {r.ref for r in views.risks(world, portfolio=readable_scope(world, ANN, None))} == {"R9.1", "R9.2"}
    assert readable_scope(world, ANN, "opc.roads").code == "opc.roads"
    with pytest.raises(Forbidden) as caught:
        readable_scope(world, ANN, "collab")
    assert str(caught.value) == "ann may read records of portfolio opc only (and of those under it); collab is outside"
    set_user_portfolios(session=world, name=ANN, portfolios=["collab", "opc.roads"], actor=ADMIN)
    both = readable_scope(world, ANN, None)
    assert {r.ref for r in views.risks(world, portfolio=both)} == {"R5.1", "R9.2"}
    assert readable_scope(world, BOB, None).ids is None  # not limited: every portfolio


# ---------------------------------------------------------------------------------------------
# The CLI


def test_cli_sets_shows_and_enforces_the_list(world, db_url):
    db = db_target(db_url)
    added = run_cli("--db", db, "--user", ADMIN, "user", "add", "carl", "--role", "lead", "-P", "opc", "-P", "plan")
    assert added.returncode == 0, added.stderr
    listed = run_cli("--db", db, "--user", ADMIN, "user", "list", "--format", "csv")
    assert "carl,lead,\"opc, plan\"" in listed.stdout and "bob,lead,all" in listed.stdout
    changed = run_cli("--db", db, "--user", ADMIN, "user", "portfolios", "carl", "collab")
    assert changed.returncode == 0 and "carl has rights in portfolios collab" in changed.stdout
    cleared = run_cli("--db", db, "--user", ADMIN, "user", "portfolios", "carl", "--all")
    assert cleared.returncode == 0 and "carl has rights in every portfolio" in cleared.stdout
    neither = run_cli("--db", db, "--user", ADMIN, "user", "portfolios", "carl")
    assert neither.returncode == 2 and "or --all" in neither.stderr
    by_lead = run_cli("--db", db, "--user", ANN, "user", "portfolios", "carl", "opc")
    assert by_lead.returncode == 1 and "only an admin may manage users" in by_lead.stderr
    rag = run_cli("--db", db, "--user", ANN, "rag", "5.1", "green", "--period", "2023", "--note", "x")
    assert rag.returncode == 1 and OUTSIDE + "workstream 5.1 is in collab" in rag.stderr
    assert "Traceback" not in rag.stderr
    risks = run_cli("--db", db, "--user", ANN, "list", "risks", "--format", "csv")
    assert risks.returncode == 0 and "R9.1" in risks.stdout and "R5.1" not in risks.stdout


# ---------------------------------------------------------------------------------------------
# The TUI


async def test_the_tui_opens_a_limited_user_on_their_portfolio(world, tui):
    async with tui(user=RITA) as pilot:
        assert pilot.app.portfolio == "collab"
    async with tui(user=ANN) as pilot:
        assert pilot.app.portfolio == "opc"


async def test_a_form_save_into_another_portfolio_is_refused_at_the_portfolio_field(world, tui):
    from textual.widgets import Input, Select, Static

    async with tui(user=ANN, portfolio="opc", size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.press("3", "n")
        await pilot.press(*"R9.8")
        app.screen.query_one("#field-title", Input).value = "Dogs on the A12"
        app.screen.query_one("#field-owner", Input).value = ANN
        app.screen.query_one("#field-portfolio", Select).value = "collab"
        await pilot.press("ctrl+s")
        assert app.screen.__class__.__name__ == "RecordForm"
        shown = str(app.screen.query_one("#error-portfolio", Static).render())
        assert shown == OUTSIDE + "risk R9.8 is in collab"
        assert app.screen.query_one("#field-title", Input).value == "Dogs on the A12"  # nothing typed is lost
        app.screen.query_one("#field-portfolio", Select).value = "opc.roads"
        await pilot.press("ctrl+s")
        assert app.screen.__class__.__name__ != "RecordForm"
    assert {r.ref: r.portfolio for r in views.risks(world, portfolio="opc")}["R9.8"] == "opc.roads"


def test_the_first_frame_opens_a_limited_user_on_their_portfolio(world, db_url, backend):
    from tracker.db.firstpage import read_first_page

    if backend != "sqlite":
        pytest.skip("the first frame is read straight from a SQLite file")
    world.commit()
    assert read_first_page(db_url, user=RITA, read_only=False, limit=10).portfolio == "collab"
    assert read_first_page(db_url, user=ANN, read_only=False, limit=10).portfolio == "opc"
    assert read_first_page(db_url, user=BOB, read_only=False, limit=10).portfolio is None  # two hold workstreams
