"""``minutebook alerts send``: one digest to each confirmed follower with something new, never twice.

A plain function, so a task queue can run it as well as cron. Safe to run twice, or two at once: each
subscription's marks move forward with a conditional update on its ``version`` (a send claims it before
sending, and gives it back if the mail server refuses the message), so a second run finds nothing new.
Claims are made a batch at a time, one commit each: a run killed mid-batch loses those digests' news
rather than ever sending it twice.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from minutebook.search.query import search

from . import mail, news
from .models import Subscription

log = logging.getLogger(__name__)
CHUNK = 1000
BATCH = 200  # digests claimed in one transaction


@dataclass
class Sent:
    digests: int = 0
    quiet: int = 0  # followers with nothing new
    failed: list[str] = field(default_factory=list)  # why a digest could not be sent (kept for the next run)


def _advanced(old: dict, now: dict) -> bool:
    """Whether any kind of record has new ids since these marks."""
    return any(top > old.get(name, top) for name, top in now.items())


def send_digests() -> Sent:
    now = news.current_marks()  # taken before looking: whatever arrives meanwhile waits for the next run
    sent = Sent()
    hits: dict[str, list] = {}  # one search per distinct query followed
    found: dict[tuple, list] = {}  # followers of the same thing with the same marks (after a send, all) share

    def news_for(subscription: Subscription) -> list:
        s = subscription
        key = (s.kind, s.query, s.body_id, s.person_id, s.action_id, json.dumps(s.marks, sort_keys=True))
        if key not in found:
            if s.kind == Subscription.Kind.SEARCH and s.query not in hits:
                hits[s.query] = search(s.query, limit=news.SEARCH_DEPTH, facets=False).hits
            found[key] = news.for_subscription(s, s.marks, hits.get(s.query))
        return found[key]

    connection = get_connection()
    followers = (
        Subscription.objects.filter(confirmed__isnull=False)
        .select_related("body", "person", "action__body", "action__reported_at")
        .order_by("pk")
    )
    with connection:
        quiet: dict[tuple, list[int]] = defaultdict(
            list
        )  # (version, new marks) -> ids, moved forward together
        due: list[tuple] = []  # digests to send, claimed a batch at a time (one commit for the batch)
        for subscription in followers.iterator(chunk_size=CHUNK):
            marks = subscription.marks
            if subscription.kind == Subscription.Kind.ACTION:
                entries = news_for(subscription)
                forward = {"report": news.report_state(subscription.action)}
            elif _advanced(marks, now):
                entries = news_for(subscription)
                forward = {**marks, **now}
            else:
                sent.quiet += 1
                continue
            if not entries:
                sent.quiet += 1
                if forward != marks:
                    quiet[subscription.version, json.dumps(forward, sort_keys=True)].append(subscription.pk)
                continue
            due.append((subscription, entries, forward))
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
    """Claim a batch of digests in one transaction, send each claimed one, give back any refused; empty ``due``."""
    with transaction.atomic():
        claimed = [(s, entries) for s, entries, forward in due if _claim(s, forward)]
    due.clear()
    for subscription, entries in claimed:
        try:
            connection.send_messages([mail.digest(subscription, entries)])
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
