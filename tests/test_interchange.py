"""TOML export and import: identical round trip; a rejected import writes nothing."""

import pytest
from sqlalchemy import func, select
from sqlmodel import Session
from tracker.db.engine import database_url, open_database
from tracker.db.errors import InvalidInput
from tracker.db.models import ChangeEvent
from tracker.db.schemas import RiskScale

from tracker.interchange import export_toml, import_snapshot, parse_snapshot, read_snapshot


def load(session, text: str | bytes, source="file.toml"):
    raw = text.encode() if isinstance(text, str) else text
    import_snapshot(session=session, snapshot=parse_snapshot(raw, source=source), source=source, actor="t", scale=RiskScale())


def test_export_import_export_is_identical(seeded, tmp_path):
    first = export_toml(seeded)
    engine = open_database(database_url(tmp_path / "copy.db"), create=True)
    with Session(engine) as other:
        load(other, first)
        assert export_toml(other) == first
    engine.dispose()
    assert "[[workstream.assessment]]" in first and 'rag = "amber"' in first


def test_import_records_history_for_every_record(session):
    load(session, """
[[section]]
code = "1"
name = "One"

[[workstream]]
ref = "1.1"
name = "First"
section = "1"
""")
    fields = set(session.execute(select(ChangeEvent.entity, ChangeEvent.field)).all())
    assert {("section", "name"), ("workstream", "name"), ("workstream", "section")} <= fields


GOOD_PREFIX = """
[[period]]
label = "2031"
start = 2031-01-01
end = 2031-12-31

[[section]]
code = "8.8"
name = "New section"
"""

REJECTIONS = {
    "bad rag": (
        GOOD_PREFIX + '[[workstream]]\nref = "8.8.1"\nname = "MH"\nsection = "8.8"\n'
        '[[workstream.assessment]]\nperiod = "2031"\nrag = "purple"\nassessed_by = "x"\nassessed_at = "2023-01-01T00:00:00Z"\n',
        "workstream 8.8.1, assessment 2031, rag",
    ),
    "unknown section": (GOOD_PREFIX + '[[workstream]]\nref = "8.8.1"\nname = "MH"\nsection = "9.9"\n', "workstream 8.8.1, section"),
    "unknown period": (
        GOOD_PREFIX + '[[workstream]]\nref = "8.8.1"\nname = "MH"\nsection = "8.8"\n'
        '[[workstream.assessment]]\nperiod = "2030"\nrag = "red"\nassessed_by = "x"\nassessed_at = 2023-01-01T00:00:00Z\n',
        "workstream 8.8.1, assessment 2030, period",
    ),
    "unknown risk on action": (GOOD_PREFIX + '[[action]]\nref = "A99"\ntitle = "T"\nrisk = "R9"\n', "action A99, risk"),
    "duplicate ref": (
        GOOD_PREFIX + '[[workstream]]\nref = "8.8.1"\nname = "A"\nsection = "8.8"\n'
        '[[workstream]]\nref = "8.8.1"\nname = "B"\nsection = "8.8"\n',
        "workstream 8.8.1, ref",
    ),
    "ref already stored": (
        GOOD_PREFIX + '[[workstream]]\nref = "5.4.3"\nname = "Again"\nsection = "8.8"\n',
        "workstream 5.4.3, ref",
    ),
    "unknown field": (GOOD_PREFIX + '[[workstream]]\nref = "8.8.1"\nname = "MH"\nsection = "8.8"\nleed = "x"\n', "workstream 8.8.1, leed"),
    "missing name": (GOOD_PREFIX + '[[workstream]]\nref = "8.8.1"\nsection = "8.8"\n', "workstream 8.8.1, name"),
    "bad date": (GOOD_PREFIX + '[[action]]\nref = "A98"\ntitle = "T"\ndue_date = "2024-02-30"\n', "action A98, due_date"),
    "malformed toml": ("[[workstream]\nref = 1\n", "file.toml"),
    "unknown table": ("[[widget]]\nx = 1\n", "file.toml"),
    "score above scale": ('[[risk]]\nref = "R61"\ntitle = "Roads"\nscore = 61\nportfolio = "opc"\n', "risk R61, score"),
}


@pytest.mark.parametrize("case", list(REJECTIONS))
def test_rejected_import_names_the_place_and_changes_nothing(seeded, case):
    text, where = REJECTIONS[case]
    before = export_toml(seeded)
    events = seeded.execute(select(func.count()).select_from(ChangeEvent)).scalar()
    with pytest.raises(InvalidInput) as error:
        load(seeded, text)
    assert error.value.where.startswith("file.toml")
    assert where in str(error.value)
    assert export_toml(seeded) == before
    assert seeded.execute(select(func.count()).select_from(ChangeEvent)).scalar() == events


def test_malformed_toml_reports_the_line(session):
    with pytest.raises(InvalidInput, match="line 3"):
        load(session, 'a = 1\nb = 2\nc = = 3\n')


def test_non_utf8_and_empty_files(tmp_path, session):
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[[section]]\ncode = "1"\nname = "Caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(InvalidInput, match="not UTF-8"):
        read_snapshot(latin)
    empty = tmp_path / "empty.toml"
    empty.write_text("  \n")
    with pytest.raises(InvalidInput, match="is empty"):
        read_snapshot(empty)
    with pytest.raises(InvalidInput, match="directory"):
        read_snapshot(tmp_path)


def test_a_later_error_undoes_the_earlier_records(session):
    text = GOOD_PREFIX + '[[action]]\nref = "13.2"\ntitle = "T"\nworkstream = "nope"\n'
    with pytest.raises(InvalidInput):
        load(session, text)
    assert export_toml(session).strip().endswith("(see docs/format.md)")
