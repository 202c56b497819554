"""The extractor against the development set: 50 pages from 46 other councils and bodies (../shared)."""

import json
import subprocess
import sys

import pytest

from minutebook.extract.pack import extract
from minutebook.sources.read import read_document

from ..conftest import SHARED

DEV = SHARED / "eval" / "dev"


@pytest.fixture
def dev_documents():
    docs = DEV / "docs"
    if not docs.is_dir() or not any(docs.glob("*.txt")):
        pytest.skip(f"the development set is not at {docs}")
    return sorted(docs.glob("*.txt"))


def test_the_development_set_scores_above_the_bar(dev_documents, tmp_path):
    for path in dev_documents:
        record = extract(read_document(path)).as_json()
        (tmp_path / f"{path.stem}.json").write_text(json.dumps(record), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            "--gold",
            str(DEV / "gold"),
            "--pred",
            str(tmp_path),
            "--min",
            "0.92",
            "--min-family",
            "0.85",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_development_document_cut_short_anywhere_still_reads(dev_documents):
    """Saved excerpts stop mid-sentence; wherever a document stops, it is read for what is there."""
    for path in dev_documents:
        text = path.read_text(encoding="utf-8")
        for cut in (len(text) // 3, len(text) // 2, len(text) - 7):
            record = extract(read_document_from_text(text[:cut], path.name))
            assert all(m.kind in ("agenda", "minutes") for m in record.meetings)


def read_document_from_text(text, name):
    from minutebook.sources.text import read_text

    return read_text(text.encode("utf-8"), name)
