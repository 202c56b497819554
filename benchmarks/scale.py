"""``make bench-scale SCALE=1``: a synthetic national minute book in PostgreSQL, and how it answers.

100% is 400 councils, 4,000 bodies, 400,000 meetings, 4 million minutes and 20 million resolutions
(with 40 people per council, 8 attendances per meeting and every minute and resolution in the search
index). The rows are generated inside PostgreSQL (``INSERT ... SELECT`` over ``generate_series``:
no row crosses the network), their words drawn from a Zipf-distributed vocabulary (word of rank r
with probability ~ 1/r, as in real text: "council" everywhere, most words rare). Then it prints:
search p50/p95, meeting page, person page and OParl meeting list p95 (through Django's test client, so
templates and queries count; wall-clock and this process's CPU time), the size of each table and its indexes,
and, given several scales (``SCALE="1 10"``), how each figure grew from one to the next against the
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


def words_sql(count: str, salt: str) -> str:
    """SQL for ``count`` words, Zipf-distributed: rank r = floor(V ** u) for u uniform, so P(r) ~ 1/r; the
    word of rank r is made from r (as in ``bench_vocabulary``), so no lookup is needed."""
    return (
        f"(SELECT string_agg(substr(md5(z.r::text), 1, 3 + z.r % 7), ' ') FROM generate_series(1, {count}) AS k, "
        f"LATERAL (SELECT floor(power({VOCABULARY}, random() + 0 * k))::int AS r) AS z "
        f"WHERE {salt} IS NOT NULL)"  # refers to the outer row, so it is drawn again for each row
    )


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


def insert(cursor, table: str, columns: dict[str, str], source: str) -> None:
    extra_names, extra_values = fill_missing(cursor, table, list(columns))
    names = ", ".join(f'"{name}"' for name in [*columns, *extra_names])
    values = ", ".join([*columns.values(), *extra_values])
    cursor.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {source}")


@contextmanager
def indexes_built_after(cursor, tables: list[str]):
    """Drop the tables' plain indexes (not those behind constraints) and build them again after the bulk load:
    building an index once over all rows is many times faster than keeping it up to date row by row, and it is
    what pg_restore does too."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [tables],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    cursor.execute("SET maintenance_work_mem = '512MB'")
    for _, definition in indexes:
        cursor.execute(definition)


