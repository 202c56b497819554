"""The two messages a follower receives: the confirmation (double opt-in) and the digest.

Both go through Django's e-mail backend (``EMAIL_BACKEND``, set from the environment in settings). Every
digest carries its one-click unsubscribe: a link in the text, and the List-Unsubscribe and
List-Unsubscribe-Post headers (RFC 8058) that mail programs turn into a button.
"""

from __future__ import annotations

import functools
import secrets

from django.conf import settings
from django.core.mail import EmailMessage
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


# Where each follower's own unsubscribe token goes in a digest's text, rendered once for every follower of the
# same thing: random, so that no record's text can hold it.
FOLLOWER = f"follower-{secrets.token_hex(16)}"


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


def digest(subscription: Subscription, entries, text: str | None = None) -> EmailMessage:
    """One follower's digest; ``text`` is ``digest_text`` of the same entries when already at hand."""
    token = subscription.unsubscribe_token
    unsubscribe = absolute(subscription, _unsubscribe_path()).replace(FOLLOWER, token)
    text = (text or digest_text(subscription, entries)).replace(FOLLOWER, token)
    count = len(entries)
    return EmailMessage(
        f"{count} new for {subscription.subject}"[:200],
        text,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Precedence": "bulk",
        },
    )
