"""The extractor against the hand-checked gold records of the shared corpus."""

import subprocess
import sys

from minutebook.extract.pack import extract
from minutebook.sources.read import read_document

from ..conftest import SHARED


def test_the_shared_corpus_scores_above_the_bar(shared_corpus, tmp_path):
    import json

    for path in sorted(shared_corpus.glob("*.txt")):
        record = extract(read_document(path)).as_json()
        (tmp_path / f"{path.stem}.json").write_text(json.dumps(record), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            "--gold",
            str(SHARED / "eval" / "gold"),
            "--pred",
            str(tmp_path),
            "--min",
            "0.95",
            "--min-family",
            "0.90",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_standalone_report_in_the_corpus_gives_no_meetings(shared_corpus):
    for path in shared_corpus.glob("*.txt"):
        record = extract(read_document(path))
        if not record.meetings:
            assert not record.work_programme
            return
    raise AssertionError("expected the corpus to hold one document that is not a meeting pack")
