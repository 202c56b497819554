"""``make bench-scale SCALE=1``: a synthetic national minute book in PostgreSQL, and how it answers.

100% is 400 councils, 4,000 bodies, 400,000 meetings, 4 million minutes and 20 million resolutions
(with 40 people per council, 8 attendances per meeting and every minute and resolution in the search
index). The rows are generated inside PostgreSQL (``INSERT ... SELECT`` over ``generate_series``:
no row crosses the network, several connections at once), their text taken from a pool of sentences whose
words are drawn from a Zipf-distributed vocabulary (word of rank r with probability ~ 1/r, as in real text:
"council" everywhere, most words rare). Each step's time is printed as it ends, and before each larger size
the time and disk it should take (see ``fits``). Then it prints:
search p50/p95, meeting page, person page and OParl meeting list p95 (through Django's test client, so
templates and queries count; wall-clock and this process's CPU time), the pages a second of a worker
importing new packs for councils with the book's history (``import_into_book``), the size of each table and
its indexes,
and, given several scales (``SCALE="1 10 100"``), how each figure grew from one to the next against the
growth of the data. Never part of ``make test``: it needs PostgreSQL and minutes to hours.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
# As production runs: no DEBUG (which would keep every query in memory and slow each one down).
os.environ.setdefault("MINUTEBOOK_SECRET_KEY", "bench-scale-only")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FULL = {
    "councils": 400,
    "bodies": 4_000,
    "meetings": 400_000,
    "minutes": 4_000_000,
    "resolutions": 20_000_000,
}
PEOPLE_PER_COUNCIL = 40
ATTENDANCE_PER_MEETING = 8
VOCABULARY = 30_000
POOL = 200_000  # sentences the rows' text is taken from (see sentences_sql)
JOBS = int(os.environ.get("BENCH_SCALE_JOBS", os.cpu_count() or 1))  # connections the build runs on
MAINTENANCE_MB = int(os.environ.get("BENCH_SCALE_MAINTENANCE_MB", 1536))  # for each connection's index builds
SAMPLES = 40
TABLES = [
    "governance_organisation",
    "governance_body",
    "governance_person",
    "governance_meeting",
    "governance_attendance",
    "governance_minute",
    "governance_resolution",
    "search_searchentry",
]


def sentence(key: str, salt: int) -> str:
    """SQL for the number of the pooled sentence that row ``key`` takes: a hash of the key, so a row always takes
    the same one (a resolution's search entry repeats its minute's title) and neighbours take unrelated ones."""
    return f"abs(hashint8extended(({key})::bigint, {salt}) % {POOL})"


def sentences_sql(first: int, last: int) -> str:
    """Sentences ``first`` .. ``last`` of the pool: POOL sentences of Zipf-distributed words (rank r = floor(V ** u)
    for u uniform, so P(r) ~ 1/r; the word of rank r is made from r, as in ``bench_vocabulary``), each with a
    title (4 words), a minute's text (40) and a resolution's (18). Drawn once, word by word; before, every row of
    the book drew its own words in a correlated subquery (20 million resolutions x 18 draws of random, power and
    md5), which was most of the build. A row takes its sentence by a hash of its id, so the words the search sees
    keep the Zipf statistics and today's text lengths; a sentence recurs once per POOL rows, as boilerplate does
    in real minutes."""
    words = "substr(md5(r::text), 1, 3 + r % 7)"
    return (
        "INSERT INTO bench_sentence SELECT s, "
        f"string_agg({words}, ' ') FILTER (WHERE k < 4), "
        f"string_agg({words}, ' ') FILTER (WHERE k >= 4 AND k < 44), "
        f"string_agg({words}, ' ') FILTER (WHERE k >= 44) "
        f"FROM (SELECT s, k, floor(power({VOCABULARY}, random()))::int AS r "
        f"FROM generate_series({first}, {last}) AS s, generate_series(0, 61) AS k) AS draws GROUP BY s"
    )


def pool(steps: Steps) -> None:
    """The vocabulary the searches are drawn from and the pool of sentences, made once for all the scales run."""
    c = steps.cursor
    c.execute(
        "SELECT to_regclass('bench_sentence') IS NOT NULL AND (SELECT count(*) FROM pg_class "
        "WHERE relname = 'bench_sentence_pkey') = 1"
    )
    if c.fetchone()[0]:
        return
    c.execute("DROP TABLE IF EXISTS bench_vocabulary, bench_sentence")
    c.execute(
        f"CREATE UNLOGGED TABLE bench_vocabulary AS SELECT r AS rank, "
        f"substr(md5(r::text), 1, 3 + r % 7) AS word FROM generate_series(1, {VOCABULARY}) AS r"
    )
    c.execute("CREATE INDEX ON bench_vocabulary (rank)")
    c.execute("CREATE UNLOGGED TABLE bench_sentence (id integer, title text, text text, clause text)")
    chunk = -(-POOL // (JOBS * 4))
    steps.run(
        "sentence pool (once)",
        [sentences_sql(first, min(first + chunk, POOL) - 1) for first in range(0, POOL, chunk)],
    )
    c.execute("ALTER TABLE bench_sentence ADD PRIMARY KEY (id)")


def fill_missing(cursor, table: str, given: list[str]) -> tuple[list[str], list[str]]:
    """Columns the generator does not set but the table requires (added by later migrations): a plain value."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL AND is_generated = 'NEVER' AND column_name <> 'id'",
        [table],
    )
    plain = {"boolean": "false", "jsonb": "'[]'::jsonb", "date": "current_date"}
    names, values = [], []
    for name, kind in cursor.fetchall():
        if name in given:
            continue
        names.append(name)
        if kind.startswith("timestamp"):
            values.append("now()")
        elif kind in ("integer", "bigint", "smallint", "double precision", "numeric"):
            values.append("0")
        else:
            values.append(plain.get(kind, "''"))
    return names, values


