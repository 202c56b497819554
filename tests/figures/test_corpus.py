"""The figures of the shared corpus against their hand-checked gold (../shared/figures)."""

import json
import re
import subprocess
import sys

from minutebook.figures import check_figures
from minutebook.sources.read import read_document

from ..conftest import SHARED


def test_the_shared_corpus_scores_above_the_bar(shared_corpus, tmp_path):
    gold = SHARED / "figures"
    for path in sorted(shared_corpus.glob("*.txt")):
        record = check_figures(read_document(path)).as_json()
        (tmp_path / f"{path.stem}.json").write_text(json.dumps(record), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(gold / "score.py"),
            "--gold",
            str(gold / "gold"),
            "--pred",
            str(tmp_path),
            "--min-tables",
            "0.85",
            "--min-flags",
            "0.70",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    cells = float(re.search(r"cells ([\d.]+)", last).group(1))
    assert cells >= 0.90, last
    high = re.search(r"R\(high\) ([\d.]+)", result.stdout)
    assert float(high.group(1)) >= 0.85, result.stdout
    flagged = re.search(r"(\d+) flags: \d+ match a gold fail, (\d+) false", result.stdout)
    assert int(flagged.group(2)) * 20 <= int(flagged.group(1)), result.stdout
