"""Sending at scale without losing its guarantees: two runs at once send each digest once, a search's digest
holds every new match (however many, however outranked), pages of new papers included and exempt ones not,
the text shared by the followers of one thing never carries another's unsubscribe link, and the send
runs as a queued job."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from minutebook.alerts import mail, news, sending
from minutebook.alerts.models import Subscription
from minutebook.governance import clerking
from minutebook.search import index

from ..documents import pdf_from_text
from .conftest import text
from .test_follow import minute_on, send

pytestmark = pytest.mark.django_db


def following(n: int, name: str, **target) -> list[Subscription]:
    """n confirmed followers of one thing, from now on: name1@example.org, name2@..."""
    marks = news.current_marks()
    return [
        Subscription.objects.create(
            email=f"{name}{k}@example.org",
            site="http://testserver/",
            confirmed=timezone.now(),
            marks=marks,
            **target,
        )
        for k in range(1, n + 1)
    ]


@pytest.mark.parametrize("when", ["before the first claims", "between two batches"])
def test_two_runs_at_once_send_each_digest_once(board, mailbox, monkeypatch, when):
    following(3, "panel", kind="body", body=board["body"])
    following(2, "hedges", kind="search", query="hedgerows")
    minute_on(board["meeting"], "Hedgerows", "The panel agreed to replant the hedgerows.")
    monkeypatch.setattr(sending, "BATCH", 1)
    runs = []

    def second_run():
        if not runs:  # once: the second run's own lookups and sends are not interrupted again
            runs.append(None)
            runs[0] = sending.send_digests()

    if when == "before the first claims":
        look_up = news.for_targets

        def interrupted(targets):
            found = look_up(targets)
            second_run()
            return found

        monkeypatch.setattr(news, "for_targets", interrupted)
    else:
        claim = sending._claim

        def interrupted(due):
            claimed = claim(due)
            if claimed and len(mailbox.messages) == 1:
                second_run()  # the first run has sent one digest and claimed the next
            return claimed

        monkeypatch.setattr(sending, "_claim", interrupted)
    first = sending.send_digests()
    assert first.digests + runs[0].digests == 5 and not first.failed and not runs[0].failed
    received = sorted(m["To"] for m in mailbox.take())
    assert received == [
        f"{name}{k}@example.org" for name, n in (("hedges", 2), ("panel", 3)) for k in range(1, n + 1)
    ]
    assert send().startswith("0 digests") and mailbox.take() == []


def test_a_digest_holds_every_new_match_and_no_older_one_indexed_again(board, mailbox, monkeypatch):
    """More new matches than one search ranks at a time (WINDOW, made small here), each outranked by older
    matches; and the whole index rebuilt since the last digest, so every older match has a new entry."""
    for n in range(3):
        minute_on(board["meeting"], f"Hedgerows hedgerows hedgerows {n}", "Hedgerows, hedgerows, hedgerows.")
    following(1, "hedges", kind="search", query="hedgerows")
    index.rebuild()
    monkeypatch.setattr(news, "WINDOW", 2)
    for n in range(5):
        minute_on(board["meeting"], f"Verges {n}", f"Hedgerows along verge {n} to be cut in autumn only.")
    assert send().startswith("1 digest sent")
    [digest] = mailbox.take()
    body = text(digest)
    assert all(f"verge {n} to be cut" in body for n in range(5))
    assert "Hedgerows hedgerows" not in body
    assert digest["Subject"].startswith("5 new")  # the five decisions (the minutes are their titles only)


def test_pages_of_a_new_paper_are_news_and_an_exempt_papers_are_not(board, mailbox, settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    following(1, "verges", kind="search", query="verges")
    item = clerking.add_item(board["meeting"], "Highways maintenance")
    report = (
        "Highways maintenance\nThe year in summary.\n\f\nGrass cutting\nVerges are now cut twice a year.\n"
    )
    clerking.attach_paper(item, pdf_from_text(report), "highways.pdf", title="Highways maintenance report")
    private = clerking.add_item(board["meeting"], "Contract for grass cutting")
    clerking.attach_paper(
        private,
        pdf_from_text("Tender prices\nVerges contract bids from three firms.\n"),
        "tender.pdf",
        title="Tender evaluation",
        exempt=True,
    )
    assert send().startswith("1 digest sent")
    body = text(mailbox.take()[0])
    assert "Page of a document: Highways maintenance report, page 2" in body
    assert re.search(r"http://testserver/sources/\d+/\?lines=\d+-\d+#L\d+", body)
    assert "Tender" not in body and "three firms" not in body


def test_followers_of_one_thing_share_its_text_but_each_has_only_their_own_unsubscribe_link(board, mailbox):
    followers = following(3, "panel", kind="body", body=board["body"])
    minute_on(board["meeting"], "Carers breaks", "The panel approved carers breaks funding.")
    assert send().startswith("3 digests sent")
    messages = {m["To"]: m for m in mailbox.take()}
    texts = []
    for follower in followers:
        message = messages[follower.email]
        own = f"http://testserver/follow/unsubscribe/{follower.unsubscribe_token}/"
        body = text(message)
        assert message["List-Unsubscribe"].strip() == f"<{own}>" and own in body
        assert mail.FOLLOWER not in body
        texts.append(body.replace(own, ""))
        others = [f.unsubscribe_token for f in followers if f != follower]
        assert not any(token in body for token in others)
    assert texts[0] == texts[1] == texts[2] and "carers breaks funding" in texts[0]


@pytest.mark.django_db(transaction=True)  # the worker closes connections between jobs
def test_the_send_runs_as_a_queued_job(board, mailbox, settings):
    settings.MINUTEBOOK_JOB_RETRY_PAUSE = 0
    following(1, "panel", kind="body", body=board["body"])
    minute_on(board["meeting"], "Carers breaks", "The panel approved carers breaks funding.")
    out = StringIO()
    call_command("alerts", "send", "--queue", stdout=out)
    assert out.getvalue().startswith("queued as job") and mailbox.take() == []
    call_command("worker", "--no-startup-delay", "--interval", "0.1", "--batch", verbosity=0)
    [digest] = mailbox.take()
    assert digest["To"] == "panel1@example.org" and "carers breaks funding" in text(digest)
    assert send().startswith("0 digests")