def cluster_cpu(cursor) -> float | None:
    """CPU seconds the PostgreSQL cluster has used: its postmaster, the children it has reaped (finished
    backends and parallel workers) and those alive. None where the server is not on this machine."""
    try:
        cursor.execute("SELECT current_setting('data_directory')")
        (data,) = cursor.fetchone()
        postmaster = int(Path(data, "postmaster.pid").read_text().split()[0])
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended while we looked
            pid, ppid = int(stat.parent.name), int(fields[1])
            if pid == postmaster:
                total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
            elif ppid == postmaster:
                total += int(fields[11]) + int(fields[12])
        return total / tick
    except Exception:  # noqa: BLE001 - not our server, or no /proc: the figure is simply not given
        return None


class Steps:
    """Runs the build's statements, each bulk one split by id range over JOBS connections (an INSERT ... SELECT
    runs on one core, and the index builds of different tables can run side by side), and prints each step's
    wall-clock and the cluster's CPU time: where the build's time goes."""

    def __init__(self, cursor):
        from django.db import connection

        self.cursor = cursor
        self.params = connection.get_connection_params()
        self.times: dict[str, tuple[float, float | None]] = {}

    def connect(self):
        import psycopg

        link = psycopg.connect(**self.params, autocommit=True)
        # Each connection builds one index at a time, with memory enough to sort or gather it in one go; the
        # connections are the parallelism (a parallel btree build on top of them would only oversubscribe).
        link.execute(f"SET maintenance_work_mem = '{MAINTENANCE_MB}MB'")
        link.execute("SET max_parallel_maintenance_workers = 0")
        link.execute("SET work_mem = '256MB'")
        return link

    def run(self, name: str, statements: list[str]) -> None:
        from queue import Empty, SimpleQueue
        from threading import Thread

        started, cpu = time.perf_counter(), cluster_cpu(self.cursor)
        waiting: SimpleQueue[str] = SimpleQueue()
        for statement in statements:
            waiting.put(statement)
        failures: list[BaseException] = []
        backends: list[int] = []

        def work() -> None:
            try:
                with self.connect() as link:
                    backends.append(link.execute("SELECT pg_backend_pid()").fetchone()[0])
                    while True:
                        try:
                            statement = waiting.get_nowait()
                        except Empty:
                            return
                        link.execute(statement)
            except BaseException as error:  # noqa: BLE001 - raised again below, in the main thread
                failures.append(error)

        workers = [Thread(target=work) for _ in range(min(JOBS, len(statements)))]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        if failures:
            raise failures[0]
        wall = time.perf_counter() - started
        # A closed connection's backend ends a moment later; its CPU time counts once the postmaster has reaped it.
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in backends) and time.monotonic() < deadline:
            time.sleep(0.05)
        after = cluster_cpu(self.cursor)
        spent = after - cpu if cpu is not None and after is not None else None
        self.times[name] = (wall, spent)
        print(
            f"  {name:45} {wall:8.1f} s wall, " + (f"{spent:8.1f} s CPU" if spent is not None else "CPU n/a")
        )
        sys.stdout.flush()

    def insert(self, table: str, columns: dict[str, str], source: str, rows: int, *, lo: int = 1) -> None:
        """Rows ``lo`` .. ``rows`` of ``table``, ``source`` being a FROM clause over ``g`` (the row's number)."""
        extra_names, extra_values = fill_missing(self.cursor, table, list(columns))
        names = ", ".join(f'"{name}"' for name in [*columns, *extra_names])
        values = ", ".join([*columns.values(), *extra_values])
        # A few chunks per connection, so that one slow chunk does not hold the rest.
        chunk = max(1, -(-(rows - lo + 1) // (JOBS * 4)))
        statements = [
            f"INSERT INTO {table} ({names}) SELECT {values} "
            f"FROM generate_series({start}, {min(start + chunk - 1, rows)}) AS g{source}"
            for start in range(lo, rows + 1, chunk)
        ]
        self.run(f"insert {table}" + (f" ({columns['kind']})" if "kind" in columns else ""), statements)


@contextmanager
def indexes_built_after(steps: Steps, tables: list[str]):
    """Drop the tables' plain indexes and their foreign keys (not primary keys or unique constraints) and make them
    again after the bulk load, as pg_restore does: an index built once over all rows is many times faster than
    one kept up to date row by row, and a foreign key checked by one join at the end than by a trigger per row."""
    c = steps.cursor
    c.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [tables],
    )
    indexes = c.fetchall()
    c.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        [tables],
    )
    keys = c.fetchall()
    for name, _ in indexes:
        c.execute(f'DROP INDEX "{name}"')
    for table, name, _ in keys:
        c.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    # The search table's GIN index is the longest build: started first, the others share the other connections.
    indexes.sort(key=lambda index: "gin" not in index[1].lower())
    steps.run("build indexes", [definition for _, definition in indexes])
    steps.run(
        "add foreign keys (one check each)",
        [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for table, name, definition in keys],
    )


