"""Atom feeds that feed readers accept, announced by the pages; and exempt records in no feed or digest."""

import feedparser
import pytest

from minutebook.alerts.models import Subscription
from minutebook.governance.models import Action, AgendaItem, Declaration, Minute, Resolution

from .conftest import text
from .test_follow import send

pytestmark = pytest.mark.django_db
MARKER = "Wqzv8Withheld"


def feeds(board) -> dict[str, tuple[str, str]]:
    """For each kind: the feed, and the page that announces it."""
    return {
        "search": ("/feeds/search/?q=dementia", "/search/?q=dementia"),
        "body": (f"/feeds/bodies/{board['body'].slug}/", board["body"].get_absolute_url()),
        "person": (f"/feeds/people/{board['person'].slug}/", board["person"].get_absolute_url()),
        "action": (f"/feeds/actions/{board['action'].pk}/", f"/follow/?action={board['action'].pk}"),
    }


@pytest.mark.parametrize("kind", ["search", "body", "person", "action"])
def test_each_feed_is_valid_atom_and_announced_by_its_page(client, board, kind):
    action = board["action"]
    action.status, action.reported_at, action.reported_note = (
        Action.Status.DONE,
        board["meeting"],
        "Letters sent",
    )
    action.save()
    feed_url, page_url = feeds(board)[kind]
    response = client.get(feed_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.entries
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)
    for entry in parsed.entries:
        assert entry.link.startswith("http://testserver/") and entry.updated_parsed
    titles = " ".join(e.title for e in parsed.entries)
    expected = {
        "search": "Dementia friendly town centre",
        "body": "Decision of Ashby Health Overview Panel",
        "person": "declared an interest",
        "action": "Reported back (done)",
    }[kind]
    assert expected in titles
    page = client.get(page_url).content.decode()
    announced = '<link rel="alternate" type="application/atom+xml"'
    assert announced in page and feed_url.replace("&", "&amp;") in page


def test_feeds_of_unknown_things_are_not_found(client, board):
    for url in (
        "/feeds/search/",
        "/feeds/bodies/no-such/",
        "/feeds/people/no-such/",
        "/feeds/actions/999999/",
    ):
        assert client.get(url).status_code == 404


def exempt_business(board):
    """Private business at the panel's meeting, every record of it carrying the marker."""
    meeting, person = board["meeting"], board["person"]
    item = AgendaItem.objects.create(
        meeting=meeting, number="12", title=f"Lease of the depot {MARKER}", exempt=True, exempt_paragraph=3
    )
    minute = Minute.objects.create(
        meeting=meeting, number="12", title=f"Lease of the depot {MARKER}", agenda_item=item
    )
    resolution = Resolution.objects.create(minute=minute, text=f"The lease goes to {MARKER} Ltd.")
    Declaration.objects.create(
        meeting=meeting, person=person, agenda_item=item, text=f"Shareholder in {MARKER}"
    )
    return Action.objects.create(
        resolution=resolution,
        body=board["body"],
        owner_person=person,
        description=f"Sign the {MARKER} lease",
        status=Action.Status.DONE,
        reported_at=meeting,
        reported_note=f"Signed with {MARKER}",
    )


def follow_everything(board, exempt_action) -> None:
    from django.utils import timezone

    from minutebook.alerts import news

    marks = {name: 0 for name in news.MODELS}  # as if followed before anything existed: all of it is news
    targets = [
        {"kind": "search", "query": MARKER},
        {"kind": "search", "query": "depot"},
        {"kind": "body", "body": board["body"]},
        {"kind": "person", "person": board["person"]},
        {"kind": "action", "action": exempt_action},
    ]
    for n, target in enumerate(targets):
        Subscription.objects.create(
            email=f"f{n}@example.org",
            site="http://testserver/",
            confirmed=timezone.now(),
            marks=marks,
            **target,
        )


def test_exempt_records_are_in_no_digest_and_no_feed(client, board, mailbox):
    exempt_action = exempt_business(board)
    follow_everything(board, exempt_action)
    send()
    messages = mailbox.take()
    assert len(messages) == 2  # the body and the person: their public records only
    for message in messages:
        assert MARKER.lower() not in (text(message) + str(message["Subject"])).lower()
    for url in [
        *[f for f, _ in feeds(board).values()],
        f"/feeds/search/?q={MARKER}",
        "/feeds/search/?q=depot",
    ]:
        feed = client.get(url).content.decode()
        for echo in (
            f"q={MARKER}",
            f"“{MARKER}”",
        ):  # the reader's own words, repeated in the feed's title and link
            feed = feed.replace(echo, "")
        assert MARKER not in feed, url
    assert client.get(f"/feeds/actions/{exempt_action.pk}/").status_code == 404
    assert client.get(f"/follow/?action={exempt_action.pk}").status_code == 404


def test_the_same_followers_would_be_told_if_the_business_were_public(client, board, mailbox):
    """The test above can fail: with the item public, every follower hears of the marker."""
    exempt_action = exempt_business(board)
    AgendaItem.objects.filter(exempt=True).update(exempt=False, exempt_paragraph=None)
    for model in (AgendaItem, Minute, Resolution):  # the index is kept on save: save them as a clerk would
        for record in model.objects.all():
            record.save()
    follow_everything(board, exempt_action)
    send()
    messages = mailbox.take()
    assert len(messages) == 5
    assert all(MARKER in text(message) for message in messages)
    assert MARKER in client.get(f"/feeds/bodies/{board['body'].slug}/").content.decode()
