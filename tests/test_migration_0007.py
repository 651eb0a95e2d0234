"""Migration 0007 (portfolios) on a database tracker 0006 wrote, on SQLite and PostgreSQL.

OLD_DATABASE is what tracker at schema 0006 (commit 4f60d4f) stored after `tracker import` of
two periods (the year 2023, rated, and a later quarter holding only a measure value), a section,
two workstreams, a priority, a risk, an action and a measure, and then `tracker rag 5.1.2 amber`:
its rows and its hash-chained history, dumped table by table in id order (ids left to the
database, so both engines number them alike).
"""

import json

import pytest
from sqlalchemy import text

from tests.conftest import database_at, db_target, drop_pg_database, new_pg_database, run_cli
from tracker.db.engine import database_url, make_engine, open_database
from tracker.db.enums import Entity

OLD_DATABASE = (
    "INSERT INTO period (label, start_date, end_date, closed) VALUES ('2023', '2023-01-01', '2023-12-31', FALSE)",
    "INSERT INTO period (label, start_date, end_date, closed) VALUES ('Q4 2023/24', '2024-01-01', '2024-03-31', FALSE)",
    "INSERT INTO priority (number, title, objective) VALUES (1, 'Crime prevention', 'Stop crime before it happens.')",
    "INSERT INTO section (code, name, sort_key) VALUES ('5.1', 'Essex/Kent', '0015.0011')",
    "INSERT INTO workstream (ref, name, section_id, lead, description, status, sort_key) VALUES ('5.1.1', 'Joint Serious Crime Directorate', 1, NULL, '', 'active', '0015.0011.0011')",
    "INSERT INTO workstream (ref, name, section_id, lead, description, status, sort_key) VALUES ('5.1.2', 'Joint Support Services', 1, NULL, '', 'active', '0015.0011.0012')",
    'INSERT INTO workstream_priority (workstream_id, priority_id) VALUES (1, 1)',
    "INSERT INTO assessment (workstream_id, period_id, rag, rationale, assessed_by, assessed_at) VALUES (1, 1, 'green', 'On plan.', 'ann', '2023-10-23T00:00:00Z')",
    "INSERT INTO assessment (workstream_id, period_id, rag, rationale, assessed_by, assessed_at) VALUES (2, 1, 'amber', 'Behind plan', 'ann', '2026-12-02T01:11:51.623468Z')",
    "INSERT INTO risk (ref, title, description, owner, workstream_id, likelihood, impact, score, target_score, status, review_date, on_register) VALUES ('9.1', 'Funding cut', '', 'Head of OPC', NULL, NULL, NULL, 60, NULL, 'open', NULL, TRUE)",
    "INSERT INTO action (ref, title, detail, owner, due_date, status, completed_on, workstream_id, risk_id) VALUES ('9.1/1', 'Prioritise by harm', '', NULL, NULL, 'in_progress', NULL, NULL, 1)",
    "INSERT INTO measure (ref, sort_key, name, area, unit, direction, target, description, lead, workstream_id) VALUES ('M.1', 'M.0011', 'Benefits', 'Collaboration benefits', 'money', 'higher_is_better', NULL, '', NULL, 1)",
    "INSERT INTO measure_value (measure_id, period_id, value, ci, footnote, entered_by, entered_at) VALUES (1, 2, 100.0, NULL, '', 'ann', '2024-03-01T00:00:00Z')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'period', '2023', NULL, 'create', 'start', NULL, '2023-01-01', '34580b704c3fb71376da9406fced0c46b4df4db7cdb381a8619a42858eedeb44')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'period', '2023', NULL, 'create', 'end', NULL, '2023-12-31', '6633c6651e70d86a74936519d0083b93b9a999e151e6023b4bbcdd3eb1e4ed81')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'period', '2023', NULL, 'create', 'closed', NULL, 'false', 'ec5213a5c2f1e04dee0f8749bc5feb730490fcaaf572c4c991ba8adf907e37ce')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'period', 'Q4 2023/24', NULL, 'create', 'start', NULL, '2024-01-01', 'b66da8456fb21fa25ea6165700b869347af42b45ac9bfa4e1154e4874fe892b1')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'period', 'Q4 2023/24', NULL, 'create', 'end', NULL, '2024-03-31', 'bd0c979de63f9e787085a0ad2103bae90c8369101cf246ecc9c4b115036ccbdd')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'period', 'Q4 2023/24', NULL, 'create', 'closed', NULL, 'false', 'cf51df5edb5773743250e13f5ff1b99259a669bf531a4b4fda38ed499f2c63d1')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'section', '5.1', NULL, 'create', 'name', NULL, 'Essex/Kent', '4ced25f739630e0191b14b4a0c97b7c48df977dff0e95d31234c94fcf7a81ca9')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'priority', '1', NULL, 'create', 'title', NULL, 'Crime prevention', 'c1eaaf90285058b676a9064d613b8da060427128aa32f7cf12906fb85d8c7345')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'priority', '1', NULL, 'create', 'objective', NULL, 'Stop crime before it happens.', '7a89fabdb9d17205c39a76587ad05a9f69f4456525cf621114ca9cd43f128337')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'workstream', '5.1.1', NULL, 'create', 'name', NULL, 'Joint Serious Crime Directorate', '03b4d113737e86b64b7df86dffa15e3d8eddaa528c037af64e127127c5e0665d')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'workstream', '5.1.1', NULL, 'create', 'section', NULL, '5.1', 'ae95adacef77907e3fea27df12bd602c1a8c8bd8ed779a268a5d1dd25502f35f')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'workstream', '5.1.1', NULL, 'create', 'status', NULL, 'active', '4e251154d438f7238f546d0350586a0665ede87b95727aa4b31ff4d8e7c8c2c1')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'workstream', '5.1.1', NULL, 'create', 'priorities', NULL, '1', '6d14093e4307bede3ef49485bd6bf94026f5c417102cc96d163e7090a8a83f01')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'workstream', '5.1.2', NULL, 'create', 'name', NULL, 'Joint Support Services', '3a2ad56e1f85dfc2630479c3d943d1e0cf6da5908a8940b630f140053c55889d')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'workstream', '5.1.2', NULL, 'create', 'section', NULL, '5.1', 'f5ab6743723caa2e242f169efbafd3c26055dbe0fdcaf6ea8181dd939f321379')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'workstream', '5.1.2', NULL, 'create', 'status', NULL, 'active', 'eff108dcceb9f6f104e4800e464383a1a49a1b4481166ca8e977f00a95902e5a')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'assessment', '5.1.1', '2023', 'create', 'rag', NULL, 'green', '0797d0b36658c9ca1e23fb2a1675839f1192e2f08554184df76f18bf7b5aa336')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'assessment', '5.1.1', '2023', 'create', 'rationale', NULL, 'On plan.', 'c857ff75b144ef14955b2839752bf704a7a61030eb099c99a5b5a22c71f0d168')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'assessment', '5.1.1', '2023', 'create', 'assessed_by', NULL, 'ann', 'd64692b1db6692774840bf5c24d063e93e65bd2871bc6619d9d529d0fbce768b')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'assessment', '5.1.1', '2023', 'create', 'assessed_at', NULL, '2023-10-23T00:00:00Z', '4818e3568cfdcecee46c0419af18cb9eea0e9c9b5c01507b5e130839c9ebe5e5')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'risk', '9.1', NULL, 'create', 'title', NULL, 'Funding cut', '0b21bc3aec5b18ea6845501b135020f727c8a27aa85bd4a9e91c11ed3628f8da')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'risk', '9.1', NULL, 'create', 'owner', NULL, 'Head of OPC', '352dc198421fd7e82e70ae7fd2c33248366ca4ae50ec3dbaf312aad2709a9cb4')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'risk', '9.1', NULL, 'create', 'score', NULL, '60', '857126b78718ea4a01040a771eafe3ea10bb1e67a4d6c1a69728f7b5569e0382')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'risk', '9.1', NULL, 'create', 'status', NULL, 'open', '1f53b172da5c1a4590aa4d2cfd3ee39358a90b41ad95005cc12c3ba82e5b4b37')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'risk', '9.1', NULL, 'create', 'on_register', NULL, 'true', 'fc2cc25265598b10be8d2a0bbf311fcd9487ddd1fa8aa666cb8859d7faa94c8d')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'action', '9.1/1', NULL, 'create', 'title', NULL, 'Prioritise by harm', 'b343cd126f836a3ee56619d0229a153ff4e15b46ee53df92d2adb9c9a6279308')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'action', '9.1/1', NULL, 'create', 'status', NULL, 'in_progress', 'ae0170f3250b350aa89c7eb531b2a1e35b717847a3d7a817917249ec2389735b')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'action', '9.1/1', NULL, 'create', 'risk', NULL, '9.1', '3318c176b2a80782edf958b699ebb8de74ffd0431c104ade0226ef0e8218131a')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'measure', 'M.1', NULL, 'create', 'name', NULL, 'Benefits', 'b704e265cf6e135a247d08a6c380f1c9551162d8e9562c923b8cab627f2d3d66')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'measure', 'M.1', NULL, 'create', 'area', NULL, 'Collaboration benefits', '9dee71d391fa4a8034f038960309fb2d090689e565c676738599f388f4c423fd')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'measure', 'M.1', NULL, 'create', 'unit', NULL, 'money', 'e53e3373f91a7a9c7203e905bf5710fc60882800292268a17517ff0c773f018a')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'measure', 'M.1', NULL, 'create', 'direction', NULL, 'higher_is_better', '3ac6b37b2477e60148358c15700bb037651df99846f88c2fa0f59e8ce5a8f16e')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'measure', 'M.1', NULL, 'create', 'workstream', NULL, '5.1.1', 'a37fb23a536dd8065518dbbb8e2adf24fdaf2338ae6f8a1c389bfa09d0070494')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('8f0e80de2fad46e89c25002a1dd44a38', '2026-12-02T01:11:50.949097Z', 'ann', 'measure', 'M.1', 'Q4 2023/24', 'create', 'value', NULL, '100', 'b47871712a4aefce2dcbad2f84dfcc36a502252c6370fbf2c532c5f197806ce7')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('f52e45314a06457d82c71e312acbc636', '2026-12-02T01:11:51.614043Z', 'ann', 'assessment', '5.1.2', '2023', 'create', 'rag', NULL, 'amber', '33993d5634ba552f895ef4f7a28369b2e2e93bd54ca923cb47b9ed82a6d725d7')",
    "INSERT INTO change_event (batch, at, actor, entity, ref, period, kind, field, old, new, hash) VALUES ('f52e45314a06457d82c71e312acbc636', '2026-12-02T01:11:51.614043Z', 'ann', 'assessment', '5.1.2', '2023', 'create', 'rationale', NULL, 'Behind plan', 'da861b2bcefe002a8394b910308ed795c5c561803a1892010422d9596e5ae937')",
)


