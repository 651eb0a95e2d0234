"""Hostile and broken input wherever input enters: a clear message, and stored data as it was."""

import hashlib
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tracker.db import store, views
from tracker.db.errors import InvalidInput
from tracker.db.models import NAME_MAX, PERSON_MAX
from tracker.db.schemas import RiskCreate, RiskScale, WorkstreamUpdate, validated

from tests.inprocess import run_cli

HOSTILE = [
    "[bold red]alarm[/]", "[/oops]", "\x1b[2J\x1b[31mred", "a\u202eevil\u202c", "emoji 🚓👮‍♀️", "tab\there",
    "zero\u200bwidth", "<script>alert(1)</script>", "=HYPERLINK(\"x\")", "'; DROP TABLE workstream; --",
]


@pytest.fixture
def db(seeded, seeded_db) -> str:
    seeded.close()
    return str(seeded_db)


def export(db: str) -> str:
    return hashlib.sha256(run_cli("export", "--db", db).stdout.encode()).hexdigest()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_as_typed_and_printed_literally(db, text):
    assert run_cli("rag", "5.1.1", "red", "--period", "2023", "--note", text, "--db", db).returncode == 0
    as_json = run_cli("history", "5.1.1", "--limit", "1", "--format", "json", "--db", db)
    assert __import__("json").loads(as_json.stdout)[0]["new"] == text
    table = run_cli("history", "5.1.1", "--limit", "1", "--db", db, env={"COLUMNS": "250"})
    assert "\x1b" not in table.stdout and "\u202e" not in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rag", "5.1.1", "red", "--period", "2023", "--note", "x" * 20_001], "at most 20000"),
        (["rag", "5.1.1", "", "--period", "2023"], "is not a RAG"),
        (["rag", "5.1.1", "crimson", "--period", "2023"], "is not a RAG"),
        (["rag", "9.9.9", "red", "--note", "x"], "no workstream '9.9.9'"),
        (["rag", "5.1.1", "red", "--period", "2031", "--note", "x"], "no period '2031'"),
        (["period", "add", "2024", "--start", "2024-02-30", "--end", "2024-12-31"], "is not a date"),
        (["period", "add", "2024", "--start", "01/31/2024", "--end", "2024-12-31"], "is not a date"),  # day first (issue 18)
        (["period", "add", "", "--start", "2024-01-01", "--end", "2024-12-31"], "must not be empty"),
        (["period", "add", "x" * 41, "--start", "2024-01-01", "--end", "2024-12-31"], "at most 40"),
        (["period", "add", "2023", "--start", "2023-01-01", "--end", "2023-12-31"], "exists already"),
    ],
)
def test_bad_cli_input_is_named_and_changes_nothing(db, args, message):
    before = export(db)
    result = run_cli(*args, "--db", db)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert export(db) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\xff\xfe[[section]]", "not UTF-8"),
        (b"[[section]\ncode = 1", "not valid TOML"),
        (b'[[risk]]\nref = "R1"\ntitle = "T"\nlikelihood = 9\nimpact = 1\nportfolio = "opc"\n', "from 1 to 6"),
        (b'[[risk]]\nref = "R1"\ntitle = "T"\nlikelihood = 0\nimpact = 1\n', "greater than or equal to 1"),
        (b'[[risk]]\nref = "R1"\ntitle = "T"\nscore = -5\n', "greater than or equal to 0"),
        (b'[[workstream]]\nref = "X"\nname = "' + b"n" * (NAME_MAX + 1) + b'"\nsection = "5.1"\n', "at most 200"),
        (b'[[workstream]]\nref = "X"\nname = "   "\nsection = "5.1"\n', "must not be empty"),
        (b'[[workstream]]\nref = "X"\nname = "N"\nsection = "5.1"\n[[workstream.assessment]]\nperiod = "1999"\n'
         b'rag = "red"\nassessed_by = "a"\nassessed_at = 2023-01-01T00:00:00Z\n', "no period '1999'"),
    ],
)
def test_bad_files_are_named_and_change_nothing(db, tmp_path, content, message):
    source = tmp_path / "in.toml"
    source.write_bytes(content)
    before = export(db)
    result = run_cli("import", str(source), "--db", db)
    assert result.returncode == 2 and message in result.stderr and str(source) in result.stderr
    assert export(db) == before


