"""Issue 18, defect 13: installing tracker prints no setuptools deprecation warning."""

import subprocess
import sys
import tomllib

import pytest

from tests.conftest import ROOT


def test_license_is_an_spdx_string_and_setuptools_is_new_enough_for_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"  # the table form ({ text = ... }) is deprecated
    requires = project["build-system"]["requires"]
    # setuptools reads the SPDX string form from 77.0 on; an older one would fail the build.
    assert any(r.replace(" ", "").startswith("setuptools>=") and int(r.split(">=")[1].split(".")[0]) >= 77
               for r in requires), requires


@pytest.mark.slow
def test_building_the_wheel_prints_no_deprecation_warning(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "--wheel-dir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    output = built.stdout + built.stderr
    assert "SetuptoolsDeprecationWarning" not in output
    assert "project.license" not in output
    assert list(tmp_path.glob("tracker-*.whl"))
