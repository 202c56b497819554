"""``make bench``: speed figures, printed. Never asserted in tests.

Extraction speed and F1 on the shared corpus and on the development set
(median of several runs, one core; F1 from ../shared/eval/score.py), and
how extraction time grows with input size (it should stay linear: the
ratio of time per MB between a large and a small input ~1).
"""

from __future__ import annotations

import contextlib
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
os.environ.setdefault("MINUTEBOOK_SECRET_KEY", "benchmark-only")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from minutebook.extract.pack import extract  # noqa: E402
from minutebook.sources.text import read_text  # noqa: E402

RUNS = 7


PACKS = 48  # packs a worker run imports (~1,100 pages: a run of seconds, so start-up is a small part of it)
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


PLACES = [
    "Ashcombe",
    "Bramley",
    "Carrow",
    "Dunmere",
    "Eastholme",
    "Fenwick",
    "Greyford",
    "Harlow Vale",
    "Ilsworth",
    "Kennet",
    "Lowmoor",
    "Marsden",
    "Northby",
    "Oakhampton",
    "Pelham",
    "Queensbury",
    "Redcliffe",
    "Saltmarsh",
    "Thornbury",
    "Upwell",
    "Westerleigh",
    "Yarwood",
]
KINDS = [
    "City Council",
    "County Council",
    "Borough Council",
    "District Council",
    "Metropolitan Borough Council",
    "Royal Borough Council",
    "Council",  # a unitary council's usual name: "Wiltshire Council"
    "Town Council",
    "Combined Authority",
]
SURNAMES = [
    "Adeyemi",
    "Barker",
    "Chowdhury",
    "Dawson",
    "Ellis",
    "Fraser",
    "Gallagher",
    "Hussain",
    "Iqbal",
    "Jennings",
    "Kowalski",
    "Lambert",
    "Mensah",
    "Norris",
    "O'Neill",
    "Patel",
    "Quinn",
    "Rahman",
    "Sutton",
    "Turner",
    "Underwood",
    "Vaughan",
    "Whitfield",
    "Young",
]
TOPICS = [
    ("Better Care Fund Plan", "Director of Adult Social Care"),
    ("Joint Strategic Needs Assessment: Children and Young People", "Director of Public Health"),
    ("Pharmaceutical Needs Assessment", "Consultant in Public Health"),
    ("Healthwatch Annual Report", "Chief Officer, Healthwatch"),
    ("Tackling Health Inequalities: Progress Report", "Director of Public Health"),
]
SENTENCES = [
    "Partners across the health and care system have continued to work together on the priorities agreed by the Board.",
    "Demand for community services remains above the levels seen before the pandemic, particularly for older residents.",
    "The plan sets out how the funding will be used to support people to stay well and independent at home.",
    "Engagement with residents took place through surveys, drop-in sessions and meetings with voluntary groups.",
    "Officers will continue to monitor performance against the agreed measures and report exceptions to the Board.",
    "The integrated care board has confirmed its contribution for the year in line with national guidance.",
    "There are no direct legal implications arising from this report beyond those set out in the statutory guidance.",
    "Financial risks are managed through the pooled budget arrangements overseen by the joint commissioning group.",
    "The number of people waiting for an assessment has fallen over the last two quarters.",
    "Workforce pressures continue to affect the availability of domiciliary care in rural areas.",
    "An equality impact assessment has been completed and no adverse impacts were identified.",
    "The priorities reflect the findings of the needs assessment and the views of local people.",
]