HOMED = ("section", "priority", "workstream", "risk", "action", "measure")
MOVED = {("section", "5.1"), ("priority", "1"), ("workstream", "5.1.1"), ("workstream", "5.1.2"),
         ("risk", "9.1"), ("action", "9.1/1"), ("measure", "M.1")}
ACTOR = "tracker upgrade (0007)"


@pytest.fixture
def old_url(backend, tmp_path, request):
    """A database at schema 0006 (SQLite file or PostgreSQL URL) holding OLD_DATABASE."""
    if backend == "sqlite":
        yield database_url(tmp_path / "old.db")
        return
    server = request.getfixturevalue("pg_server")
    url, name = new_pg_database(server, empty=True)
    yield url
    drop_pg_database(server, name)


def _rows(url: str, sql: str) -> list[tuple]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def _upgraded(url: str) -> None:
    database_at(url, "0006", *OLD_DATABASE)
    before = run_cli("list", "workstreams", "--db", db_target(url))
    assert before.returncode == 1 and "tracker upgrade" in before.stderr
    upgraded = run_cli("upgrade", "--db", db_target(url), input="")  # nothing to answer: stdin is empty
    assert upgraded.returncode == 0, upgraded.stderr
    assert "upgraded" in upgraded.stdout + upgraded.stderr


