"""``make bench``: speed figures, printed. Never asserted in tests.

Extraction speed and F1 on the shared corpus and on the development set
(median of several runs, one core; F1 from ../shared/eval/score.py), and
how extraction time grows with input size (it should stay linear: the
ratio of time per MB between a large and a small input ~1).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
os.environ.setdefault("MINUTEBOOK_SECRET_KEY", "benchmark-only")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from minutebook.extract.pack import extract  # noqa: E402
from minutebook.sources.text import read_text  # noqa: E402

RUNS = 7


ALL_CORES = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None


def pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


SETS = [
    # (name, documents, gold records)
    ("shared corpus", ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "eval" / "gold"),
    (
        "development set",
        ROOT.parent / "shared" / "eval" / "dev" / "docs",
        ROOT.parent / "shared" / "eval" / "dev" / "gold",
    ),
]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def bench_extraction() -> None:
    """Speed (median of several runs, one core) and the scorer's F1 on each set, then both together."""
    import json
    import subprocess
    import tempfile

    total_time, total_size = 0.0, 0
    for name, docs, gold in SETS:
        files = sorted(docs.glob("*.txt"))
        if not files:
            print(f"extraction, {name}: skipped, no documents at {docs}")
            continue
        data = [(p.name, p.read_bytes()) for p in files]
        size = sum(len(d) for _, d in data)
        lines = sum(d.count(b"\n") + 1 for _, d in data)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            records = [extract(read_text(d, n)) for n, d in data]
            times.append(time.perf_counter() - start)
        t = statistics.median(times)
        total_time, total_size = total_time + t, total_size + size
        out = Path(tempfile.mkdtemp())
        for (n, _), record in zip(data, records, strict=True):
            (out / f"{Path(n).stem}.json").write_text(json.dumps(record.as_json()), encoding="utf-8")
        score = subprocess.run(
            [sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(out)],
            capture_output=True,
            text=True,
        ).stdout
        overall = next((ln for ln in score.splitlines() if ln.startswith("overall F1")), "overall F1 ?")
        print(
            f"extraction, {name} ({len(files)} files, {size / 1e6:.2f} MB, {lines:,} lines), median of {RUNS} "
            f"runs on one core: {t:.3f} s, {size / 1e6 / t:.2f} MB/s; {overall}"
        )
        for line in score.splitlines()[:-1]:
            print(f"    {line}")
    print(f"extraction, both sets together: {total_time:.3f} s for {total_size / 1e6:.2f} MB (goal < 1 s)")


def bench_scaling() -> None:
    rnd = random.Random(3)
    words = (
        "RESOLVED that the Board note Minutes of the meeting held on 12 March 2020 at 2pm (Pages 3 - 8) "
        "Councillor J Smith Apologies: Title: 1. (a) work programme report recommendations"
    ).split()

    def text(n_lines):
        return "\n".join(
            " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 14))) for _ in range(n_lines)
        )

    # Both stay under the text reader's 100,000-line limit; nine times the size shows the trend.
    small, large = text(10_000), text(90_000)
    per_mb = []
    for sample in (small, large):
        data = sample.encode()
        start = time.perf_counter()
        extract(read_text(data, "synthetic.txt"))
        per_mb.append((time.perf_counter() - start) / (len(data) / 1e6))
    print(
        f"extraction scaling: {per_mb[0]:.3f} s/MB at {len(small) / 1e6:.1f} MB, "
        f"{per_mb[1]:.3f} s/MB at {len(large) / 1e6:.1f} MB (ratio {per_mb[1] / per_mb[0]:.2f}; ~1 is linear)"
    )


def bench_import() -> None:
    """Import throughput into the database DATABASE_URL names (a throw-away SQLite file by default)."""
    import tempfile

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("MINUTEBOOK_FILES", tempfile.mkdtemp())
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from minutebook.governance.importing import import_file
    from tests.documents import latin1, pdf_from_text

    call_command("migrate", verbosity=0)
    fixtures = sorted((ROOT / "tests" / "extract" / "fixtures").glob("*.txt"))
    text = latin1("\n".join(p.read_text() for p in fixtures))
    work = Path(tempfile.mkdtemp())
    pdfs, pages = [], 0
    import pypdfium2

    for n in range(8):
        body = "\n".join(text.replace("2023", str(2000 + n)) for _ in range(3)) + f"\nBenchmark copy {n}\n"
        data = pdf_from_text(body, like_a_council=True)
        pages += len(pypdfium2.PdfDocument(data))
        path = work / f"pack{n}.pdf"
        path.write_bytes(data)
        pdfs.append(path)
    start, cpu = time.perf_counter(), time.process_time()
    for path in pdfs:
        assert import_file(path).status == "imported"
    pdf_time = time.perf_counter() - start
    pdf_cpu = time.process_time() - cpu
    if connection.vendor == "postgresql":
        bench_workers(text, work)
    texts = []
    for n in range(40):
        path = work / f"pack{n}.txt"
        path.write_text(text.replace("2023", str(1950 + n)) + f"\nText copy {n}\n")
        texts.append(path)
    start = time.perf_counter()
    for path in texts:
        assert import_file(path).status == "imported"
    text_time = time.perf_counter() - start
    vendor = connection.vendor
    print(
        f"import into {vendor}: PDF {pages / pdf_time:.0f} pages/s, {pages / pdf_cpu:.0f} pages per CPU-second of the "
        f"importer ({pages} pages in {len(pdfs)} files; goal >= 150 pages/s on PostgreSQL), "
        f"text {len(texts) / text_time:.1f} documents/s"
    )


def bench_workers(text: str, work: Path) -> None:
    """Queued imports of council-style PDFs run by one `minutebook worker`, then by two (all cores)."""
    import resource
    import subprocess

    import pypdfium2

    from minutebook.jobs.tasks import queue_import
    from tests.documents import pdf_from_text

    rates, cpu_rates = {}, {}
    for workers in (1, 2):
        files, pages = [], 0
        for n in range(12):
            year = 1900 + 20 * workers + n  # meetings no earlier run imported
            body = (
                "\n".join(text.replace("2023", str(year)) for _ in range(3))
                + f"\nWorker copy {workers} {n}\n"
            )
            data = pdf_from_text(body, like_a_council=True)
            pages += len(pypdfium2.PdfDocument(data))
            path = work / f"w{workers}-{n}.pdf"
            path.write_bytes(data)
            files.append((path, path.name, False))
        queue_import(files)
        command = [
            sys.executable,
            "-m",
            "minutebook.cli",
            "worker",
            "--batch",
            "--no-startup-delay",
            "-v",
            "0",
        ]
        start, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        processes = [
            subprocess.Popen(
                command, cwd=ROOT, preexec_fn=lambda: ALL_CORES and os.sched_setaffinity(0, ALL_CORES)
            )
            for _ in range(workers)
        ]
        for process in processes:
            process.wait()
        rates[workers] = pages / (time.perf_counter() - start)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_rates[workers] = pages / (used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime)
    print(
        f"queued PDF imports into postgresql: one worker {rates[1]:.0f} pages/s, two workers {rates[2]:.0f} pages/s "
        f"({rates[2] / rates[1]:.2f}x; goal >= 150 pages/s and >= 1.7x; includes each worker's start-up); "
        f"{cpu_rates[1]:.0f} and {cpu_rates[2]:.0f} pages per CPU-second of the workers"
    )


def main() -> None:
    pin_to_one_core()
    if "--import-only" not in sys.argv:
        bench_extraction()
        bench_scaling()
    bench_import()


if __name__ == "__main__":
    main()
