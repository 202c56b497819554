"""Jobs the queue's tests run (importable by worker processes started from the repository's root)."""

import time
from pathlib import Path

from minutebook.jobs.queue import job


@job
def note(path: str, text: str) -> str:
    Path(path).write_text(text)
    return text


@job(attempts=2)
def always_fails() -> None:
    raise RuntimeError("the remote server refused the file")


@job(attempts=3)
def hold_until_released(folder: str) -> str:
    """Say it started, then wait (at most a minute) until the test releases it."""
    here = Path(folder)
    (here / "started").write_text("")
    for _ in range(600):
        if (here / "release").exists():
            return "released"
        time.sleep(0.1)
    raise TimeoutError("never released")
