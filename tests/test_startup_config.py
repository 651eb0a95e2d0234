"""Start-up without pydantic: with no config file the settings are the dataclasses' defaults and
pydantic is never imported before the TUI's first frame; a file is still validated by it."""

import json
import os
import subprocess
import sys

import pytest
from tracker.config import RiskScaleSettings, SystemSettings, load_settings
from tracker.db.errors import InvalidInput

FIRST_FRAME = r"""
import json, sys
from tracker import app as tracker_app
from tracker.screens.dashboard import DashboardScreen

seen = {}
show_page = DashboardScreen._show_page


def spy(self, board, numbers):
    show_page(self, board, numbers)
    if not seen:
        seen["pydantic_before_frame"] = sorted(m for m in ("pydantic", "pydantic_core") if m in sys.modules)
        seen["keymap"] = self.app.settings.keymap
        self.call_after_refresh(self.app.exit)


DashboardScreen._show_page = spy
tracker_app.TrackerApp.run = lambda self: tracker_app.App.run(self, headless=True, size=(80, 24))
tracker_app.TrackerApp.open_the_rest = lambda self: None
from tracker.cli import main

seen["status"] = main(["--db", sys.argv[1]])
print(json.dumps(seen))
"""


def first_frame(db: str, config: str) -> dict:
    env = {**os.environ, "TRACKER_USER": "tester", "TRACKER_CONFIG": config}
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, db], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.sqlite_only
def test_no_config_file_no_pydantic_before_the_first_frame(seeded, seeded_db, tmp_path):
    seen = first_frame(seeded_db, str(tmp_path / "none.toml"))
    assert seen["pydantic_before_frame"] == []
    assert seen["keymap"] == {} and seen["status"] == 0


@pytest.mark.sqlite_only
def test_a_config_file_is_still_read_and_validated_on_the_tui_path(seeded, seeded_db, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('keymap = {"dashboard.rate" = "ctrl+t"}\n')
    assert first_frame(seeded_db, str(config))["keymap"] == {"dashboard.rate": "ctrl+t"}


def test_system_defaults_survive_a_user_file_that_does_not_name_them(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[risk_scale]\nimpact = 4\n")
    system = SystemSettings(user="sys", risk_scale=RiskScaleSettings(likelihood=5, impact=5))
    settings = load_settings(path, defaults=system)
    assert settings.user == "sys"
    assert isinstance(settings.risk_scale, RiskScaleSettings)
    assert (settings.risk_scale.likelihood, settings.risk_scale.impact) == (6, 4)  # the table replaces the system's
    assert load_settings(tmp_path / "none.toml", defaults=system).risk_scale.scale().score_max == 25


@pytest.mark.parametrize("text, where, message", [
    ('keymap = {"Bad" = "x"}\n', "keymap.Bad", "should match pattern"),
    ("[risk_scale]\nlikelihood = 0\n", "risk_scale.likelihood", "greater than or equal to 1"),
    ("[risk_scale]\nfoo = 1\n", "risk_scale.foo", "unknown setting"),
    ("user = 5\n", "user", "valid string"),
])
def test_bad_settings_name_the_key(tmp_path, text, where, message):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(InvalidInput) as caught:
        load_settings(path)
    assert where in str(caught.value) and message in str(caught.value)
