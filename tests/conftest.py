from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_corpus() -> Path:
    """The shared corpus beside the project; tests that need it skip, saying why, without it."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir() or not any(corpus.glob("*.txt")):
        pytest.skip(f"the shared corpus is not at {corpus}")
    return corpus


@pytest.fixture
def readers(monkeypatch):
    """The names of the threads each document was read in by an import (``governance.reading``), by the
    document's name. Nothing read ahead is left held after the test."""
    import threading

    from minutebook.governance import reading

    seen: dict[str, list[str]] = {}
    real = reading.read_bytes

    def read_bytes(data, name):
        seen.setdefault(name, []).append(threading.current_thread().name)
        return real(data, name)

    monkeypatch.setattr(reading, "read_bytes", read_bytes)
    monkeypatch.setattr(reading, "cores", lambda: 4)  # whatever machine the tests run on (``reading.pays``)
    yield seen
    reading.settle()
    reading._ahead.clear()
    reading._next.set(None)