def test_everything_moves_into_default_and_history_records_it(old_url):
    _upgraded(old_url)
    assert _rows(old_url, "SELECT code, name, status, parent_id, cycle FROM portfolio") == [
        ("default", "Default", "active", None, "year")]  # the cycle of 2023, the latest rated period
    home = _rows(old_url, "SELECT id FROM portfolio")[0][0]
    for table in HOMED:
        assert {pid for (pid,) in _rows(old_url, f"SELECT portfolio_id FROM {table}")} == {home}, table
    moves = _rows(old_url, f"SELECT entity, ref, kind, field, old, new FROM change_event WHERE actor = '{ACTOR}'")
    assert {(entity, ref) for entity, ref, kind, field, old, new in moves if field == "portfolio"} == MOVED
    assert all((kind, old, new) == ("update", None, "default") for _e, _r, kind, field, old, new in moves
               if field == "portfolio")
    created = {(field, new) for entity, ref, kind, field, _old, new in moves if entity == Entity.PORTFOLIO}
    assert created == {("name", "Default"), ("status", "active"), ("cycle", "year")}
    history = run_cli("history", "5.1.1", "--format", "json", "--db", db_target(old_url))
    assert history.returncode == 0, history.stderr
    assert any(e["field"] == "portfolio" and e["new"] == "default" for e in json.loads(history.stdout))


