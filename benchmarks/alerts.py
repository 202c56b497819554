"""`minutebook alerts send` for 10,000 followers, through a real local SMTP server.

    python benchmarks/alerts.py [--followers 10000] [--minutes 10000] [--profile 30]

Builds a throw-away minute book (DATABASE_URL, or a temporary SQLite file: the synthetic book of
benchmarks/public_site.py), confirms that many followers of searches, bodies, people and actions, adds
a month of news (a meeting of every body with its minutes and decisions, attendance, reports back),
then times one send (every follower with news gets a digest) and a second (nothing new: nothing sent),
wall clock and this process's CPU (the SMTP server's own CPU is apart). ``--profile N`` prints the N
functions of the first send with the most cumulative time (cProfile), in the main thread and in the
threads sending to the SMTP server.
Goal: <= 30 s for 10,000 followers.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import mailbox
import os
import pstats
import random
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from public_site import QUERIES, WORDS, build  # noqa: E402  (the same synthetic minute book)


class Received:
    """The benchmark's mail server keeps each message as it was received (and whom it was for) in a Maildir.

    aiosmtpd's own Mailbox handler (``--parsing-server``) parses every message into Python's e-mail objects,
    adds its headers, writes it out again and waits for the disk (fsync) before it answers, every message in
    turn on the server's one event loop: most of the server's CPU, on the same two cores as the send it times,
    and a wait of milliseconds a message that no mail server serving many senders at once imposes on each."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        for part in ("tmp", "new", "cur"):
            (self.folder / part).mkdir(parents=True, exist_ok=True)
        self.count = 0

    @classmethod
    def from_cli(cls, parser, *args) -> Received:
        return cls(*args)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.count += 1
        name = f"{self.count}.{os.getpid()}.bench"
        to = ", ".join(envelope.rcpt_tos)
        (self.folder / "tmp" / name).write_bytes(
            f"X-MailFrom: {envelope.mail_from}\r\nX-RcptTo: {to}\r\n".encode() + envelope.content
        )
        (self.folder / "tmp" / name).rename(
            self.folder / "new" / name
        )  # as Maildir delivers: whole or not at all
        return "250 OK"


def mail_server(port: int, folder: str, parsing: bool) -> subprocess.Popen:
    """aiosmtpd in a process of its own, as a real mail server is, keeping what it receives in a Maildir."""
    handler = "aiosmtpd.handlers.Mailbox" if parsing else f"{Path(__file__).stem}.Received"
    here = str(Path(__file__).resolve().parent)
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", handler, folder],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))},
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the benchmark's SMTP server did not start")


