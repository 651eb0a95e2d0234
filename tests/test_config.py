"""Settings: read from TRACKER_CONFIG or the platform folder, validated, never overwritten."""

import json

import pytest
from tracker.db.errors import InvalidInput

from tests.inprocess import run_cli
from tracker.config import config_path, load_settings


def test_no_file_means_defaults(tmp_path):
    settings = load_settings(tmp_path / "absent.toml")
    assert settings.database is None and settings.risk_scale.scale().score_max == 60


def test_tracker_config_points_at_another_file(tmp_path, monkeypatch):
    path = tmp_path / "mine.toml"
    path.write_text('user = "Jen Housego"\n[risk_scale]\nlikelihood = 5\nimpact = 5\n')
    monkeypatch.setenv("TRACKER_CONFIG", str(path))
    assert config_path() == path
    settings = load_settings()
    assert settings.user == "Jen Housego"
    assert settings.risk_scale.scale().score_max == 25


def test_a_file_that_fails_to_parse_is_reported_with_its_line_and_left_alone(tmp_path, monkeypatch):
    path = tmp_path / "broken.toml"
    text = 'user = "ann"\ndatabase = \n'
    path.write_text(text)
    monkeypatch.setenv("TRACKER_CONFIG", str(path))
    with pytest.raises(InvalidInput, match="line 2"):
        load_settings()
    result = run_cli("list", "workstreams", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert str(path) in result.stderr and "line 2" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_text() == text


def test_unknown_and_invalid_settings_are_named(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("colour = true\n")
    with pytest.raises(InvalidInput, match="colour: unknown setting"):
        load_settings(path)
    path.write_text("[risk_scale]\nlikelihood = 0\n")
    with pytest.raises(InvalidInput, match="risk_scale.likelihood"):
        load_settings(path)


def test_config_supplies_database_user_and_scale(tmp_path, monkeypatch):
    db = tmp_path / "from-config.db"
    path = tmp_path / "c.toml"
    path.write_text(f'database = "{db}"\nuser = "cfg-user"\n[risk_scale]\nlikelihood = 5\nimpact = 5\n')
    monkeypatch.setenv("TRACKER_CONFIG", str(path))
    monkeypatch.delenv("TRACKER_USER")
    result = run_cli("seed")
    assert result.returncode == 2, result.stdout
    assert "at most 25" in result.stderr  # the seeds' score of 60 does not fit a 5 x 5 scale
    path.write_text(f'database = "{db}"\nuser = "cfg-user"\n')
    assert run_cli("seed").returncode == 0
    assert db.exists()
    run_cli("rag", "5.1.1", "amber", "--note", "slower")
    history = json.loads(run_cli("history", "5.1.1", "--limit", "1", "--format", "json").stdout)
    assert history[0]["actor"] == "cfg-user"