def build(scale: float) -> dict:
    from django.core.management import call_command
    from django.db import connection

    n = {k: max(1, int(v * scale / 100)) for k, v in FULL.items()}
    people = n["councils"] * PEOPLE_PER_COUNCIL
    call_command("flush", "--noinput", verbosity=0)
    started, cpu = time.perf_counter(), None
    meeting = f"(1 + g % {n['meetings']})"  # minute g's meeting
    day = f"(date '2006-01-01' + ({meeting} % 7300))"  # meetings spread over 20 years
    with connection.cursor() as c:
        cpu = cluster_cpu(c)
        steps = Steps(c)
        c.execute("SET work_mem = '256MB'")
        pool(steps)
        with indexes_built_after(steps, TABLES):
            steps.insert(
                "governance_organisation",
                {"id": "g", "name": "'Council ' || g", "kind": "'council'", "other_names": "'[]'::jsonb"},
                "",
                n["councils"],
            )
            steps.insert(
                "governance_body",
                {
                    "id": "g",
                    "organisation_id": f"1 + g % {n['councils']}",
                    "name": "'Board ' || g",
                    "slug": "'board-' || g",
                    "kind": "'hwb'",
                },
                "",
                n["bodies"],
            )
            steps.insert(
                "governance_person",
                {"id": "g", "name": "'Person ' || g", "slug": "'person-' || g", "other_names": "'[]'::jsonb"},
                "",
                people,
            )
            # Meeting g belongs to body 1 + g % bodies; minutes and resolutions hang from them in order.
            steps.insert(
                "governance_meeting",
                {
                    "id": "g",
                    "body_id": f"1 + g % {n['bodies']}",
                    "start": "timestamptz '2006-01-01' + (g % 7300) * interval '1 day' + interval '14 hours'",
                    "status": "'held'",
                    "venue": "'Civic Centre'",
                },
                "",
                n["meetings"],
            )
            # Each meeting's 8 attendees: people of its body's council.
            steps.insert(
                "governance_attendance",
                {
                    "meeting_id": "g",
                    "person_id": f"1 + (((1 + g % {n['bodies']}) % {n['councils']}) * {PEOPLE_PER_COUNCIL} + a) "
                    f"% {people}",
                    "status": "'present'",
                    "capacity": "'member'",
                    "role": "''",
                },
                f" CROSS JOIN generate_series(0, {ATTENDANCE_PER_MEETING - 1}) AS a",
                n["meetings"],
            )
            steps.insert(
                "governance_minute",
                {
                    "id": "g",
                    "meeting_id": meeting,
                    "number": "g::text",
                    "title": "s.title",
                    "text": "s.text",
                    "order": "g % 10",
                },
                f" JOIN bench_sentence s ON s.id = {sentence('g', 1)}",
                n["minutes"],
            )
            steps.insert(
                "governance_resolution",
                {
                    "id": "g",
                    "minute_id": f"1 + g % {n['minutes']}",
                    "clause": "(g % 5 + 1)::text",
                    "text": "s.clause",
                    "order": "g % 5 + 1",
                },
                f" JOIN bench_sentence s ON s.id = {sentence('g', 2)}",
                n["resolutions"],
            )
            # The search entries as the indexer writes them, computed from the ids as the rows above were: no join
            # of 20 million resolutions to their minutes and meetings.
            steps.insert(
                "search_searchentry",
                {
                    "id": "g",
                    "kind": "'minute'",
                    "object_id": "g",
                    "body_id": f"1 + {meeting} % {n['bodies']}",
                    "date": day,
                    "title": "g || '. ' || s.title",
                    "text": "s.text",
                    "url": f"'/meetings/' || {meeting} || '/#minute-' || g",
                    "group": "'minute-' || g",
                },
                f" JOIN bench_sentence s ON s.id = {sentence('g', 1)}",
                n["minutes"],
            )
            # Entries 1 .. minutes are the minutes', the rest the resolutions'.
            resolution = f"(g - {n['minutes']})"
            minute = f"(1 + {resolution} % {n['minutes']})"
            meeting_of_minute = f"(1 + {minute} % {n['meetings']})"
            steps.insert(
                "search_searchentry",
                {
                    "id": "g",
                    "kind": "'resolution'",
                    "object_id": resolution,
                    "body_id": f"1 + {meeting_of_minute} % {n['bodies']}",
                    "date": f"(date '2006-01-01' + ({meeting_of_minute} % 7300))",
                    "title": f"{minute} || '. ' || t.title",
                    "text": "s.clause",
                    "url": f"'/meetings/' || {meeting_of_minute} || '/#minute-' || {minute}",
                    "group": f"'minute-' || {minute}",
                },
                f" JOIN bench_sentence s ON s.id = {sentence(resolution, 2)} "
                f"JOIN bench_sentence t ON t.id = {sentence(minute, 1)}",
                n["minutes"] + n["resolutions"],
                lo=n["minutes"] + 1,
            )
            for table in TABLES:
                c.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
        # What autovacuum would have done by the time a reader comes: statistics, and the visibility map that
        # lets an index-only scan skip the table.
        steps.run("vacuum analyze", [f"VACUUM ANALYZE {table}" for table in TABLES])
        after = cluster_cpu(c)
    n["people"] = people
    if "sentence pool (once)" in steps.times:
        n["pool seconds"] = round(steps.times["sentence pool (once)"][0])
    n["build seconds"] = round(time.perf_counter() - started)
    if cpu is not None and after is not None:
        n["build CPU seconds (PostgreSQL)"] = round(after - cpu)
    return n


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def timed(client, urls: list[str], cpu: dict, name: str, blocks: list | None = None) -> list[float]:
    """Wall-clock milliseconds of each request; the CPU milliseconds this process spent on them go in ``cpu``
    (on a shared machine, wall time is mostly waiting for a core; the CPU time is what a quiet one would take,
    the database's own work aside). ``blocks``: each request's blocks of the search table and its indexes read
    by PostgreSQL, from its cache or the disk: work that does not depend on what else the machine does."""
    times, spent = [], []
    for url in urls:
        before = search_blocks() if blocks is not None else 0
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        spent.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        if blocks is not None:
            blocks.append(search_blocks() - before)
    cpu[f"{name} CPU p95 ms"] = p(spent, 95)
    return times


