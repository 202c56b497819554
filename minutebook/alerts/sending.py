"""``minutebook alerts send``: one digest to each confirmed follower with something new, never twice.

A plain function, so a task queue can run it as well as cron (``jobs.send_alerts``). Safe to run twice,
or two at once: each subscription's marks move forward with a conditional update on its ``version`` (a
send claims it before sending, and gives it back if the mail server refuses the message), so a second
run finds nothing new. Claims are made a batch at a time, one commit each: a run killed mid-batch loses
those digests' news rather than ever sending it twice.

Thousands of followers follow far fewer things: the followers are read a chunk at a time, the news of
each thing followed is looked up once a run (``news.for_targets``), the digest everyone following it from
the same site reads is rendered, made into a message and flattened once (``mail.Edition``), and each
message adds only its follower's own address, unsubscribe link, Date and Message-ID. A batch is claimed in one statement, and its messages go over a few SMTP
connections held open for the whole run (``Outbox``): a message spends most of its time waiting for
the mail server's replies, during which the next one is being sent.
"""

from __future__ import annotations

import json
import logging
import queue
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import mail, news
from .models import Subscription

log = logging.getLogger(__name__)
CHUNK = 1000  # followers read at once
BATCH = 200  # digests claimed in one transaction
CONNECTIONS = 4  # to the mail server, sending at once


@dataclass
class Sent:
    digests: int = 0
    quiet: int = 0  # followers with nothing new
    failed: list[str] = field(default_factory=list)  # why a digest could not be sent (kept for the next run)


class Due(NamedTuple):
    subscription: Subscription
    message: EmailMessage
    forward: dict  # its marks once sent


def _advanced(old: dict, now: dict) -> bool:
    """Whether any kind of record has new ids since these marks."""
    return any(top > old.get(name, top) for name, top in now.items())


def target(subscription: Subscription) -> news.Target:
    s = subscription
    what = {"search": s.query, "body": s.body_id, "person": s.person_id, "action": s.action_id}[s.kind]
    return news.Target(s.kind, what, json.dumps(s.marks, sort_keys=True))


def confirmed() -> Iterator[list[Subscription]]:
    """The confirmed followers, a chunk at a time, each chunk a query of its own (no cursor held open)."""
    followers = (
        Subscription.objects.filter(confirmed__isnull=False)
        .select_related("body", "person", "action__body", "action__reported_at")
        .order_by("pk")
    )
    after = 0
    while chunk := list(followers.filter(pk__gt=after)[:CHUNK]):
        yield chunk
        after = chunk[-1].pk


def send_digests() -> Sent:
    now = news.current_marks()  # taken before looking: whatever arrives meanwhile waits for the next run
    sent = Sent()
    found: dict[news.Target, list | None] = {}  # each thing followed since the same moment: its news, once
    editions: dict[tuple, mail.Edition] = {}  # (target, site) -> the digest its followers share
    quiet: dict[tuple, list[int]] = defaultdict(list)  # (version, new marks) -> ids, moved forward together
    due: list[Due] = []  # digests to send, claimed a batch at a time (one commit for the batch)
    # Opened first: a mail server that cannot be reached stops the run before anything is claimed.
    with Outbox(CONNECTIONS) as outbox:
        for chunk in confirmed():
            waiting = {
                s: target(s) for s in chunk if s.kind == Subscription.Kind.ACTION or _advanced(s.marks, now)
            }
            sent.quiet += len(chunk) - len(waiting)
            found.update(news.for_targets(set(waiting.values()) - found.keys()))
            for subscription, followed in waiting.items():
                entries = found[followed]
                if entries is None:
                    sent.failed.append(f"subscription {subscription.pk}: its search ran out of time")
                    continue
                if subscription.kind == Subscription.Kind.ACTION:
                    forward = {"report": news.report_state(subscription.action)}
                else:
                    forward = {**subscription.marks, **now}
                if not entries:
                    sent.quiet += 1
                    if forward != subscription.marks:
                        key = (subscription.version, json.dumps(forward, sort_keys=True))
                        quiet[key].append(subscription.pk)
                    continue
                shared = (followed, subscription.site)
                if shared not in editions:
                    editions[shared] = mail.Edition(subscription, entries)
                due.append(Due(subscription, mail.Digest(editions[shared], subscription), forward))
                if len(due) >= BATCH:
                    _send(outbox, due, sent)
        _send(outbox, due, sent)
    for (version, forward), ids in quiet.items():
        for start in range(0, len(ids), CHUNK):
            Subscription.objects.filter(pk__in=ids[start : start + CHUNK], version=version).update(
                marks=json.loads(forward), version=F("version") + 1
            )
    return sent


