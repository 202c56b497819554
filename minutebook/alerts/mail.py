"""The two messages a follower receives: the confirmation (double opt-in) and the digest.

Both go through Django's e-mail backend (``EMAIL_BACKEND``, set from the environment in settings). Every
digest carries its one-click unsubscribe: a link in the text, and the List-Unsubscribe and
List-Unsubscribe-Post headers (RFC 8058) that mail programs turn into a button.
"""

from __future__ import annotations

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


def digest(subscription: Subscription, entries) -> EmailMessage:
    unsubscribe = absolute(subscription, reverse("follow-unsubscribe", args=[subscription.unsubscribe_token]))
    links = [(entry, absolute(subscription, entry.url)) for entry in entries]
    text = render_to_string(
        "alerts/digest.txt", {"subscription": subscription, "links": links, "unsubscribe": unsubscribe}
    )
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