def search_blocks() -> int:
    """Blocks of the search table and its indexes read so far by this database's sessions (PostgreSQL 15 and
    later publish a session's counts when asked; earlier, when its transaction ends)."""
    from django.db import connection

    with connection.cursor() as c:
        if connection.pg_version >= 150000:
            c.execute("SELECT pg_stat_force_next_flush()")
        c.execute(
            "SELECT heap_blks_read + heap_blks_hit + coalesce(idx_blks_read + idx_blks_hit, 0) "
            "FROM pg_statio_user_tables WHERE relname = 'search_searchentry'"
        )
        return c.fetchone()[0]


def measure(n: dict) -> dict:
    from django.db import connection
    from django.test import Client

    rnd = random.Random(15)
    client = Client()
    with connection.cursor() as c:
        # Words from common to rare (ranks 2 .. V), as people search; and as many others, searched first to warm
        # the database as one answering searches all day is (the newest entries, which every search reads first,
        # in its cache), none of them a word timed.
        ranks = sorted({int(VOCABULARY ** rnd.random()) or 1 for _ in range(SAMPLES)})
        others = {int(VOCABULARY ** rnd.random()) or 1 for _ in range(SAMPLES)} - set(ranks)
        c.execute("SELECT word FROM bench_vocabulary WHERE rank = ANY(%s)", [ranks])
        words = [w for (w,) in c.fetchall()]
        c.execute("SELECT word FROM bench_vocabulary WHERE rank = ANY(%s)", [sorted(others)])
        warming = [w for (w,) in c.fetchall()]
        c.execute("SELECT slug FROM governance_person ORDER BY random() LIMIT %s", [SAMPLES])
        slugs = [s for (s,) in c.fetchall()]
    cpu: dict[str, float] = {}
    # Warm, as a serving process is: each kind of page once (its modules imported, its statements compiled).
    for warm in (
        "/",
        f"/search/?q={words[0]}",
        "/meetings/1/",
        f"/people/{slugs[0]}/",
        "/oparl/v1.1/bodies/1/meetings/",
    ):
        client.get(warm)
    for word in warming:
        client.get(f"/search/?q={word}")
    blocks: list[int] = []
    search = timed(client, [f"/search/?q={w}" for w in words], cpu, "search", blocks)
    meetings = timed(
        client, [f"/meetings/{rnd.randint(1, n['meetings'])}/" for _ in range(SAMPLES)], cpu, "meeting page"
    )
    people = timed(client, [f"/people/{s}/" for s in slugs], cpu, "person page")
    # OParl: a council's meetings, first page (the list a harvester starts from)
    oparl = timed(
        client,
        [f"/oparl/v1.1/bodies/{rnd.randint(1, n['councils'])}/meetings/" for _ in range(SAMPLES)],
        cpu,
        "OParl list",
    )
    figures = {
        "search p50 ms": p(search, 50),
        "search p95 ms": p(search, 95),
        "search p95 blocks of the search table": p(blocks, 95),
        "meeting page p95 ms": p(meetings, 95),
        "person page p95 ms": p(people, 95),
        "OParl list p95 ms": p(oparl, 95),
        **cpu,
        **import_into_book(),
    }
    with connection.cursor() as c:
        for table in TABLES:
            c.execute("SELECT pg_relation_size(%s), pg_indexes_size(%s)", [table, table])
            data, indexes = c.fetchone()
            figures[f"{table} table MB"] = data / 1e6
            figures[f"{table} indexes MB"] = indexes / 1e6
    return figures