def test_a_huge_file_is_refused_before_it_is_read(db, tmp_path):
    source = tmp_path / "huge.toml"
    with open(source, "wb") as handle:
        handle.truncate(201 * 1024 * 1024)  # sparse: costs no disk
    result = run_cli("import", str(source), "--db", db)
    assert result.returncode == 2 and "the limit is" in result.stderr


@pytest.mark.sqlite_only
def test_a_truncated_database_is_refused_and_left_as_it_is(db, tmp_path):
    data = open(db, "rb").read()
    broken = tmp_path / "truncated.db"
    broken.write_bytes(data[: len(data) // 3])
    result = run_cli("list", "workstreams", "--db", str(broken))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert broken.read_bytes() == data[: len(data) // 3]


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=260)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=texts, lead=texts)
def test_random_text_is_kept_exactly_or_refused(seeded, name, lead):
    """Through validation and the store, text is either stored unchanged or refused with InvalidInput."""
    try:
        changes = validated(WorkstreamUpdate, {"name": name, "lead": lead}, where="workstream 5.1.1")
        store.update_workstream(session=seeded, ref="5.1.1", changes=changes, actor="prop")
    except InvalidInput as exc:
        assert exc.where.startswith("workstream 5.1.1")
        assert (not name.strip() or len(name) > NAME_MAX or len(lead) > PERSON_MAX
                or "\x00" in name + lead)  # NUL: PostgreSQL stores no such text, so neither engine does
        return
    row = views.dashboard(seeded, ref="5.1.1").rows[0]
    assert row.name == name
    assert row.lead == (lead if lead.strip() else None)  # a blank lead means "no lead"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(likelihood=st.integers(-5, 120), impact=st.integers(-5, 120),
       ref=st.text(alphabet=string.ascii_letters + string.digits + "./-", min_size=1, max_size=40))
def test_random_scores_are_kept_exactly_or_refused(seeded, likelihood, impact, ref):
    scale = RiskScale()
    try:
        data = validated(RiskCreate, {"ref": ref, "title": "t", "likelihood": likelihood, "impact": impact, "portfolio": "opc"},
                         where=f"risk {ref}")
        store.create_risk(session=seeded, data=data, actor="prop", scale=scale)
    except InvalidInput as exc:
        assert exc.where.startswith("risk")
        assert (not 1 <= likelihood <= scale.likelihood_max or not 1 <= impact <= scale.impact_max
                or len(ref) > 32 or ref in {r.ref for r in views.risks(seeded)})
        return
    stored = {r.ref: r for r in views.risks(seeded)}[ref]
    assert (stored.likelihood, stored.impact, stored.score) == (likelihood, impact, likelihood * impact)
    store.delete_risk(session=seeded, ref=ref, actor="prop")


@pytest.mark.parametrize("where", ["a-file/tracker.db", "a-file/deeper/tracker.db"])
def test_a_database_path_that_cannot_be_created_is_named(tmp_path, where):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli("init", "--db", str(tmp_path / where))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{blocker} is a file, not a folder" in result.stderr
    assert blocker.read_text() == "not a folder"


@pytest.mark.sqlite_only
def test_a_database_that_cannot_be_written_refuses_the_change_and_keeps_what_it_had(seeded, seeded_db):
    """Root ignores file modes, so the file is opened read-only the way SQLite offers it."""
    from pathlib import Path

    from sqlmodel import Session
    from tracker.db.engine import make_engine
    from tracker.db.errors import DatabaseProblem

    seeded.close()
    engine = make_engine(f"sqlite:///file:{Path(seeded_db).as_posix()}?mode=ro&uri=true")
    before = views.dashboard(Session(engine), "2023", ref="5.1.1").rows[0].rag
    with Session(engine) as session, pytest.raises(DatabaseProblem, match="cannot be written.*readonly"):
        store.set_rating(session=session, ref="5.1.1", period="2023", rag="red", rationale="x", actor="ann")
    assert views.dashboard(Session(engine), "2023", ref="5.1.1").rows[0].rag == before
    engine.dispose()
