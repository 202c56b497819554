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
