"""Following a search, a body, a person or an action by e-mail, without an account.

A subscription is made pending, with a confirmation token sent to the address (double opt-in), and is
live once that link is used. Every digest carries its unsubscribe token. What has already been sent is
kept as ``marks``: for a search, body or person the highest id of each kind of record already covered
(ids only grow, so "new" is "above the mark", whatever date the record bears and however often the
search index is rebuilt); for an action, the state of its report back last sent.
"""

from __future__ import annotations

import secrets

from django.db import models

from minutebook.governance.models import Action, Body, Person


def token() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    class Kind(models.TextChoices):
        SEARCH = "search", "Search"
        BODY = "body", "Board or committee"
        PERSON = "person", "Person"
        ACTION = "action", "Action"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    query = models.CharField(max_length=500, blank=True, help_text="The search followed")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(help_text="Never shown: not on any page, feed or list")
    site = models.CharField(
        max_length=300, help_text="The address of the site the follower used, for the links in messages"
    )
    confirm_token = models.CharField(max_length=64, unique=True, default=token, editable=False)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=token, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    confirmed = models.DateTimeField(null=True, blank=True)
    marks = models.JSONField(default=dict, blank=True, help_text="What was already sent")
    version = models.PositiveIntegerField(default=0, help_text="Bumped by every send: a send claims the next")
    last_sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["confirmed", "kind"]), models.Index(fields=["email", "created"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="search", query__gt="")
                | models.Q(kind="body", body__isnull=False)
                | models.Q(kind="person", person__isnull=False)
                | models.Q(kind="action", action__isnull=False),
                name="subscription_follows_something",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject} ({masked(self.email)})"

    @property
    def subject(self) -> str:
        """What is followed, in words."""
        if self.kind == self.Kind.SEARCH:
            return f"search for “{self.query}”"
        if self.kind == self.Kind.ACTION:
            return f"action: {self.action}"
        return str(self.body or self.person)

    def target(self) -> dict:
        """The field that names what is followed, to find an earlier subscription to the same."""
        return {
            "kind": self.kind,
            "query": self.query,
            "body": self.body,
            "person": self.person,
            "action": self.action,
        }


def masked(email: str) -> str:
    """An address as an administrator may see it in a list: enough to tell two apart, not to write to."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain[:1]}…" if domain else "…"
