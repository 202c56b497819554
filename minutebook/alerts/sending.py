"""``minutebook alerts send``: one digest to each confirmed follower with something new, never twice.

A plain function, so a task queue can run it as well as cron (``jobs.send_alerts``). Safe to run twice,
or two at once: each subscription's marks move forward with a conditional update on its ``version`` (a
send claims it before sending, and gives it back if the mail server refuses the message), so a second
run finds nothing new. Claims are made a batch at a time, one commit each: a run killed mid-batch loses
those digests' news rather than ever sending it twice.

Thousands of followers follow far fewer things: the followers are read a chunk at a time, the news of
each thing followed is looked up once a run (``news.for_targets``), the text everyone following it from
the same site reads is rendered once (``mail.digest_text``), and each message adds only its follower's
own unsubscribe link. All the messages go over one SMTP connection.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import mail, news
from .models import Subscription

log = logging.getLogger(__name__)
CHUNK = 1000  # followers read at once
BATCH = 200  # digests claimed in one transaction


@dataclass
class Sent:
    digests: int = 0
    quiet: int = 0  # followers with nothing new
    failed: list[str] = field(default_factory=list)  # why a digest could not be sent (kept for the next run)


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
    texts: dict[tuple, str] = {}  # (target, site) -> the digest's text all its followers share
    quiet: dict[tuple, list[int]] = defaultdict(list)  # (version, new marks) -> ids, moved forward together
    due: list[tuple] = []  # digests to send, claimed a batch at a time (one commit for the batch)
    connection = get_connection()
    with connection:
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
                if shared not in texts:
                    texts[shared] = mail.digest_text(subscription, entries)
                due.append((subscription, mail.digest(subscription, entries, texts[shared]), forward))
                if len(due) >= BATCH:
                    _send(connection, due, sent)
        _send(connection, due, sent)
    for (version, forward), ids in quiet.items():
        for start in range(0, len(ids), CHUNK):
            Subscription.objects.filter(pk__in=ids[start : start + CHUNK], version=version).update(
                marks=json.loads(forward), version=F("version") + 1
            )
    return sent


def _send(connection, due: list[tuple], sent: Sent) -> None:
    """Claim a batch of digests in one transaction, send each claimed one, give back any refused; empty ``due``.

    One message a call to ``send_messages``, over the one connection: a refusal is then known message by
    message, and only that follower's claim is given back."""
    with transaction.atomic():
        claimed = [(s, message) for s, message, forward in due if _claim(s, forward)]
    due.clear()
    for subscription, message in claimed:
        try:
            connection.send_messages([message])
        except Exception as exc:  # the mail server refused or is away: give the claim back
            _release(subscription)
            sent.failed.append(f"subscription {subscription.pk}: {exc}")
            log.warning("digest for subscription %s not sent: %s", subscription.pk, exc)
        else:
            sent.digests += 1


def _claim(subscription: Subscription, forward: dict) -> bool:
    """Move the marks forward unless another run already has: only the run that moved them sends."""
    claimed = Subscription.objects.filter(pk=subscription.pk, version=subscription.version).update(
        marks=forward, version=subscription.version + 1, last_sent=timezone.now()
    )
    return claimed == 1


def _release(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, version=subscription.version + 1).update(
        marks=subscription.marks, version=subscription.version + 2, last_sent=subscription.last_sent
    )