def council_pack(place: str, kind: str, n: int, pages_of_reports: int = 35) -> str:
    """A council-style pack as councils publish them: front sheet and agenda, the previous meeting's minutes,
    then the reports, mostly prose, one with a table of figures. In words written for this benchmark."""
    rnd = random.Random(f"{place}{n}")
    council = f"{place} {kind}"
    names = rnd.sample(SURNAMES, 10)
    year = 2010 + n // 6
    month = ["January", "March", "May", "July", "September", "November"][n % 6]
    previous = ["November", "January", "March", "May", "July", "September"][n % 6]
    previous_year = year - 1 if month == "January" else year
    members = ", ".join(f"Councillor {chr(65 + k)} {s}" for k, s in enumerate(names[:6]))
    out = [
        council,
        "",
        "HEALTH AND WELLBEING BOARD",
        "",
        f"Date: Wednesday, 14 {month} {year}",
        "Time: 2.00 pm",
        f"Venue: Committee Room 2, Civic Centre, {place}",
        "",
        f"Membership: {members}; Dr {names[6]} (Integrated Care Board), {names[7]} (Healthwatch)",
        "",
        f"Contact: Democratic Services, {council}",
        "",
        "AGENDA",
        "",
        "1 Apologies for absence",
        "",
        "2 Declarations of interest",
        "",
        "3 Minutes of the previous meeting (Pages 3 - 5)",
        "",
        f"To confirm the minutes of the meeting held on 14 {previous} {previous_year}.",
        "",
    ]
    page = 6
    for k, (title, author) in enumerate(TOPICS, start=4):
        span = pages_of_reports // len(TOPICS)
        out += [f"{k} {title} (Pages {page} - {page + span - 1})", "", f"Report of the {author}", ""]
        page += span
    out += [
        "\f",
        "HEALTH AND WELLBEING BOARD",
        "",
        f"MINUTES of the meeting held on Wednesday 14 {previous} {previous_year} at 2.00 pm at the Civic Centre, {place}",
        "",
        f"PRESENT: Councillor A {names[0]} (Chair), Councillor B {names[1]} (Vice-Chair), Councillors "
        f"C {names[2]}, D {names[3]} and E {names[4]}; Dr {names[6]} (Integrated Care Board), {names[7]} (Healthwatch)",
        "",
        f"ALSO PRESENT: {names[8]} (Director of Public Health), {names[9]} (Democratic Services Officer)",
        "",
        f"APOLOGIES: Councillor F {names[5]}",
        "",
    ]
    minute = 10 * (n % 9) + 1
    out += [f"{minute}. DECLARATIONS OF INTEREST", "", "There were no declarations of interest.", ""]
    for k, (title, author) in enumerate(TOPICS[:4], start=1):
        out += [
            f"{minute + k}. {title.upper()}",
            "",
            f"The Board considered a report of the {author}. " + " ".join(rnd.sample(SENTENCES, 3)),
            "",
            "RESOLVED -",
            "",
            "(a) That the report be noted.",
            "",
            f"(b) That the {author} report progress to a future meeting.",
            "",
        ]
    for k, (title, author) in enumerate(TOPICS, start=1):
        out += [
            "\f",
            "Report to: Health and Wellbeing Board",
            f"Date of meeting: 14 {month} {year}",
            f"Report of: {author}",
            f"Title: {title}",
            "",
            "1. Purpose of the report",
            "",
            "1.1 " + " ".join(rnd.sample(SENTENCES, 2)),
            "",
            "2. Recommendations",
            "",
            "2.1 That the Board:",
            "",
            "(a) notes the report;",
            "",
            "(b) agrees the priorities set out in section 4.",
            "",
            "3. Background",
            "",
        ]
        for p in range(1, 4 * (pages_of_reports // len(TOPICS))):
            out += [f"3.{p} " + " ".join(rnd.sample(SENTENCES, rnd.randint(3, 6))), ""]
        if k == 1:
            out += ["Table 1: Spending by scheme (GBP thousands)", "", "Scheme\t2022/23\t2023/24\tChange"]
            for s, scheme in enumerate(
                ["Home care", "Reablement", "Carers' support", "Equipment", "Housing adaptations"]
            ):
                a, b = 400 + 37 * s + n, 430 + 41 * s + 2 * n
                out.append(f"{scheme}\t{a}\t{b}\t{b - a}")
            out += ["", ""]
    return "\n".join(out) + "\n"


def pack_file(place: str, kind: str, n: int, prefix: str = "") -> str:
    """The file name of a council's pack ``n``: the council's whole name in it, so that two councils of one place
    (a city council and a county council) never write one file."""
    return f"{prefix}{place}-{kind}-{n}.pdf".replace(" ", "-")


def councils(first: int, count: int) -> list[tuple[str, str]]:
    """``count`` councils of the benchmark's own, none shared with another run's ``first``."""
    every = [(place, kind) for kind in KINDS for place in PLACES]
    return every[first : first + count]


def write_pdfs(work: Path, texts: dict[str, str]) -> tuple[list[Path], int]:
    import pypdfium2

    from tests.documents import pdf_from_text

    paths, pages = [], 0
    for name, body in texts.items():
        data = pdf_from_text(body, like_a_council=True)
        pages += len(pypdfium2.PdfDocument(data))
        path = work / name
        path.write_bytes(data)
        paths.append(path)
    return paths, pages


def server_cpu() -> float | None:
    """CPU seconds the PostgreSQL server has used so far, when it runs on this machine: its postmaster's and every
    process it started, running or finished (``/proc``: a worker's connection ends and its backend with it), so
    what each page costs the database on the same cores is told; None elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def stat(pid) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    try:
        postmaster = int(stat(backend)[1])
        used = sum(int(x) for x in stat(postmaster)[11:15])  # its own and its finished children's
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError):
                    fields = stat(entry.name)
                    if int(fields[1]) == postmaster:
                        used += int(fields[11]) + int(fields[12])
    except OSError:
        return None
    return used / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[float, float] | None:
    """(busy, all) CPU seconds of every core of this machine so far (``/proc/stat``; None elsewhere): over a run,
    busy / all is the share of the machine at work, and what is left is time no process could use."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return None
    idle = fields[3] + fields[4]  # idle and waiting on I/O
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields[:8]) - idle) / tick, sum(fields[:8]) / tick