def import_into_book() -> dict:
    """A worker adding new packs to the book: council-style PDF packs (``run.council_pack``, four a council) for
    three of the book's councils, each with the book's history (its committees' meetings, attendances and
    people), imported one after another as one worker does, after one untimed warm-up import. The book's
    councils are named "Council 7"; the packs name theirs as councils print them ("Ashcombe City Council"), so
    three councils of the book, and a fourth for the warm-up, are given names no council of the book has yet
    (kept: each run takes new ones, and the book grows by its packs). Pages a second (wall clock), and CPU a
    page in this process and in PostgreSQL (when the server runs on this machine)."""
    import tempfile

    import run  # the import benchmark's packs and timing (benchmarks/run.py)
    from django.db import connection

    from minutebook.lifetime import keep_loaded

    every = run.councils(0, 10_000)
    with connection.cursor() as c:
        c.execute("SELECT name FROM governance_organisation")
        taken = {name for (name,) in c.fetchall()}
        free = [(place, kind) for place, kind in every if f"{place} {kind}" not in taken][:4]
        c.execute(
            "SELECT o.id FROM governance_organisation o WHERE o.name LIKE 'Council %%' "
            "AND EXISTS (SELECT 1 FROM governance_body b WHERE b.organisation_id = o.id) ORDER BY random() LIMIT 4"
        )
        chosen = [pk for (pk,) in c.fetchall()]
        if len(free) < 4 or len(chosen) < 4:
            print("  import into the book: skipped, no councils left to name (every pack name is taken)")
            return {}
        for pk, (place, kind) in zip(chosen, free, strict=True):
            c.execute("UPDATE governance_organisation SET name = %s WHERE id = %s", [f"{place} {kind}", pk])
        c.execute(
            "SELECT count(*) / 4 FROM governance_meeting m JOIN governance_body b ON b.id = m.body_id "
            "WHERE b.organisation_id = ANY(%s)",
            [chosen],
        )
        history = c.fetchone()[0]
    work = Path(tempfile.mkdtemp())
    warm, _ = run.write_pdfs(work, {"warm.pdf": run.council_pack(*free[3], 0)})
    packs, pages = run.write_pdfs(
        work,
        {
            run.pack_file(place, kind, k): run.council_pack(place, kind, k)
            for place, kind in free[:3]
            for k in range(4)
        },
    )
    run.timed_imports(warm)
    keep_loaded()  # as `minutebook worker` does before its first job
    server = run.server_cpu()
    (wall, cpu), _ = run.timed_imports(packs)
    after = run.server_cpu()
    print(
        f"  import into the book: {len(packs)} council-style PDF packs ({pages} pages) for three of its councils, "
        f"each with ~{history:,} meetings of history"
    )
    figures = {
        "import into the book, pages/s": pages / wall,
        "import into the book, importer CPU ms a page": 1000 * cpu / pages,
    }
    if server is not None and after is not None:
        figures["import into the book, PostgreSQL CPU ms a page"] = 1000 * (after - server) / pages
    return figures