def build(scale: float) -> dict:
    from django.core.management import call_command
    from django.db import connection

    n = {k: max(1, int(v * scale / 100)) for k, v in FULL.items()}
    call_command("flush", "--noinput", verbosity=0)
    started = time.perf_counter()
    with connection.cursor() as c, indexes_built_after(c, TABLES):
        c.execute("DROP TABLE IF EXISTS bench_vocabulary")
        c.execute(
            f"CREATE UNLOGGED TABLE bench_vocabulary AS SELECT r AS rank, "
            f"substr(md5(r::text), 1, 3 + r % 7) AS word FROM generate_series(1, {VOCABULARY}) AS r",
        )
        c.execute("CREATE INDEX ON bench_vocabulary (rank)")
        insert(
            c,
            "governance_organisation",
            {"id": "g", "name": "'Council ' || g", "kind": "'council'", "other_names": "'[]'::jsonb"},
            f"generate_series(1, {n['councils']}) AS g",
        )
        insert(
            c,
            "governance_body",
            {
                "id": "g",
                "organisation_id": f"1 + g % {n['councils']}",
                "name": "'Board ' || g",
                "slug": "'board-' || g",
                "kind": "'hwb'",
            },
            f"generate_series(1, {n['bodies']}) AS g",
        )
        people = n["councils"] * PEOPLE_PER_COUNCIL
        insert(
            c,
            "governance_person",
            {"id": "g", "name": "'Person ' || g", "slug": "'person-' || g", "other_names": "'[]'::jsonb"},
            f"generate_series(1, {people}) AS g",
        )
        # Meetings spread over 20 years; minutes and resolutions hang from them in order.
        insert(
            c,
            "governance_meeting",
            {
                "id": "g",
                "body_id": f"1 + g % {n['bodies']}",
                "start": "timestamptz '2006-01-01' + (g % 7300) * interval '1 day' + interval '14 hours'",
                "status": "'held'",
                "venue": "'Civic Centre'",
            },
            f"generate_series(1, {n['meetings']}) AS g",
        )
        # Each meeting's 8 attendees: people of its body's council.
        insert(
            c,
            "governance_attendance",
            {
                "meeting_id": "m.id",
                "person_id": f"1 + ((m.body_id % {n['councils']}) * {PEOPLE_PER_COUNCIL} + a) % {people}",
                "status": "'present'",
                "capacity": "'member'",
                "role": "''",
            },
            f"governance_meeting m CROSS JOIN generate_series(0, {ATTENDANCE_PER_MEETING - 1}) AS a",
        )
        insert(
            c,
            "governance_minute",
            {
                "id": "g",
                "meeting_id": f"1 + g % {n['meetings']}",
                "number": "g::text",
                "title": words_sql("4", "g"),
                "text": words_sql("40", "g"),
                "order": "g % 10",
            },
            f"generate_series(1, {n['minutes']}) AS g",
        )
        insert(
            c,
            "governance_resolution",
            {
                "id": "g",
                "minute_id": f"1 + g % {n['minutes']}",
                "clause": "(g % 5 + 1)::text",
                "text": words_sql("18", "g"),
                "order": "g % 5 + 1",
            },
            f"generate_series(1, {n['resolutions']}) AS g",
        )
        insert(
            c,
            "search_searchentry",
            {
                "kind": "'minute'",
                "object_id": "mi.id",
                "body_id": "me.body_id",
                "date": "me.start::date",
                "title": "mi.number || '. ' || mi.title",
                "text": "mi.text",
                "url": "'/meetings/' || me.id || '/#minute-' || mi.id",
            },
            "governance_minute mi JOIN governance_meeting me ON me.id = mi.meeting_id",
        )
        insert(
            c,
            "search_searchentry",
            {
                "kind": "'resolution'",
                "object_id": "r.id",
                "body_id": "me.body_id",
                "date": "me.start::date",
                "title": "mi.number || '. ' || mi.title",
                "text": "r.text",
                "url": "'/meetings/' || me.id || '/#minute-' || mi.id",
            },
            "governance_resolution r JOIN governance_minute mi ON mi.id = r.minute_id "
            "JOIN governance_meeting me ON me.id = mi.meeting_id",
        )
        for table in TABLES:
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
            )
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")  # what autovacuum would have done by the time a reader comes
    n["people"] = people
    n["build seconds"] = round(time.perf_counter() - started)
    return n


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def timed(client, urls: list[str], cpu: dict, name: str) -> list[float]:
    """Wall-clock milliseconds of each request; the CPU milliseconds this process spent on them go in ``cpu``
    (on a shared machine, wall time is mostly waiting for a core; the CPU time is what a quiet one would take,
    the database's own work aside)."""
    times, spent = [], []
    for url in urls:
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        spent.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    cpu[f"{name} CPU p95 ms"] = p(spent, 95)
    return times


def measure(n: dict) -> dict:
    from django.db import connection
    from django.test import Client

    rnd = random.Random(15)
    client = Client()
    with connection.cursor() as c:
        # Words from common to rare (ranks 2 .. V), as people search.
        ranks = sorted({int(VOCABULARY ** rnd.random()) or 1 for _ in range(SAMPLES)})
        c.execute("SELECT word FROM bench_vocabulary WHERE rank = ANY(%s)", [ranks])
        words = [w for (w,) in c.fetchall()]
        c.execute("SELECT slug FROM governance_person ORDER BY random() LIMIT %s", [SAMPLES])
        slugs = [s for (s,) in c.fetchall()]
    cpu: dict[str, float] = {}
    client.get("/")  # warm
    search = timed(client, [f"/search/?q={w}" for w in words], cpu, "search")
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
        "meeting page p95 ms": p(meetings, 95),
        "person page p95 ms": p(people, 95),
        "OParl list p95 ms": p(oparl, 95),
        **cpu,
    }
    with connection.cursor() as c:
        for table in TABLES:
            c.execute("SELECT pg_relation_size(%s), pg_indexes_size(%s)", [table, table])
            data, indexes = c.fetchone()
            figures[f"{table} table MB"] = data / 1e6
            figures[f"{table} indexes MB"] = indexes / 1e6
    return figures


def main() -> None:
    import django

    scales = [float(s) for s in (sys.argv[1:] or ["1"])]
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench-scale needs PostgreSQL: set DATABASE_URL (make bench-scale starts a private cluster)")
    call_command("migrate", verbosity=0)
    results = {}
    for scale in scales:
        n = build(scale)
        print(f"== {scale:g}% of national scale: " + ", ".join(f"{v:,} {k}" for k, v in n.items()))
        figures = measure(n)
        for name, value in figures.items():
            print(f"  {name:45} {value:10.1f}")
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