class CoreUse(threading.Thread):
    """The machine's CPU time, sampled every 50 ms while a run goes on, so the share of it at work over the
    run's steady part is told: time left idle while there is work queued is time lost to waiting (on a lock,
    on the disk), not to the processor."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float, float]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.05):
            if (now := machine_cpu()) is not None:
                self.samples.append((time.time(), *now))

    def stop(self) -> None:
        self.stopped.set()
        self.join()

    def busy(self, first: float, last: float) -> float | None:
        """The share of the machine at work between two moments (seconds since the epoch)."""
        within = [sample for sample in self.samples if first <= sample[0] <= last]
        if len(within) < 3:
            return None
        return (within[-1][1] - within[0][1]) / (within[-1][2] - within[0][2])


def timed_imports(paths: list[Path]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Import the files in this process, each one's follow-up job (its figure check) left on the queue and run
    after it as ``minutebook worker --batch`` would (as this process itself does with no worker alive, while the
    document's text is still held): ((wall, CPU seconds) of the imports alone, (wall, CPU seconds) of the imports
    and their follow-up jobs together). Where reading ahead pays (``reading.pays``), each import names the next
    file, read while it writes, as ``minutebook import`` does; its time then runs until that reading has ended
    too."""
    from minutebook.governance import reading
    from minutebook.governance.importing import import_file
    from minutebook.jobs.queue import leaving_to_workers

    alone, drained = [0.0, 0.0], [0.0, 0.0]
    ahead = reading.pays(1)  # this process alone importing, as `minutebook import` decides
    for n, path in enumerate(paths):
        if ahead and n + 1 < len(paths):
            reading.read_next(paths[n + 1])
        start, cpu = time.perf_counter(), time.process_time()
        with leaving_to_workers():
            outcome = import_file(path)
        reading.settle()  # the next document's reading, which this import's write overlapped, counted in it
        assert outcome.status == "imported", outcome.message
        imported = (time.perf_counter() - start, time.process_time() - cpu)
        drain_queue()
        for total, part in (
            (alone, imported),
            (drained, (time.perf_counter() - start, time.process_time() - cpu)),
        ):
            total[0], total[1] = total[0] + part[0], total[1] + part[1]
    return (alone[0], alone[1]), (drained[0], drained[1])