FALLBACK = [20, 30, 50, 70]  # what is built instead of a size that would not fit, the largest that does


def fits(scale: float, results: dict, *, quiet: bool = False) -> bool:
    """Whether building ``scale`` fits the time and disk left, extrapolated from the sizes already built: time
    with the exponent the last two sizes grew by (linear from one size), disk linearly (sizes grew 10.0x for 10x
    the data). The time left is until BENCH_SCALE_BY (UTC, HH:MM) when set; the disk that must stay free on the
    database's file system, BENCH_SCALE_RESERVE_GB (25 by default: others share it). Printed before building."""
    import math
    import shutil
    from datetime import UTC, datetime, timedelta

    from django.db import connection

    built = sorted(results)
    last = built[-1]
    n = results[last][0]
    seconds = n["build seconds"] - n.get("pool seconds", 0) + n["measure seconds"]
    exponent = 1.0
    if len(built) > 1:
        first = results[built[-2]][0]
        earlier = first["build seconds"] - first.get("pool seconds", 0) + first["measure seconds"]
        exponent = max(1.0, math.log(seconds / earlier) / math.log(last / built[-2]))
    estimate = seconds * (scale / last) ** exponent
    with connection.cursor() as c:
        c.execute(
            "SELECT pg_database_size(current_database()), current_setting('data_directory'), "
            "pg_size_bytes(current_setting('max_wal_size'))"
        )
        size, data, wal = c.fetchone()
    needed = size * scale / last + 2 * wal
    try:
        free = shutil.disk_usage(data).free + size  # the present book is emptied before the next is built
    except OSError:
        free = None
    reserve = float(os.environ.get("BENCH_SCALE_RESERVE_GB", 25)) * 1e9
    by = os.environ.get("BENCH_SCALE_BY")
    now = datetime.now(UTC)
    deadline = None
    if by:
        deadline = now.replace(hour=int(by[:2]), minute=int(by[3:5]), second=0, microsecond=0)
        deadline += timedelta(days=1) if deadline < now else timedelta()
    finish = now + timedelta(seconds=estimate)
    ok = (free is None or free - needed >= reserve) and (deadline is None or finish <= deadline)
    if not quiet:
        print(
            f"== estimate for {scale:g}% (from {last:g}%, time growing as size^{exponent:.2f}): "
            f"{estimate / 60:.0f} min to build and measure (done ~{finish:%H:%M} UTC"
            + (f", must be done by {deadline:%H:%M}" if deadline else "")
            + f"), {needed / 1e9:.1f} GB on disk"
            + (f" of {free / 1e9:.1f} GB free, {reserve / 1e9:.0f} GB to be left" if free is not None else "")
            + (": fits" if ok else ": DOES NOT FIT")
        )
        sys.stdout.flush()
    return ok


