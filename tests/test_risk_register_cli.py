"""`tracker risk add|set|show`, `tracker risk control add|edit|remove` and `tracker list risks`
carrying the register's fields; refusals name where and exit 2; TOML round trip of all of it."""

import json
import tomllib

from tests.conftest import run_cli


def _cli(db: str, *args: str):
    return run_cli(*args, "--db", db, "--user", "ann")


def test_the_risk_commands_refuse_with_where_and_exit_2(seeded_db):
    added = _cli(seeded_db, "risk", "add", "R.7", "--portfolio", "opc", "--title", "Range provision",
                 "--inherent-likelihood", "5", "--inherent-impact", "8", "--likelihood", "4", "--impact", "6")
    assert added.returncode == 0, added.stderr
    above = _cli(seeded_db, "risk", "set", "R.7", "--target-score", "45")
    assert above.returncode == 2 and "Traceback" not in above.stderr
    assert "risk R.7, target_score: the target 45 is above the inherent score 40" in above.stderr
    bad = _cli(seeded_db, "risk", "control", "add", "R.7", "--description", "Kent range", "--effectiveness", "good")
    assert bad.returncode == 2 and "risk R.7, control, effectiveness: 'good' is not an effectiveness" in bad.stderr
    typed = _cli(seeded_db, "risk", "set", "9.4", "--likelihood", "5", "--impact", "8")  # 45 was typed
    assert typed.returncode == 2 and "risk 9.4, score: the score 45 was typed" in typed.stderr
    wrong_date = _cli(seeded_db, "risk", "set", "R.7", "--reviewed-on", "2024-02-30")
    assert wrong_date.returncode == 2 and "--reviewed-on" in wrong_date.stderr


def test_list_risks_json_carries_every_new_field(seeded_db):
    for args in (("risk", "set", "R.8", "--title", "x"),):
        assert _cli(seeded_db, *args).returncode == 2  # no such risk: named
    steps = [
        ("risk", "add", "R.8", "--portfolio", "opc", "--title", "Pursuits", "--register", "command",
         "--inherent-score", "40", "--target-likelihood", "2", "--target-impact", "5", "--board", "Gold Group",
         "--reviewed-on", "2024-01-31", "--mitigations", "10", "--mitigation-areas", "training; vehicles",
         "--causes", "Too few trained commanders", "--consequences", "Missed arrests", "--score", "30"),
        ("risk", "control", "add", "R.8", "--description", "Pursuit policy", "--effectiveness", "partly"),
        ("risk", "control", "add", "R.8", "--description", "Tactical advisers", "--effectiveness", "effective"),
        ("risk", "control", "edit", "R.8", "2", "--effectiveness", "not"),
        ("risk", "control", "remove", "R.8", "1"),
        ("risk", "set", "R.8", "--score", "24"),
    ]
    for step in steps:
        done = _cli(seeded_db, *step)
        assert done.returncode == 0, (step, done.stderr)
    listed = json.loads(_cli(seeded_db, "list", "risks", "--format", "json").stdout)
    row = next(r for r in listed if r["ref"] == "R.8")
    assert {k: row[k] for k in ("register_kind", "inherent_score", "score", "score_typed", "target_score", "band",
                                "direction", "board", "reviewed_on", "next_review", "mitigation_count",
                                "mitigation_areas", "causes", "consequences")} == {
        "register_kind": "command", "inherent_score": 40, "score": 24, "score_typed": True, "target_score": 10,
        "band": "medium", "direction": "down", "board": "Gold Group", "reviewed_on": "2024-01-31",
        "next_review": "2024-04-30", "mitigation_count": 10, "mitigation_areas": "training; vehicles",
        "causes": "Too few trained commanders", "consequences": "Missed arrests"}
    assert row["controls"] == [{"number": 2, "description": "Tactical advisers", "effectiveness": "not"}]
    shown = _cli(seeded_db, "risk", "show", "R.8").stdout
    assert "Mitigation: 10 mitigating actions identified, covering training and vehicles" in shown
    assert "Control 2: Tactical advisers (not)" in shown
    assert _cli(seeded_db, "verify").returncode == 0