def drain_queue() -> None:
    """Run every job waiting on the queue in this process, as one ``minutebook worker --batch`` would."""
    from django.utils.crypto import get_random_string
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS

    from minutebook.jobs.worker import Worker

    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    ).run()


def rates(pages: int, alone: tuple[float, float], drained: tuple[float, float]) -> str:
    return (
        f"import alone {pages / alone[0]:.0f} pages/s, {pages / alone[1]:.0f} pages per CPU-second of the importer; "
        f"with its queued figure checks run {pages / drained[0]:.0f} pages/s, {pages / drained[1]:.0f} per CPU-second"
    )


def bench_import() -> None:
    """Import throughput into the database DATABASE_URL names (a throw-away SQLite file by default).

    Two kinds of PDF pack: *council-style* ones as councils publish them (front sheet and agenda, the previous
    minutes, then pages of report prose and a table: a few records a page), the kind the goal is judged on;
    and *dense* ones, the extraction fixtures three times over (about twelve meetings in 21 pages, far more
    records a page than any real pack), which show the cost of writing records.
    """
    import tempfile

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("MINUTEBOOK_FILES", tempfile.mkdtemp())
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from minutebook.governance import reading
    from minutebook.governance.importing import import_file
    from minutebook.lifetime import keep_loaded
    from tests.documents import latin1

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    fixtures = sorted((ROOT / "tests" / "extract" / "fixtures").glob("*.txt"))
    text = latin1("\n".join(p.read_text() for p in fixtures))
    work = Path(tempfile.mkdtemp())
    # Council-style packs: three councils, four meetings each in turn (each pack's minutes are those of the
    # meeting the council's previous pack was for, as in a real archive).
    realistic = {
        pack_file(place, kind, n): council_pack(place, kind, n)
        for place, kind in councils(0, 3)
        for n in range(4)
    }
    pdfs, pages = write_pdfs(work, realistic)
    # A process's first import also loads what the process keeps (the URL configuration the index's addresses
    # are reversed from, each compiled statement): about half a second, once, as a worker pays it once. One
    # pack of another council is imported first, untimed, so the figures are those of a running importer.
    warm_up, _ = write_pdfs(
        work, {f"warm-{place}.pdf": council_pack(place, kind, 0) for place, kind in councils(87, 1)}
    )
    timed_imports(warm_up)
    keep_loaded()  # as `minutebook worker` does before its first job
    server = server_cpu()
    alone, drained = timed_imports(pdfs)
    print(
        f"import into {vendor}, council-style PDF packs (front sheet, agenda, previous minutes, report prose and "
        f"a table; {pages} pages in {len(pdfs)} files, after one untimed warm-up import; this process pinned to "
        f"one core, each next document read {'in a thread while one is written' if reading.pays(1) else 'after'}): "
        f"{rates(pages, alone, drained)} (goal >= 150 pages/s on "
        f"PostgreSQL, judged on the import alone: it makes a document's records and pages available; the figure "
        f"check is a job of its own after it)"
    )
    if server is not None and (after := server_cpu()) is not None:
        print(
            f"import into {vendor}, council-style PDF packs, CPU a page: {1000 * alone[1] / pages:.1f} ms in the "
            f"importer (import alone), {1000 * drained[1] / pages:.1f} ms with its figure check; "
            f"{1000 * (after - server) / pages:.1f} ms in PostgreSQL (all its processes, for both; it shares the cores)"
        )
    print(f"import into {vendor}, queries per council-style document: {queries_per_document(work)}")
    dense = {
        f"pack{n}.pdf": "\n".join(text.replace("2023", str(2000 + n)) for _ in range(3))
        + f"\nBenchmark copy {n}\n"
        for n in range(8)
    }
    pdfs, pages = write_pdfs(work, dense)
    alone, drained = timed_imports(pdfs)
    print(
        f"import into {vendor}, dense PDF packs (the extraction fixtures three times over: ~12 meetings and "
        f"~200 records in 21 pages, far denser than a real pack; {pages} pages in {len(pdfs)} files): "
        f"{rates(pages, alone, drained)}"
    )
    if vendor == "postgresql":
        bench_workers(work)
    texts = []
    for n in range(40):
        path = work / f"pack{n}.txt"
        path.write_text(text.replace("2023", str(1950 + n)) + f"\nText copy {n}\n")
        texts.append(path)
    start = time.perf_counter()
    for path in texts:
        assert import_file(path).status == "imported"
    text_time = time.perf_counter() - start
    print(f"import into {vendor}, text: {len(texts) / text_time:.1f} documents/s")


