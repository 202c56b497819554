"""The two messages a follower receives: the confirmation (double opt-in) and the digest.

Both go through Django's e-mail backend (``EMAIL_BACKEND``, set from the environment in settings). Every
digest carries its one-click unsubscribe: a link in the text, and the List-Unsubscribe and
List-Unsubscribe-Post headers (RFC 8058) that mail programs turn into a button. A send makes the digest of
each thing followed into a message once for all its followers (``Edition``); each follower's ``Digest``
puts in only their own parts.
"""

from __future__ import annotations

import functools
import re
import secrets
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import forbid_multi_line_headers
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Subscription


def absolute(subscription: Subscription, path: str) -> str:
    return subscription.site.rstrip("/") + path


def confirmation(subscription: Subscription) -> EmailMessage:
    link = absolute(subscription, reverse("follow-confirm", args=[subscription.confirm_token]))
    text = render_to_string("alerts/confirm.txt", {"subscription": subscription, "link": link})
    return EmailMessage(
        f"Confirm: follow {subscription.subject}",
        text,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


# Where each follower's own unsubscribe token goes in a digest's text and headers, made once for every follower
# of the same thing: random, so that no record's text can hold it, and as long as a token (``models.token``), so
# that headers fold around it as they would around the token.
FOLLOWER = f"follower-{secrets.token_hex(17)}"
# Where each message's own address, date and id go in a digest flattened once for its followers.
ADDRESS = f"address-{secrets.token_hex(16)}@example.invalid"
DATE = f"date-{secrets.token_hex(16)}"
MESSAGE_ID = f"id-{secrets.token_hex(16)}"


@functools.cache
def _unsubscribe_path() -> str:
    """The unsubscribe address with FOLLOWER for the token: worked out once, not once a message."""
    return reverse("follow-unsubscribe", args=[FOLLOWER])


def digest_text(subscription: Subscription, entries) -> str:
    """A digest's text as everyone following the same thing from the same site reads it, with ``FOLLOWER``
    where each one's unsubscribe token goes: rendered once for them all."""
    links = [(entry, absolute(subscription, entry.url)) for entry in entries]
    unsubscribe = absolute(subscription, _unsubscribe_path())
    return render_to_string(
        "alerts/digest.txt", {"subscription": subscription, "links": links, "unsubscribe": unsubscribe}
    )


class Edition:
    """A digest as every follower of one thing from one site receives it, but for what is each one's own: their
    address, their unsubscribe link (in the text and the List-Unsubscribe header), the Date and the Message-ID.

    Made into a message once, by Django's own ``EmailMessage.message()`` with stand-ins for those parts, and
    flattened once: encoding the subject, folding the headers and encoding the text cost far more than sending,
    and are the same for every follower. Each ``Digest`` then only puts its own parts in. Should the flattened
    message not hold each stand-in exactly where a plain replacement is safe (a text with lines too long for
    SMTP is sent quoted-printable, which may break a line inside the link), every digest of this edition is
    made whole by Django instead: slower, never wrong."""

    def __init__(self, subscription: Subscription, entries):
        self.subject = f"{len(entries)} new for {subscription.subject}"[:200]
        self.text = digest_text(subscription, entries)
        unsubscribe = absolute(subscription, _unsubscribe_path())
        self.headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Precedence": "bulk",
        }
        standing_in = EmailMessage(
            self.subject,
            self.text,
            settings.DEFAULT_FROM_EMAIL,
            [ADDRESS],
            headers={**self.headers, "Date": DATE, "Message-ID": MESSAGE_ID},
        )
        pieces = _STAND_INS.split(standing_in.message().as_bytes(linesep="\r\n"))
        found = sorted(pieces[1::2])
        followers = [FOLLOWER.encode()] * (self.text.count(FOLLOWER) + 1)  # the text's, and List-Unsubscribe
        expected = sorted([ADDRESS.encode(), DATE.encode(), MESSAGE_ID.encode(), *followers])
        self.pieces = pieces if found == expected else None  # None: each digest made whole by Django

    def flattened(self, own: dict[bytes, bytes]) -> bytes:
        """The message as sent, CRLF line ends, with each stand-in replaced by a message's own part."""
        pieces = list(self.pieces)
        pieces[1::2] = [own[stand_in] for stand_in in pieces[1::2]]
        return b"".join(pieces)


_STAND_INS = re.compile(
    b"(" + b"|".join(re.escape(s.encode()) for s in (FOLLOWER, ADDRESS, DATE, MESSAGE_ID)) + b")"
)


class Digest(EmailMessage):
    """One follower's digest: an ``EmailMessage`` like any other (its subject, body, recipient and headers are this
    follower's own), sent through whichever e-mail backend the site uses, whose ``message()`` is its edition's
    flattened message with this follower's parts put in. Meant to be sent as made."""

    def __init__(self, edition: Edition, subscription: Subscription):
        token = subscription.unsubscribe_token
        headers = dict(edition.headers)
        headers["List-Unsubscribe"] = headers["List-Unsubscribe"].replace(FOLLOWER, token)
        super().__init__(
            edition.subject,
            edition.text.replace(FOLLOWER, token),
            settings.DEFAULT_FROM_EMAIL,
            [subscription.email],
            headers=headers,
        )
        self.edition, self.token = edition, token

    def message(self):
        if self.edition.pieces is None:
            return super().message()
        encoding = self.encoding or settings.DEFAULT_CHARSET
        # The To header exactly as Django's message() makes it (an address with newlines is refused there).
        _, to = forbid_multi_line_headers("To", ", ".join(self.to), encoding)
        own = {
            FOLLOWER.encode(): self.token.encode("ascii"),
            ADDRESS.encode(): to.encode("ascii"),
            DATE.encode(): formatdate(localtime=settings.EMAIL_USE_LOCALTIME).encode("ascii"),
            MESSAGE_ID.encode(): make_msgid(domain=DNS_NAME).encode("ascii"),
        }
        return Flattened(self.edition.flattened(own))


class Flattened:
    """A message already flattened, as Django's backends ask for it: ``as_bytes`` (SMTP, console and file
    backends), ``as_string`` and ``get_charset`` (the console and file backends decode it as UTF-8 without)."""

    def __init__(self, data: bytes):
        self.data = data  # CRLF line ends, as SMTP sends it

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())

    __bytes__ = as_bytes

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(unixfrom, linesep).decode("utf-8", "surrogateescape")

    def get_charset(self):
        return None
