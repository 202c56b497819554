"""Following by e-mail, end to end through a real SMTP server: confirm, one digest per news, never twice,
one-click unsubscribe; and the address never shown back."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from minutebook.alerts.models import Subscription
from minutebook.governance.models import Action, AgendaItem, Minute, Resolution

from .conftest import text

pytestmark = pytest.mark.django_db
ADDRESS = "reader.one@example.org"


def send() -> str:
    from io import StringIO

    out = StringIO()
    call_command("alerts", "send", stdout=out)
    return out.getvalue()


def link(message, kind: str) -> str:
    return re.search(rf"http://testserver(/follow/{kind}/[^/\s]+/)", text(message)).group(1)


def minute_on(meeting, title: str, decision: str) -> Minute:
    number = str(10 + meeting.minutes.count())
    item = AgendaItem.objects.create(meeting=meeting, number=number, title=title)
    minute = Minute.objects.create(meeting=meeting, number=number, title=title, agenda_item=item)
    Resolution.objects.create(minute=minute, text=decision)
    return minute


def test_follow_a_search_confirm_get_one_digest_then_nothing_then_unsubscribe(client, board, mailbox):
    page = client.get("/follow/", {"q": "allotment rents"}).content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in page and "/feeds/search/?q=allotment" in page
    answer = client.post("/follow/", {"q": "allotment rents", "email": ADDRESS})
    assert answer.status_code == 200 and ADDRESS not in answer.content.decode()
    [confirmation] = mailbox.take()
    assert confirmation["To"] == ADDRESS and "allotment rents" in text(confirmation)

    minute_on(board["meeting"], "Allotment rents before confirming", "Allotment rents were frozen.")
    assert send().startswith("0 digests") and mailbox.take() == []  # not confirmed: nothing is sent

    confirm = link(confirmation, "confirm")
    assert "Yes, send me" in client.get(confirm).content.decode()  # a GET (a mail scanner) confirms nothing
    assert not Subscription.objects.filter(confirmed__isnull=False).exists()
    client.post(confirm)
    assert Subscription.objects.get().confirmed is not None
    assert send().startswith("0 digests") and mailbox.take() == []  # what was there before is not news

    minute_on(board["meeting"], "Allotment rents review", "Allotment rents rise by two per cent from April.")
    assert send().startswith("1 digest sent")
    [digest] = mailbox.take()
    body = text(digest)
    assert "Allotment rents review" in body and "before confirming" not in body
    assert f"http://testserver{board['meeting'].get_absolute_url()}#minute-" in body
    unsubscribe = link(digest, "unsubscribe")
    assert digest["List-Unsubscribe"].strip() == f"<http://testserver{unsubscribe}>"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert send().startswith("0 digests") and mailbox.take() == []  # run again: nothing twice

    # A mail program's one-click (RFC 8058): a POST with no CSRF token, from outside the site.
    answer = Client(enforce_csrf_checks=True).post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200 and not Subscription.objects.exists()
    minute_on(board["meeting"], "Allotment rents appeal", "Allotment rents appeal upheld.")
    assert send().startswith("0 digests") and mailbox.take() == []


@pytest.mark.parametrize("kind", ["body", "person", "action"])
def test_follow_a_body_a_person_or_an_action(client, board, mailbox, kind):
    target = {"body": board["body"].slug, "person": board["person"].slug, "action": board["action"].pk}[kind]
    client.post("/follow/", {kind: target, "email": ADDRESS})
    client.post(link(mailbox.take()[0], "confirm"))
    assert send().startswith("0 digests")
    action = board["action"]
    if kind == "action":
        action.status, action.reported_at, action.reported_note = (
            Action.Status.DONE,
            board["meeting"],
            "Letters sent",
        )
        action.save()
        expected = "Letters sent"
    else:
        minute = minute_on(board["meeting"], "Carers strategy", "The panel noted the carers strategy.")
        Action.objects.create(
            resolution=minute.resolutions.get(),
            body=board["body"],
            owner_person=board["person"],
            description="Bring the carers strategy back in six months",
        )
        expected = {
            "body": "The panel noted the carers strategy",
            "person": "Bring the carers strategy back",
        }[kind]
    assert send().startswith("1 digest sent")
    [digest] = mailbox.take()
    assert expected in text(digest) and "List-Unsubscribe" in digest
    assert send().startswith("0 digests") and mailbox.take() == []


def test_the_address_is_never_shown_and_following_twice_says_nothing_new(
    client, admin_client, board, mailbox
):
    client.post("/follow/", {"body": board["body"].slug, "email": ADDRESS})
    confirm = link(mailbox.take()[0], "confirm")
    assert ADDRESS not in client.post(confirm).content.decode()
    again = client.post("/follow/", {"body": board["body"].slug, "email": ADDRESS})
    assert again.status_code == 200 and mailbox.take() == []  # same answer, and no mail: already following
    subscription = Subscription.objects.get()
    for url in ("/admin/alerts/subscription/", f"/admin/alerts/subscription/{subscription.pk}/change/"):
        page = admin_client.get(url).content.decode()
        assert "r…@e…" in page and ADDRESS not in page and "reader.one" not in page
    assert ADDRESS not in client.get(link_of_unsubscribe(subscription)).content.decode()


def link_of_unsubscribe(subscription) -> str:
    return f"/follow/unsubscribe/{subscription.unsubscribe_token}/"


def test_bad_requests_are_refused_plainly(client, board, mailbox):
    assert client.get("/follow/").status_code == 404
    assert client.get("/follow/", {"person": "nobody-of-that-name"}).status_code == 404
    assert client.get("/follow/", {"action": "99999999999999999999999"}).status_code == 404
    answer = client.post("/follow/", {"q": "rents", "email": "not an address"})
    assert answer.status_code == 400 and "valid email" in answer.content.decode()
    assert client.get("/follow/confirm/no-such-token/").status_code == 404
    assert mailbox.take() == []


def test_one_address_gets_at_most_a_few_confirmations_a_day(client, board, mailbox):
    for n in range(8):
        client.post("/follow/", {"q": f"topic{n}", "email": ADDRESS})
    assert len(mailbox.take()) == 5


def test_a_digest_the_mail_server_refuses_is_sent_on_the_next_run(client, board, mailbox, settings):
    client.post("/follow/", {"body": board["body"].slug, "email": ADDRESS})
    client.post(link(mailbox.take()[0], "confirm"))
    minute_on(board["meeting"], "Carers breaks", "The panel approved carers breaks funding.")
    mailbox.refusing = True
    with pytest.raises(CommandError, match="1 digest"):
        send()
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, 9  # the mail server is away altogether
    with pytest.raises(CommandError, match="mail server cannot be reached"):
        send()
    settings.EMAIL_PORT, mailbox.refusing = port, False
    assert send().startswith("1 digest sent")
    [digest] = mailbox.take()
    assert "carers breaks funding" in text(digest)
    assert send().startswith("0 digests") and mailbox.take() == []


def test_an_action_follower_hears_of_each_report_back_once(client, board, mailbox):
    client.post("/follow/", {"action": board["action"].pk, "email": ADDRESS})
    client.post(link(mailbox.take()[0], "confirm"))
    minute_on(board["meeting"], "Carers breaks", "The panel approved carers breaks funding.")
    assert send().startswith("0 digests")  # news elsewhere is not this action's
    action = board["action"]
    action.reported_at, action.reported_note = board["meeting"], "Half the letters are sent"
    action.save()
    assert send().startswith("1 digest") and "Half the letters" in text(mailbox.take()[0])
    assert send().startswith("0 digests")
    action.status, action.reported_note = Action.Status.DONE, "All letters sent"
    action.save()
    assert send().startswith("1 digest") and "All letters sent" in text(mailbox.take()[0])