def test_verify_passes_after_the_upgrade(old_url):
    _upgraded(old_url)
    verified = run_cli("verify", "--db", db_target(old_url))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "the tables match what history records" in verified.stdout
    assert f"{36 + 3 + len(MOVED)} change events" in verified.stdout  # 0006's 36, Default's creation, the moves


def test_periods_get_their_cycle_and_the_dashboard_opens_where_it_did(old_url):
    _upgraded(old_url)
    assert sorted(_rows(old_url, "SELECT label, cycle FROM period")) == [("2023", "year"), ("Q4 2023/24", "quarter")]
    listed = run_cli("list", "workstreams", "--format", "json", "--db", db_target(old_url))
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["ref"], r["rag"]) for r in rows] == [("5.1.1", "green"), ("5.1.2", "amber")]


def test_a_new_record_after_the_upgrade_goes_into_default(old_url):
    _upgraded(old_url)
    added = run_cli("rag", "5.1.1", "amber", "--period", "2023", "--note", "Slipped", "--db", db_target(old_url))
    assert added.returncode == 0, added.stderr
    assert run_cli("verify", "--db", db_target(old_url)).returncode == 0


def test_a_fresh_database_has_no_portfolio_until_its_first_record(db_url, tmp_path):
    open_database(db_url, create=True).dispose()
    assert _rows(db_url, "SELECT code FROM portfolio") == []
    assert run_cli("period", "add", "2024", "--start", "2024-01-01", "--end", "2024-12-31",
                   "--db", db_target(db_url)).returncode == 0
    assert _rows(db_url, "SELECT code FROM portfolio") == []  # a period belongs to no portfolio
    source = db_target(db_url)
    (tmp_path / "section.toml").write_text('[[section]]\ncode = "5.1"\nname = "Essex/Kent"\n')
    made = run_cli("import", str(tmp_path / "section.toml"), "--db", source)
    assert made.returncode == 0, made.stderr
    assert _rows(db_url, "SELECT code, name, cycle FROM portfolio") == [("default", "Default", None)]
    assert _rows(db_url, "SELECT p.code FROM section s JOIN portfolio p ON p.id = s.portfolio_id") == [("default",)]
    assert run_cli("verify", "--db", source).returncode == 0