def followers(n: int, rnd: random.Random) -> int:
    """n confirmed followers: 60% searches (about a third of them distinct), 20% bodies, 15% people, 5% actions."""
    from django.utils import timezone

    from minutebook.alerts import news
    from minutebook.alerts.models import Subscription
    from minutebook.governance.models import Action, Body, Person

    marks = news.current_marks()
    bodies, people = list(Body.objects.all()), list(Person.objects.all())
    actions = list(Action.objects.all())
    queries = QUERIES + [" ".join(rnd.sample(WORDS, 2)) for _ in range(n // 5)] + WORDS
    now = timezone.now()
    rows = []
    for k in range(n):
        share = k % 20
        if share < 12:
            target = {"kind": "search", "query": rnd.choice(queries)}
        elif share < 16:
            target = {"kind": "body", "body": rnd.choice(bodies)}
        elif share < 19:
            target = {"kind": "person", "person": rnd.choice(people)}
        else:
            action = rnd.choice(actions)
            target = {"kind": "action", "action": action, "marks": {"report": news.report_state(action)}}
        rows.append(
            Subscription(
                email=f"follower{k}@example.org",
                site="https://minutes.example.org/",
                confirmed=now,
                **{"marks": marks, **target},
            )
        )
    Subscription.objects.bulk_create(rows, batch_size=2000)
    return len({r.query for r in rows if r.kind == "search"})


def people_and_actions(rnd: random.Random) -> None:
    from minutebook.governance.models import Action, Attendance, Meeting, Person, Resolution

    people = [Person.objects.create(name=f"Member {n}", slug=f"member-{n}") for n in range(300)]
    meetings = list(Meeting.objects.order_by("-start").values_list("pk", "body_id")[:200])
    Attendance.objects.bulk_create(
        [Attendance(meeting_id=m, person=p) for m, _ in meetings for p in rnd.sample(people, 8)],
        ignore_conflicts=True,
    )
    decisions = list(Resolution.objects.order_by("-pk").values_list("pk", "minute__meeting__body_id")[:2000])
    Action.objects.bulk_create(
        [
            Action(
                resolution_id=pk, body_id=body, owner_person=rnd.choice(people), description=f"Report on {n}"
            )
            for n, (pk, body) in enumerate(decisions[:1000])
        ]
    )


def news_of_a_month(rnd: random.Random) -> None:
    """Saved one by one, as import and the clerk's desk save them, so the index is kept current."""
    from django.utils import timezone

    from minutebook.governance.models import (
        Action,
        AgendaItem,
        Attendance,
        Body,
        Meeting,
        Minute,
        Person,
        Resolution,
    )

    people = list(Person.objects.all())
    start = timezone.now() + datetime.timedelta(days=3)
    for body in Body.objects.all():
        meeting = Meeting.objects.create(body=body, start=start, status="held")
        for n in range(1, 11):
            words = rnd.sample(WORDS, 6)
            item = AgendaItem.objects.create(
                meeting=meeting, number=str(n), title=" ".join(words[:3]).capitalize()
            )
            minute = Minute.objects.create(
                meeting=meeting, number=str(n), title=item.title, agenda_item=item, text=" ".join(words)
            )
            Resolution.objects.create(
                minute=minute, text=f"The board noted the {' '.join(words[2:])} report."
            )
        for person in rnd.sample(people, 8):
            Attendance.objects.create(meeting=meeting, person=person)
    for action in Action.objects.order_by("?")[:300]:
        action.status, action.reported_note = Action.Status.DONE, "Reported to the board"
        action.save()


def profiled_threads() -> list[cProfile.Profile]:
    """cProfile sees one thread: each SMTP thread's sending (making each message, the SMTP exchange) is profiled
    apart, in a profile of its own, all of them printed together after the main thread's."""
    from minutebook.alerts.sending import Outbox

    profiles, own = [], threading.local()
    send_one = Outbox._send_one

    def profiled(outbox, message):
        if not hasattr(own, "profile"):
            own.profile = cProfile.Profile()
            profiles.append(own.profile)
        return own.profile.runcall(send_one, outbox, message)

    Outbox._send_one = profiled
    return profiles


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--minutes", type=int, default=10_000)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's top N")
    parser.add_argument(
        "--parsing-server",
        action="store_true",
        help="the SMTP server parses each message (aiosmtpd's Mailbox)",
    )
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/alerts-bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    os.environ.setdefault("MINUTEBOOK_SECRET_KEY", "benchmark-only")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    os.environ["MINUTEBOOK_EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from minutebook.alerts.sending import send_digests

    call_command("migrate", verbosity=0)
    rnd = random.Random(13)
    started = time.perf_counter()
    build(args.minutes, 2)
    people_and_actions(rnd)
    distinct = followers(args.followers, rnd)
    news_of_a_month(rnd)
    print(
        f"alerts on {connection.vendor}: {args.followers:,} followers ({distinct:,} distinct searches) of a book of "
        f"{args.minutes:,} minutes, with a month's news (built in {time.perf_counter() - started:.0f} s)"
    )
    maildir = Path(tempfile.mkdtemp()) / "received"
    server = mail_server(port, str(maildir), args.parsing_server)
    try:
        profile = cProfile.Profile() if args.profile else None
        threads = profiled_threads() if profile else []
        t, c = time.perf_counter(), time.process_time()
        sent = profile.runcall(send_digests) if profile else send_digests()
        first, first_cpu = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        again = send_digests()
        second, second_cpu = time.perf_counter() - t, time.process_time() - c
    finally:
        server.terminate()
        server.wait()
    server_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    received = len(mailbox.Maildir(maildir, create=False))
    print(
        f"  alerts send: {first:.1f} s ({first_cpu:.1f} s CPU), {sent.digests:,} digests ({received:,} received by the SMTP server), "
        f"{sent.quiet:,} with nothing new, {len(sent.failed)} failed (goal <= 30 s for 10,000 followers)"
    )
    print(f"  the SMTP server's own CPU, both sends: {server_cpu.ru_utime + server_cpu.ru_stime:.1f} s")
    print(
        f"  alerts send again: {second:.1f} s ({second_cpu:.1f} s CPU), {again.digests} digests "
        "(nothing is sent twice)"
    )
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
        print("the SMTP threads, together:")
        pstats.Stats(*threads).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