def queries_per_document(work: Path) -> str:
    """How many statements one council-style pack costs, counted outside the timed runs (recording them costs
    time): a council's first pack creates its people and boards, its next finds them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minutebook.governance.importing import import_file
    from minutebook.jobs.queue import leaving_to_workers

    files, _ = write_pdfs(
        work,
        {
            pack_file(place, kind, n, "q-"): council_pack(place, kind, n)
            for place, kind in councils(80, 1)
            for n in range(2)
        },
    )
    counts = []
    for path in files:
        with CaptureQueriesContext(connection) as queries, leaving_to_workers():
            assert import_file(path).status == "imported"
        with CaptureQueriesContext(connection) as checks:
            drain_queue()
        counts.append((len(queries.captured_queries), len(checks.captured_queries)))
    return (
        f"{counts[0][0]} for a council's first pack, {counts[1][0]} for its next; its queued figure check "
        f"{counts[0][1]} and {counts[1][1]} more (a worker's taking and recording the job included)"
    )


def bench_workers(work: Path) -> None:
    """Queued imports of council-style PDF packs run by one `minutebook worker`, then by two (all cores).

    One worker runs twice: free to use every core, when it reads its next import in a thread while it writes
    one (``governance.reading``: the spare core is then no longer spare), and held to one core, the share
    of the machine each of two workers has. Two workers are measured against both: against the worker held
    to one core the ratio says how the workers scale, one core each; against the free one it says what a
    second worker adds on this machine. A national import gathers many councils' packs, so the workers' packs
    are of different councils; the run with two workers on one council's packs shows what the per-council
    write lock costs when they are not. Workers run for days: the imports are timed from the first one's
    start to the last one's end (the judged figure), and also from the workers' launch, and each worker's
    start-up CPU (an empty run's) is taken off the CPU per page.
    """
    import resource
    import subprocess

    from django.db.models import Max, Min
    from django.utils import timezone

    from minutebook.extract.council import UNKNOWN
    from minutebook.governance.models import Meeting
    from minutebook.jobs.tasks import queue_import

    one_core = {min(ALL_CORES)} if ALL_CORES else None
    runs = [
        ("one worker", 1, [(place, kind, 0) for place, kind in councils(3, PACKS)], ALL_CORES),
        ("one worker on one core", 1, [(place, kind, 0) for place, kind in councils(88, PACKS)], one_core),
        ("two workers", 2, [(place, kind, 0) for place, kind in councils(88 + PACKS, PACKS)], ALL_CORES),
        ("two workers, one council's packs", 2, [(*councils(70, 1)[0], n) for n in range(PACKS)], ALL_CORES),
    ]
    taken = [council for *_, packs, _ in runs for council in {(place, kind) for place, kind, _ in packs}]
    assert len(taken) == len(set(taken)), "each run's councils its own: a council's next pack costs less"
    rates, cpu_rates, import_rates, steady_rates, database, busy = {}, {}, {}, {}, {}, {}
    command = [sys.executable, "-m", "minutebook.cli", "worker", "--batch", "--no-startup-delay", "-v", "0"]
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=ROOT, check=True)  # an empty queue: the start-up alone
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    startup = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
    for label, workers, packs, cores in runs:
        texts = {pack_file(place, kind, n, "w-"): council_pack(place, kind, n) for place, kind, n in packs}
        assert len(texts) == len(packs) == PACKS, f"{label}: {len(texts)} files for {len(packs)} packs"
        files, pages = write_pdfs(work, texts)
        batch = queue_import([(path, path.name, False) for path in files])
        began = timezone.now()
        start, cpu, server = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN), server_cpu()
        use = CoreUse()
        use.start()
        processes = [
            subprocess.Popen(
                command, cwd=ROOT, preexec_fn=lambda cores=cores: cores and os.sched_setaffinity(0, cores)
            )
            for _ in range(workers)
        ]
        for process in processes:
            process.wait()
        rates[label] = pages / (time.perf_counter() - start)
        # each pack's council named, as real packs' are: a pack of no council named would be the unnamed
        # publisher's, and the imports of all such packs would wait on that one council's write lock
        unnamed = Meeting.objects.filter(
            body__organisation__name=UNKNOWN, source__name__in=[f.name for f in files]
        )
        assert not unnamed.exists(), f"{label}: a pack's council was not named"
        # the imports alone: until the last of them finished (the workers then ran the figure checks left)
        span = batch.files.aggregate(first=Min("started_at"), last=Max("finished_at"))
        import_rates[label] = pages / (span["last"] - began).total_seconds()
        steady_rates[label] = pages / (span["last"] - span["first"]).total_seconds()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
        cpu_rates[label] = pages / (spent - workers * startup)
        if server is not None and (after := server_cpu()) is not None:
            database[label] = 1000 * (after - server) / pages
        use.stop()
        if (share := use.busy(span["first"].timestamp(), span["last"].timestamp())) is not None:
            busy[label] = share
    for name, measured in (
        (
            "the imports alone, from the first import's start to the last one's end (running workers, as they "
            "run for days: the figure the goal is judged on)",
            steady_rates,
        ),
        (
            f"the imports alone, from the workers' launch to the last import's end (each worker's start-up, "
            f"{startup:.1f} s of CPU, included: a large share of a run this short)",
            import_rates,
        ),
        ("the imports and their queued figure checks (until the workers had emptied the queue)", rates),
    ):
        one, single, two, same = (measured[label] for label, *_ in runs)
        print(
            f"queued imports of council-style PDF packs into postgresql, {name} ({PACKS} packs a run): one worker "
            f"{one:.0f} pages/s (reading its next import ahead on the spare core), {single:.0f} on one core; two "
            f"workers, packs of different councils {two:.0f} pages/s ({two / single:.2f}x one worker on one core, "
            f"{two / one:.2f}x one reading ahead; goal >= 150 pages/s and >= 1.7x); two workers, one council's "
            f"packs {same:.0f} pages/s ({same / single:.2f}x one worker on one core: one writer per council at a time)"
        )
    print(
        "queued imports of council-style PDF packs into postgresql, CPU: "
        + ", ".join(f"{label} {cpu_rates[label]:.0f}" for label, *_ in runs)
        + f" pages per CPU-second of the workers (imports and figure checks; each worker's start-up, "
        f"{startup:.1f} s of CPU, taken off)"
        + (
            "; PostgreSQL beside them, all its processes: "
            + ", ".join(f"{label} {database[label]:.1f}" for label, *_ in runs)
            + " ms a page (on the same cores: what it takes from the workers)"
            if len(database) == len(runs)
            else ""
        )
        + (
            "; the machine busy "
            + ", ".join(f"{label} {100 * busy[label]:.0f}%" for label, *_ in runs)
            + " of its cores' time (every process; the rest was idle)"
            if len(busy) == len(runs)
            else ""
        )
    )


def main() -> None:
    pin_to_one_core()
    if "--import-only" not in sys.argv:
        bench_extraction()
        bench_scaling()
    bench_import()


if __name__ == "__main__":
    main()
