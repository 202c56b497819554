"""OParl list pages on a synthetic minute book of 10,000 meetings.

    python benchmarks/oparl.py [--meetings 10000] [--walks 1]

Builds a throw-away database (DATABASE_URL, or a temporary SQLite file; a
DATABASE_URL that already holds the synthetic book is reused) with
that many meetings over 20 boards, each with agenda items, minutes,
resolutions, attendance and a kept original, then walks every meeting by the
lists' ``next`` links. Prints p50/p95 of a page of 100 meetings with their
agenda items embedded (goal p95 <= 50 ms) and the number of queries (and their SQL time) for pages
1, 10 and 100 (goal: the same, as keyset paging never scans what came before).
A smaller book walked several times (``--meetings 1000 --walks 5``) measures the
same page cost in a fraction of the time, keyset paging making it independent of
the book's size. ``--profile 20`` fetches 20 pages again under cProfile and prints
where their time went.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from public_site import cpu_of_server, database_cpu, percentile  # noqa: E402

COUNCIL = "Benchmark City Council"
ITEMS_PER_MEETING = 10
PEOPLE_PER_MEETING = 8


def build(meetings: int) -> int:
    """The synthetic book; returns the council's id."""
    from django.db import connection, transaction

    from minutebook.governance.models import (
        AgendaItem,
        Attendance,
        Body,
        Meeting,
        Membership,
        Minute,
        Organisation,
        Person,
        Resolution,
        SourceDocument,
    )

    with transaction.atomic():
        council = Organisation.objects.create(name=COUNCIL, kind="council")
        bodies = [
            Body.objects.create(organisation=council, name=f"Board {n}", slug=f"board-{n}") for n in range(20)
        ]
        people = Person.objects.bulk_create(
            Person(name=f"Person {n}", slug=f"person-{n}") for n in range(200)
        )
        Membership.objects.bulk_create(
            Membership(person=people[n], body=bodies[n % 20], start_date=datetime.date(2005, 5, 20))
            for n in range(200)
        )
        SourceDocument.objects.bulk_create(
            SourceDocument(
                name=f"minutes-{n}.pdf",
                sha256=f"{n:064x}",
                media_type="application/pdf",
                size=1000 + n,
                stored_as=f"{n:064x}",
                extractor_version="bench",
            )
            for n in range(meetings)
        )
        documents = list(SourceDocument.objects.order_by("pk").values_list("pk", flat=True))
        start = datetime.datetime(2005, 1, 1, 14, tzinfo=datetime.UTC)
        Meeting.objects.bulk_create(
            (
                Meeting(
                    body=bodies[n % 20],
                    start=start + datetime.timedelta(days=n // 20 * 7 + n % 7),
                    status="held",
                    venue=f"Committee Room {n % 4 + 1}",
                    source_id=documents[n],
                )
                for n in range(meetings)
            ),
            batch_size=5000,
        )
        meeting_rows = list(Meeting.objects.order_by("pk").values_list("pk", "source"))
        AgendaItem.objects.bulk_create(
            (
                AgendaItem(
                    meeting_id=pk,
                    number=str(k),
                    title=f"Item {k} of meeting {pk}",
                    order=k,
                    source_id=source,
                    exempt=k == ITEMS_PER_MEETING,
                    exempt_paragraph=3 if k == ITEMS_PER_MEETING else None,
                )
                for pk, source in meeting_rows
                for k in range(1, ITEMS_PER_MEETING + 1)
            ),
            batch_size=10000,
        )
        items = list(AgendaItem.objects.filter(order__lte=3).values_list("pk", "meeting", "order"))
        Minute.objects.bulk_create(
            (
                Minute(
                    meeting_id=meeting,
                    agenda_item_id=pk,
                    number=str(order),
                    title=f"Minute {order}",
                    order=order,
                )
                for pk, meeting, order in items
            ),
            batch_size=10000,
        )
        Resolution.objects.bulk_create(
            (
                Resolution(minute_id=pk, clause=str(c), text=f"Resolution {c} of minute {pk}.", order=c)
                for pk in Minute.objects.values_list("pk", flat=True)
                for c in (1, 2)
            ),
            batch_size=10000,
        )
        Attendance.objects.bulk_create(
            (
                Attendance(meeting_id=pk, person=people[(n * 7 + k) % 200])
                for n, (pk, _) in enumerate(meeting_rows)
                for k in range(PEOPLE_PER_MEETING)
            ),
            batch_size=10000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return council.pk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--walks", type=int, default=1, help="walk the whole list this many times")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="PAGES",
        help="fetch this many pages again under cProfile and print where their time went",
    )
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/oparl-bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    os.environ.setdefault("MINUTEBOOK_DEBUG", "0")
    os.environ.setdefault("MINUTEBOOK_SECRET_KEY", "benchmark-only")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from minutebook.governance.models import AgendaItem, Meeting, Organisation

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    built = Organisation.objects.filter(name=COUNCIL).first()
    council = built.pk if built else build(args.meetings)
    print(
        f"synthetic minute book on {connection.vendor}: {Meeting.objects.count():,} meetings, "
        f"{AgendaItem.objects.count():,} agenda items "
        + (f"(built in {time.perf_counter() - started:.0f} s)" if not built else "(built before, reused)")
    )
    client = Client()
    first = f"/oparl/v1.1/bodies/{council}/meetings/"
    url, timings, cpu, server, queries, pages, visited = first, [], [], [], {}, 0, []
    server_clock = database_cpu()
    walks = 1
    walked = time.perf_counter()
    while url:
        pages += 1
        visited.append(url)
        t, c, s = time.perf_counter(), time.process_time(), server_clock()
        response = client.get(url)
        timings.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        server.append((server_clock() - s) * 1000)
        assert response.status_code == 200, response.content[:300]
        if pages in (1, 10, 100) and walks == 1:
            # Counted on a second fetch: recording queries (SQL text, quoted parameters) costs time of its own.
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            sql = sum(float(query["time"]) for query in captured.captured_queries) * 1000
            queries[pages] = f"{len(captured)} ({sql:.0f} ms of SQL)"
        data = response.json()
        assert pages * 100 > args.meetings or len(data["data"]) == 100
        url = data["links"].get("next", "").removeprefix("http://testserver")
        if not url and walks < args.walks:
            url, walks, pages = first, walks + 1, 0
    walked = (time.perf_counter() - walked) / walks
    print(
        f"  meeting list page (100 meetings, agenda items embedded): p50 {percentile(timings, 50):.1f} ms, "
        f"p95 {percentile(timings, 95):.1f} ms over {len(timings)} pages (goal p95 <= 50 ms); "
        f"CPU time p50 {percentile(cpu, 50):.1f} ms, p95 {percentile(cpu, 95):.1f} ms (steadier on a shared machine)"
        + cpu_of_server(server)
    )
    shown = ", ".join(f"page {n}: {queries[n]}" for n in (1, 10, 100) if n in queries)
    print(f"  queries per page ({shown}); every meeting walked by next links in {walked:.1f} s")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)  # our CPU: wall time here counts the waits for a core
        profiler.enable()
        for url in visited[: args.profile]:
            client.get(url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
