"""Following by e-mail: the follow form, the confirmation (double opt-in) and the one-click unsubscribe.

No account: the address is the only thing asked, and it is never shown back, on any page. Whether an
address already follows something is never revealed either: every follow answers "check your e-mail".
Confirming and unsubscribing change things, so a GET only shows a button (a mail scanner that fetches
links changes nothing); the unsubscribe POST needs no CSRF token, for mail programs' one-click
(RFC 8058): its unguessable token is the proof.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from minutebook.governance import visibility
from minutebook.governance.models import Body, Person

from . import mail, news
from .models import Subscription

# Confirmation messages one address may be sent in a day: the form cannot be used to flood someone.
DAILY_CONFIRMATIONS = 5


class FollowForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254)
    q = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)  # a search, as /search/?q=
    body = forms.SlugField(required=False, widget=forms.HiddenInput)
    person = forms.SlugField(required=False, widget=forms.HiddenInput)
    action = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


def followed(data) -> Subscription:
    """The (unsaved) subscription to what the request names: ?q=words (a search), ?body=slug, ?person=slug or
    ?action=id. Not found, or an action the public may not see: 404."""
    search = (data.get("q") or "").strip()[:500]
    if search:
        return Subscription(kind=Subscription.Kind.SEARCH, query=search)
    if data.get("body"):
        return Subscription(kind=Subscription.Kind.BODY, body=get_object_or_404(Body, slug=data["body"]))
    if data.get("person"):
        return Subscription(
            kind=Subscription.Kind.PERSON, person=get_object_or_404(Person, slug=data["person"])
        )
    action = data.get("action")
    if action and str(action).isdigit() and len(str(action)) < 19:
        return Subscription(
            kind=Subscription.Kind.ACTION,
            action=get_object_or_404(visibility.public_actions(), pk=int(action)),
        )
    raise Http404("Follow what? A search, a board, a person or an action.")


def feed_url(subscription: Subscription) -> str:
    if subscription.kind == Subscription.Kind.SEARCH:
        return f"{reverse('feed-search')}?{urlencode({'q': subscription.query})}"
    if subscription.kind == Subscription.Kind.BODY:
        return reverse("feed-body", args=[subscription.body.slug])
    if subscription.kind == Subscription.Kind.PERSON:
        return reverse("feed-person", args=[subscription.person.slug])
    return reverse("feed-action", args=[subscription.action.pk])


@require_http_methods(["GET", "POST"])
def follow(request):
    source = request.POST if request.method == "POST" else request.GET
    subscription = followed(source)
    form = FollowForm(
        request.POST or None, initial={k: source.get(k) for k in ("q", "body", "person", "action")}
    )
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip()
        _send_confirmation(request, subscription, email)
        return render(request, "alerts/check_email.html", {"subscription": subscription}, status=200)
    return render(
        request,
        "alerts/follow.html",
        {"form": form, "subscription": subscription, "feed": feed_url(subscription)},
        status=400 if request.method == "POST" else 200,
    )


def _send_confirmation(request, subscription: Subscription, email: str) -> None:
    same = Subscription.objects.filter(email__iexact=email, **subscription.target())
    if same.filter(confirmed__isnull=False).exists():
        return  # already following: nothing to send, and nothing said
    day_ago = timezone.now() - datetime.timedelta(days=1)
    if Subscription.objects.filter(
        email__iexact=email, created__gte=day_ago, confirmed__isnull=True
    ).count() >= (DAILY_CONFIRMATIONS):
        return
    subscription.email = email
    subscription.site = request.build_absolute_uri("/")
    subscription.save()
    mail.confirmation(subscription).send()


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscription = get_object_or_404(Subscription, confirm_token=token)
    if request.method == "POST" and subscription.confirmed is None:
        subscription.confirmed = timezone.now()
        # From now on: what exists already is not news (an action's report back so far included).
        subscription.marks = (
            {"report": news.report_state(subscription.action)}
            if subscription.kind == Subscription.Kind.ACTION
            else news.current_marks()
        )
        subscription.save(update_fields=["confirmed", "marks"])
        Subscription.objects.filter(
            email=subscription.email, confirmed__isnull=True, **subscription.target()
        ).delete()
    return render(
        request, "alerts/confirm.html", {"subscription": subscription, "feed": feed_url(subscription)}
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = Subscription.objects.filter(unsubscribe_token=token).first()
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()  # the address goes with it: nothing is kept of a follower who has left
        return render(request, "alerts/unsubscribed.html")
    if subscription is None:
        return render(request, "alerts/unsubscribed.html", status=404)
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})