class Outbox:
    """A few connections to the mail server (Django's e-mail backend, ``get_connection``), open for a whole
    run, sending messages at once: each thread takes an idle connection, sends one message, gives it back."""

    def __init__(self, size: int):
        self.connections = [get_connection() for _ in range(size)]
        self.idle: queue.SimpleQueue = queue.SimpleQueue()
        self.threads = ThreadPoolExecutor(size, thread_name_prefix="alerts-smtp")

    def __enter__(self) -> Outbox:
        try:
            for connection in self.connections:
                connection.open()
                self.idle.put(connection)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.threads.shutdown()
        for connection in self.connections:
            connection.close()

    def send(self, messages: list) -> list[Exception | None]:
        """Send these messages, each once; what became of each: ``None`` (sent) or why it was not."""
        return list(self.threads.map(self._send_one, messages))

    def _send_one(self, message) -> Exception | None:
        connection = self.idle.get()
        try:
            connection.send_messages([message])  # one message a call: a refusal is known message by message
        except Exception as exc:  # the mail server refused it, or went away
            return exc
        finally:
            self.idle.put(connection)
        return None


def _send(outbox: Outbox, due: list[Due], sent: Sent) -> None:
    """Claim a batch of digests, send each claimed one, give back any refused; empty ``due``."""
    claimed = _claim(due)
    due.clear()
    for digest, exc in zip(claimed, outbox.send([d.message for d in claimed]), strict=True):
        if exc is None:
            sent.digests += 1
            continue
        _release(digest.subscription)
        sent.failed.append(f"subscription {digest.subscription.pk}: {exc}")
        log.warning("digest for subscription %s not sent: %s", digest.subscription.pk, exc)


class Contended(Exception):
    """Another run claimed some of a batch first."""


def _claim(due: list[Due]) -> list[Due]:
    """Move the marks of a batch of digests' followers forward, unless another run already
    has: only the run that moved them sends. The claimed ones, in one commit.

    One statement claims the whole batch (each from the version this run read). Should it claim fewer, another
    run got to some first, and only claiming them one at a time can tell which."""
    if not due:
        return []
    now = timezone.now()
    try:
        with transaction.atomic():
            read = defaultdict(list)
            for d in due:
                read[d.subscription.version].append(d.subscription.pk)
            unchanged = reduce(or_, (Q(version=version, pk__in=ids) for version, ids in read.items()))
            moved = Subscription.objects.filter(unchanged).update(version=F("version") + 1, last_sent=now)
            if moved < len(due):
                raise Contended
            forwards = defaultdict(list)
            for d in due:
                forwards[json.dumps(d.forward, sort_keys=True)].append(d.subscription.pk)
            for forward, ids in forwards.items():
                Subscription.objects.filter(pk__in=ids).update(marks=json.loads(forward))
        return list(due)
    except Contended:
        with transaction.atomic():
            return [d for d in due if _claim_one(d.subscription, d.forward, now)]


def _claim_one(subscription: Subscription, forward: dict, now) -> bool:
    claimed = Subscription.objects.filter(pk=subscription.pk, version=subscription.version).update(
        marks=forward, version=subscription.version + 1, last_sent=now
    )
    return claimed == 1


def _release(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, version=subscription.version + 1).update(
        marks=subscription.marks, version=subscription.version + 2, last_sent=subscription.last_sent
    )
