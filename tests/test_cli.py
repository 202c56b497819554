"""The ``minutebook`` command as a new user meets it: no site configured, no database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "extract" / "fixtures" / "county_minutes.txt"


@pytest.mark.parametrize("command", ["extract", "figures"])
def test_reading_commands_run_with_no_site_configured(command, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINUTEBOOK_", "PYTEST", "DATABASE_URL"))}
    env["MINUTEBOOK_VAR"] = str(tmp_path)
    minutebook = Path(sys.executable).parent / "minutebook"
    done = subprocess.run([str(minutebook), command, str(FIXTURE)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["source"] == FIXTURE.name


def test_the_site_still_refuses_to_start_without_its_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINUTEBOOK_", "PYTEST", "DATABASE_URL"))}
    env["MINUTEBOOK_VAR"] = str(tmp_path)
    minutebook = Path(sys.executable).parent / "minutebook"
    done = subprocess.run([str(minutebook), "check"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "MINUTEBOOK_SECRET_KEY must be set" in done.stderr
