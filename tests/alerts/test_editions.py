"""A digest is made into a message once for every follower of the same thing (``mail.Edition``) and each
follower's message only puts in their own parts: what each one receives is what Django would have made of
their digest whole, with their own address, unsubscribe link, Date and Message-ID, whichever backend sends it."""

import email
import re
from email import policy
from io import StringIO

import pytest
from django.core.mail import EmailMessage, get_connection

from minutebook.alerts import mail
from minutebook.alerts.news import Entry

from .conftest import text
from .test_follow import minute_on, send
from .test_sending import following

pytestmark = pytest.mark.django_db


def entries(summary: str = "The panel agreed to replant the hedgerows along the ring road.") -> list[Entry]:
    return [
        Entry(
            "resolution-1",
            "Decision of the panel: 5. Hedgerows “and verges”",
            "/meetings/1/#minute-1",
            None,
            summary,
        ),
        Entry("meeting-2", "Meeting of the panel, 12 June 2025", "/meetings/2/", None, "Guildhall"),
    ]


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.as_bytes(linesep="\r\n"), policy=policy.default)


def whole(digest: EmailMessage) -> email.message.EmailMessage:
    """What Django itself makes of the same digest (subject, text, address and headers), with its own Date and
    Message-ID."""
    made = EmailMessage(
        digest.subject, digest.body, digest.from_email, digest.to, headers=digest.extra_headers
    )
    return parsed(made.message())


def headers(message, leaving=("Date", "Message-ID")) -> list[tuple[str, str]]:
    return [(name, str(value)) for name, value in message.items() if name not in leaving]


def test_each_follower_receives_what_django_makes_of_their_digest_whole(board):
    followers = following(2, "hedges", kind="search", query="hedgerows")
    followers[1].email = "reader@bücherei.example"  # an address Django's To header has to encode
    edition = mail.Edition(followers[0], entries())
    for follower in followers:
        digest = mail.Digest(edition, follower)
        received, made = parsed(digest.message()), whole(digest)
        assert headers(received) == headers(made)
        assert received.get_body().get_content() == made.get_body().get_content()
        own = f"http://testserver/follow/unsubscribe/{follower.unsubscribe_token}/"
        assert received["List-Unsubscribe"].strip() == f"<{own}>" and own in text(received)
        assert mail.FOLLOWER not in digest.message().as_bytes().decode()
    assert parsed(mail.Digest(edition, followers[1]).message())["To"] == "reader@xn--bcherei-n2a.example"
    ids = {parsed(mail.Digest(edition, followers[0]).message())["Message-ID"] for _ in range(3)}
    assert len(ids) == 3  # every message its own id, though made from one edition


def test_two_followers_of_one_search_get_one_digest_but_their_own_unsubscribe_links(board, mailbox):
    followers = following(2, "hedges", kind="search", query="hedgerows")
    minute_on(board["meeting"], "Hedgerows", "The panel agreed to replant the hedgerows.")
    assert send().startswith("2 digests sent")
    received = {m["To"]: m for m in mailbox.take()}
    first, second = (received[f.email] for f in followers)
    links = [f"http://testserver/follow/unsubscribe/{f.unsubscribe_token}/" for f in followers]
    assert first["List-Unsubscribe"].strip() == f"<{links[0]}>"
    assert second["List-Unsubscribe"].strip() == f"<{links[1]}>"
    assert links[0] in text(first) and links[1] not in text(first)
    assert links[1] in text(second) and links[0] not in text(second)
    assert text(first).replace(links[0], "") == text(second).replace(links[1], "")
    assert "replant the hedgerows" in text(first)
    assert headers(first, ("To", "Date", "Message-ID", "List-Unsubscribe")) == headers(
        second, ("To", "Date", "Message-ID", "List-Unsubscribe")
    )
    assert first["Message-ID"] != second["Message-ID"] and first["Date"]


def test_a_digest_with_lines_too_long_for_smtp_is_made_whole_with_its_own_link(board, mailbox):
    """Such a text is sent quoted-printable, whose line breaks may fall inside the unsubscribe link."""
    [follower] = following(1, "hedges", kind="search", query="hedgerows")
    word = "hedgerow-" * 130  # one word of 1,170 characters: a line longer than SMTP allows
    edition = mail.Edition(follower, entries(summary=word))
    with get_connection() as connection:
        assert connection.send_messages([mail.Digest(edition, follower)]) == 1
    [message] = mailbox.take()
    own = f"http://testserver/follow/unsubscribe/{follower.unsubscribe_token}/"
    assert message["Content-Transfer-Encoding"] == "quoted-printable"
    assert (
        own in text(message) and word in text(message) and message["List-Unsubscribe"].strip() == f"<{own}>"
    )


def test_a_digest_goes_through_the_console_backend_too(board):
    [follower] = following(1, "hedges", kind="search", query="hedgerows")
    out = StringIO()
    get_connection("django.core.mail.backends.console.EmailBackend", stream=out).send_messages(
        [mail.Digest(mail.Edition(follower, entries()), follower)]
    )
    printed = out.getvalue()
    assert "\r" not in printed and "To: hedges1@example.org\n" in printed
    assert re.search(rf"Stop these messages \(one click\): \S+/{follower.unsubscribe_token}/\n", printed)
    assert "Subject: =?utf-8?q?2_new_for_search_for" in printed
