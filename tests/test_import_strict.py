"""Import obeys the rules a single change obeys, as if each record were entered in order, and
refuses what breaks them naming the file, the item and the field (issue 14)."""

import hashlib

import pytest
from sqlalchemy import func, select
from sqlmodel import Session
from tracker.db.engine import database_url, open_database
from tracker.db.errors import InvalidInput
from tracker.db.models import ChangeEvent

from tests.conftest import run_cli
from tests.test_interchange import load
from tracker.interchange import export_toml

RISK = '[[risk]]\nref = "R1"\ntitle = "T"\nportfolio = "opc"\n'
ACTION = '[[action]]\nref = "A1"\ntitle = "T"\nportfolio = "opc"\n'
NEW_WS = '[[workstream]]\nref = "8.1"\nname = "N"\nsection = "5.1"\nportfolio = "collab"\n'
STAMP = 'assessed_by = "x"\nassessed_at = 2023-01-01T00:00:00Z\n'
MEASURE = ('[[measure]]\nref = "M9"\nname = "Nine"\narea = "A"\nunit = "count"\ndirection = "higher_is_better"\n'
           'portfolio = "perf"\n[[measure.value]]\n')
COMMITMENT = '[[commitment]]\nref = "7.99"\npriority = 7\ntext = "We will"\nowners = ["Team A"]\nportfolio = "plan"\n[[commitment.commentary]]\n'
VALUE_STAMP = 'entered_by = "x"\nentered_at = 2023-01-01T00:00:00Z\n'
NOTE_STAMP = 'written_by = "x"\nwritten_at = 2023-01-01T00:00:00Z\n'

WRONG_TYPES = {
    "bool as int": (RISK + "likelihood = true\nimpact = 2\n", "risk R1, likelihood", "not a boolean true"),
    "string as int": (RISK + 'likelihood = "3"\nimpact = 2\n', "risk R1, likelihood", "not a string '3'"),
    "float as int": (RISK + "likelihood = 3.0\nimpact = 2\n", "risk R1, likelihood", "not a float 3.0"),
    "float score": (RISK + "score = 12.0\n", "risk R1, score", "must be an integer"),
    "count as text": (RISK + 'mitigation_count = "10"\n', "risk R1, mitigation_count", "not a string '10'"),
    "string closed": ('[[period]]\nlabel = "2031"\nstart = 2031-01-01\nend = 2031-12-31\nclosed = "true"\n',
                      "period 2031, closed", "must be true or false"),
    "string date": (ACTION + 'due_date = "2024-03-01"\n', "action A1, due_date", "must be a date"),
    "datetime as date": (ACTION + "due_date = 2024-03-01T00:00:00\n", "action A1, due_date", "not a date-time"),
    "string period date": ('[[period]]\nlabel = "2031"\nstart = "2031-01-01"\nend = 2031-12-31\n',
                           "period 2031, start", "must be a date"),
    "priority as string": (NEW_WS + 'priorities = ["3"]\n', "workstream 8.1, priorities #1", "must be an integer"),
    "free-text stamp": (NEW_WS + '[[workstream.assessment]]\nperiod = "2023"\nrag = "red"\nrationale = "r"\n'
                        'assessed_by = "x"\nassessed_at = "last Tuesday"\n',
                        "workstream 8.1, assessment 2023, assessed_at", "must be a date-time"),
    "stamp without offset": (MEASURE + 'period = "2023"\nvalue = 3\nentered_by = "x"\nentered_at = 2023-01-01T00:00:00\n',
                             "measure M9, value 2023, entered_at", "has no offset"),
    "bool as number": (MEASURE + f'period = "2023"\nvalue = true\n{VALUE_STAMP}', "measure M9, value 2023, value",
                       "must be a number"),
}

BROKEN_RULES = {
    "rating in a closed period": (NEW_WS + f'[[workstream.assessment]]\nperiod = "2022"\nrag = "red"\nrationale = "r"\n{STAMP}',
                                  "workstream 8.1, assessment 2022, period", "period 2022 is closed"),
    "value in a closed period": (MEASURE + f'period = "2022"\nvalue = 3\n{VALUE_STAMP}',
                                 "measure M9, value 2022, period", "its values are frozen"),
    "commentary in a closed period": (COMMITMENT + f'period = "2022"\nteam = "Team A"\ntext = "t"\n{NOTE_STAMP}',
                                      "commitment 7.99, commentary 2022, period", "its commentary is frozen"),
    "commentary from a team that is not an owner": (
        COMMITMENT + f'period = "2023"\nteam = "Team B"\ntext = "t"\n{NOTE_STAMP}',
        "commitment 7.99, commentary 2023, team", "not one of its owning teams"),
    "a period in year 1": ('[[period]]\nlabel = "Y1"\nstart = 0001-01-01\nend = 0001-12-31\n',
                           "period Y1, start", "before 1900"),
    "a first RAG without a rationale": (NEW_WS + f'[[workstream.assessment]]\nperiod = "2023"\nrag = "red"\n{STAMP}',
                                        "workstream 8.1, assessment 2023, rationale", "a rationale is required"),
}


