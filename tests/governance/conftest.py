import os
import shutil
import subprocess
import sys

import pytest

MINUTEBOOK = [sys.executable, "-m", "minutebook.cli"]


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory):
    """A migrated SQLite database file, made once per run: migrating takes seconds, copying it none."""
    folder = tmp_path_factory.mktemp("template")
    db = folder / "template.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "MINUTEBOOK_VAR": str(folder / "var")}
    subprocess.run([*MINUTEBOOK, "migrate", "-v0"], env=env, check=True)
    return db


@pytest.fixture
def sqlite_file(tmp_path, settings, migrated_sqlite_template):
    """A migrated SQLite file of the test's own and the environment that makes ``minutebook`` use it.

    Tests that use it run ``minutebook`` in processes of their own, on that file, whatever database the
    suite runs on: the PostgreSQL pass would only repeat them, so they run in the SQLite pass.
    """
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("runs in the SQLite pass: its processes use a SQLite file of their own")
    db = tmp_path / "minutebook.sqlite3"
    shutil.copyfile(migrated_sqlite_template, db)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "MINUTEBOOK_VAR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "minutebook.settings",
    }
    return db, env
