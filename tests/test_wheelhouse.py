"""Offline install: `make wheelhouse`, then install from it with no index at all."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_install_from_wheelhouse_without_network(tmp_path):
    wheelhouse = tmp_path / "wheelhouse"
    subprocess.run(["make", "-C", str(ROOT), "wheelhouse", f"WHEELHOUSE={wheelhouse}"], check=True, timeout=900)
    assert any(p.name.startswith("tracker-") for p in wheelhouse.glob("*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # The machine's own pip config may add indexes or find-links; switch it off, as offline.
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}
    env.pop("PIP_FIND_LINKS", None)
    env.pop("PIP_EXTRA_INDEX_URL", None)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--no-index", "--find-links", str(wheelhouse), "tracker"],
        check=True, env=env, timeout=600,
    )
    result = subprocess.run([str(venv / "bin" / "tracker"), "--version"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("tracker ")
    # The installed copy carries its migrations and seeds: a demo database can be built offline.
    db = tmp_path / "offline.db"
    seeded = subprocess.run([str(venv / "bin" / "tracker"), "--db", str(db), "seed"], capture_output=True, text=True, env=env)
    assert seeded.returncode == 0, seeded.stderr
    assert "13 workstreams" in seeded.stdout
