"""Checking the figures of the whole shared corpus on one core (goal: < 2 s). Prints; asserts nothing.

Reading the files is left out: the time is finding the tables and running every check. The CPU
time is printed beside the elapsed time, since a shared machine can stretch the latter.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from minutebook.figures import check_figures  # noqa: E402
from minutebook.figures.numbers import read_cell  # noqa: E402
from minutebook.sources.text import read_text  # noqa: E402

RUNS = 5


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    corpus = ROOT.parent / "shared" / "corpus"
    files = sorted(corpus.glob("*.txt"))
    if not files:
        print(f"figures: skipped, no corpus at {corpus}")
        return
    documents = [read_text(p.read_bytes(), p.name) for p in files]
    lines = sum(len(d.lines) for d in documents)
    times, cpu = [], []
    for _ in range(RUNS):
        read_cell.cache_clear()  # each run reads its cells afresh
        start, start_cpu = time.perf_counter(), time.process_time()
        records = [check_figures(d) for d in documents]
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    tables = sum(len(r.tables) for r in records)
    checked = sum(r.checked for r in records)
    flags = sum(len(r.flags) for r in records)
    print(
        f"figures: {len(files)} documents, {lines:,} lines, {tables} tables, {checked} checks, {flags} flags "
        f"in {statistics.median(times):.3f} s ({statistics.median(cpu):.3f} s of CPU; median of {RUNS}, "
        "one core; goal < 2 s)"
    )


if __name__ == "__main__":
    main()