def events(session) -> int:
    return session.execute(select(func.count()).select_from(ChangeEvent)).scalar()


@pytest.mark.parametrize("case", list(WRONG_TYPES) + list(BROKEN_RULES))
def test_an_import_that_breaks_a_rule_is_refused_by_name_and_changes_nothing(seeded, case):
    text, where, message = (WRONG_TYPES | BROKEN_RULES)[case]
    before, count = export_toml(seeded), events(seeded)
    with pytest.raises(InvalidInput) as error:
        load(seeded, text)
    assert error.value.where == f"file.toml: {where}" and message in error.value.reason
    assert export_toml(seeded) == before and events(seeded) == count


def test_the_cli_refuses_a_wrongly_typed_file_with_status_2(seeded, seeded_db, tmp_path):
    seeded.close()
    source = tmp_path / "typed.toml"
    source.write_text(RISK + "likelihood = true\nimpact = 2\n")
    export = lambda: hashlib.sha256(run_cli("export", "--db", seeded_db).stdout.encode()).hexdigest()  # noqa: E731
    before = export()
    result = run_cli("import", str(source), "--db", seeded_db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{source}: risk R1, likelihood: must be an integer" in result.stderr
    assert export() == before


def test_a_period_in_year_1_is_refused_on_the_cli_too(seeded, seeded_db):
    seeded.close()
    result = run_cli("period", "add", "Y1", "--start", "0001-01-01", "--end", "0001-12-31", "--db", seeded_db)
    assert result.returncode == 2 and "period Y1, start" in result.stderr and "before 1900" in result.stderr


def test_a_whole_export_round_trips_closing_its_periods_after_their_records(seeded, db_url):
    """The seeds' 2022 is closed and holds RAGs: into an empty database it still loads, closed last."""
    first = export_toml(seeded)
    assert 'label = "2022"' in first and "closed = true" in first
    target, name = _empty_database(db_url, seeded)
    engine = open_database(target, create=True)
    try:
        with Session(engine) as other:
            load(other, first)
            assert export_toml(other) == first
            closes = other.execute(select(ChangeEvent.ref, ChangeEvent.old, ChangeEvent.new, ChangeEvent.id).where(
                ChangeEvent.entity == "period", ChangeEvent.field == "closed", ChangeEvent.kind == "update")).all()
            assert {c.ref for c in closes} >= {"2022"} and all((c.old, c.new) == ("false", "true") for c in closes)
            last_rating = other.execute(select(func.max(ChangeEvent.id)).where(ChangeEvent.entity == "assessment")).scalar()
            assert min(c.id for c in closes) > last_rating
    finally:
        engine.dispose()
        _drop(seeded, name)


def test_time_stamps_are_exported_as_toml_date_times(seeded):
    text = export_toml(seeded)
    assert "assessed_at = 2023-10-23 00:00:00+00:00" in text and 'assessed_at = "' not in text


def _empty_database(db_url: str, seeded) -> tuple[str, str | None]:
    if db_url.startswith("sqlite"):
        from pathlib import Path

        path = Path(db_url.split(":///", 1)[1]).with_name("copy.db")
        return database_url(path), None
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False), name


def _drop(seeded, name: str | None) -> None:
    if name is None:
        return
    from sqlalchemy import create_engine

    admin = create_engine(seeded.get_bind().url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def test_owners_cannot_change_so_as_to_orphan_commentary(seeded):
    """Every commentary comes from an owning team in the database too, so an export imports again:
    dropping a team that has written commentary is refused, naming it; adding teams is not."""
    from tracker.db import plan
    from tracker.db.schemas import CommitmentUpdate

    row = next(r for r in plan.commitments(seeded, "Q2 2023/24") if r.ref == "1.2")
    writers = {note.team for note in row.commentary}
    with pytest.raises(InvalidInput, match="has written commentary on it, so it stays one of the owning") as refused:
        plan.update_commitment(session=seeded, ref="1.2", changes=CommitmentUpdate(owners=["B team"]), actor="tester")
    assert any(team in str(refused.value) for team in writers) and refused.value.where == "commitment 1.2, owners"
    assert next(r for r in plan.commitments(seeded, None) if r.ref == "1.2").owners == row.owners
    plan.update_commitment(session=seeded, ref="1.2", changes=CommitmentUpdate(owners=[*row.owners, "B team"]),
                           actor="tester")
    assert next(r for r in plan.commitments(seeded, None) if r.ref == "1.2").owners == (*row.owners, "B team")