def test_the_register_survives_a_toml_round_trip(seeded_db, tmp_path):
    for step in [("risk", "set", "9.3", "--register", "none", "--inherent-likelihood", "4", "--inherent-impact", "5",
                  "--target-score", "25", "--target-reason", "New pursuit duty", "--direction", "up",
                  "--mitigations", "10", "--mitigation-areas", "training; procedure"),
                 ("risk", "control", "add", "9.3", "--description", "Pursuit policy", "--effectiveness", "partly"),
                 ("risk", "control", "add", "9.3", "--description", "Trained advisers", "--effectiveness", "effective")]:
        assert _cli(seeded_db, *step).returncode == 0
    first = tmp_path / "first.toml"
    assert _cli(seeded_db, "export", "-o", str(first)).returncode == 0
    text = first.read_text()
    exported = next(r for r in tomllib.loads(text)["risk"] if r["ref"] == "9.3")
    assert exported["control"] == [{"description": "Pursuit policy", "effectiveness": "partly"},
                                   {"description": "Trained advisers", "effectiveness": "effective"}]
    assert {k: exported[k] for k in ("register_kind", "inherent_likelihood", "inherent_impact", "inherent_score",
                                     "target_score", "target_reason", "direction_stated", "mitigation_count")} == {
        "register_kind": "none", "inherent_likelihood": 4, "inherent_impact": 5, "inherent_score": 20,
        "target_score": 25, "target_reason": "New pursuit duty", "direction_stated": "up", "mitigation_count": 10}
    fresh = str(tmp_path / "fresh.db")
    assert run_cli("init", "--db", fresh).returncode == 0
    loaded = run_cli("import", str(first), "--db", fresh, "--user", "ann")
    assert loaded.returncode == 0, loaded.stderr
    second = tmp_path / "second.toml"
    assert run_cli("export", "-o", str(second), "--db", fresh).returncode == 0
    assert second.read_text() == text
    row = next(r for r in json.loads(run_cli("list", "risks", "--format", "json", "--db", fresh).stdout)
               if r["ref"] == "9.3")
    assert (row["register_kind"], row["inherent_score"], row["target_score"], row["direction"]) == ("none", 20, 25, "up")
    assert [c["number"] for c in row["controls"]] == [1, 2]
    assert run_cli("verify", "--db", fresh).returncode == 0


def test_an_import_refuses_a_bad_control_and_a_target_without_a_reason(tmp_path):
    fresh = str(tmp_path / "fresh.db")
    assert run_cli("init", "--db", fresh).returncode == 0
    for body, where in [
        ('[[risk]]\nref = "R1"\ntitle = "T"\n[[risk.control]]\ndescription = "D"\neffectiveness = "strong"\n',
         "bad.toml: risk R1, control 1, effectiveness: 'strong' is not an effectiveness"),
        ('[[risk]]\nref = "R1"\ntitle = "T"\ninherent_score = 10\ntarget_score = 12\n',
         "bad.toml: risk R1, target_score: the target 12 is above the inherent score 10"),
    ]:
        path = tmp_path / "bad.toml"
        path.write_text(body)
        refused = run_cli("import", str(path), "--db", fresh, "--user", "ann")
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert where in refused.stderr.replace(str(tmp_path) + "/", "")


def test_the_review_cadence_is_configurable(seeded_db, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[risk_review]\nhigh = 2\n")
    assert _cli(seeded_db, "risk", "set", "9.2", "--reviewed-on", "2024-01-31").returncode == 0
    default = _cli(seeded_db, "risk", "show", "9.2", "--format", "json")
    assert json.loads(default.stdout)["next_review"] == "2024-02-29"  # 60 is high: monthly
    configured = run_cli("risk", "show", "9.2", "--format", "json", "--db", seeded_db,
                         env={"TRACKER_CONFIG": str(config)})
    assert json.loads(configured.stdout)["next_review"] == "2024-03-31"
    config.write_text("[risk_review]\nmedium = 0\n")
    refused = run_cli("risk", "show", "9.2", "--db", seeded_db, env={"TRACKER_CONFIG": str(config)})
    assert refused.returncode == 2 and "risk_review.medium" in refused.stderr