def measure_existing() -> None:
    """``SCALE=existing``: measure the book an earlier run left in a kept cluster (``MINUTEBOOK_PG_KEEP``, see
    scripts/with-postgres) with the code as it is now, without building it again (the national book takes an
    hour and a half to build)."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute(
            "SELECT (SELECT max(id) FROM governance_organisation), (SELECT max(id) FROM governance_meeting), "
            "(SELECT max(id) FROM governance_resolution)"
        )
        councils, meetings, resolutions = c.fetchone()
    if not meetings:
        sys.exit(
            "SCALE=existing: this database holds no book; build one first (SCALE=100 MINUTEBOOK_PG_KEEP=DIR)"
        )
    n = {"councils": councils, "meetings": meetings}
    print(f"== the existing book: {councils:,} councils, {meetings:,} meetings, {resolutions:,} resolutions")
    for name, value in measure(n).items():
        print(f"  {name:45} {value:10.1f}")


def main() -> None:
    import tempfile

    import django

    os.environ.setdefault("MINUTEBOOK_FILES", tempfile.mkdtemp())  # the originals import_into_book keeps
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench-scale needs PostgreSQL: set DATABASE_URL (make bench-scale starts a private cluster)")
    call_command("migrate", verbosity=0)
    from minutebook.lifetime import keep_loaded

    keep_loaded()  # as each web process does (minutebook/wsgi.py): pages are timed as production serves them
    if sys.argv[1:] == ["existing"]:
        measure_existing()
        return
    scales = [float(s) for s in (sys.argv[1:] or ["1"])]
    results = {}
    for scale in scales:
        if results and not fits(scale, results):
            smaller = [s for s in FALLBACK if max(results) < s < scale and fits(s, results, quiet=True)]
            if not smaller:
                print(
                    f"== {scale:g}% NOT BUILT: no size above {max(results):g}% fits (see the estimate above)"
                )
                break
            scale = smaller[-1]
            fits(scale, results)
            print(
                f"== building {scale:g}% instead: the largest that fits. It is NOT the {scales[-1]:g}% asked for."
            )
        n = build(scale)
        print(f"== {scale:g}% of national scale: " + ", ".join(f"{v:,} {k}" for k, v in n.items()))
        started = time.perf_counter()
        figures = measure(n)
        n["measure seconds"] = round(time.perf_counter() - started)
        for name, value in figures.items():
            print(f"  {name:45} {value:10.1f}")
        sys.stdout.flush()
        results[scale] = (n, figures)
    for (a, (na, fa)), (b, (nb, fb)) in zip(list(results.items()), list(results.items())[1:], strict=False):
        data = nb["resolutions"] / na["resolutions"]
        print(
            f"== growth from {a:g}% to {b:g}% (the data grew {data:.1f}x; linear means the same factor for sizes)"
        )
        for name in fa:
            if name in fb and fa[name]:
                print(f"  {name:45} {fb[name] / fa[name]:8.2f}x")


if __name__ == "__main__":
    main()
