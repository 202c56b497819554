"""Atom feeds of a search, a body, a person and an action: following without an account or an address."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from minutebook.governance import visibility
from minutebook.governance.models import Body, Person

from . import news


class Following(Feed):
    """What the four feeds share: entries are ``news.Entry`` objects, newest first."""

    feed_type = Atom1Feed

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.url

    def item_guid(self, entry):
        """A stable id for the record (several entries may link to one meeting page)."""
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, entry.key)}"

    def item_guid_is_permalink(self, entry):
        return False

    def item_description(self, entry):
        return entry.summary

    def item_pubdate(self, entry):
        return entry.updated

    def item_updateddate(self, entry):
        return entry.updated

    def get_object(self, request, *args, **kwargs):
        return self.find(request, *args, **kwargs)

    def link(self, obj):
        return self.link_of(obj)


class SearchFeed(Following):
    def find(self, request):
        query = request.GET.get("q", "").strip()[:500]
        if not query:
            raise Http404("A search feed needs a search: ?q=words")
        return query

    def title(self, query):
        return f"Search for “{query}”"

    def link_of(self, query):
        return f"{reverse('search')}?{urlencode({'q': query})}"

    def items(self, query):
        return news.for_search(query)


class BodyFeed(Following):
    def find(self, request, slug):
        return get_object_or_404(Body, slug=slug)

    def title(self, body):
        return f"{body}: decisions and meetings"

    def link_of(self, body):
        return body.get_absolute_url()

    def items(self, body):
        return news.for_body(body)


class PersonFeed(Following):
    def find(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, person):
        return f"{person}: decisions, declarations and attendance"

    def link_of(self, person):
        return person.get_absolute_url()

    def items(self, person):
        return news.for_person(person)


class ActionFeed(Following):
    def find(self, request, pk):
        return get_object_or_404(visibility.public_actions(), pk=pk)

    def title(self, action):
        return f"Action: {action.description[:120]}"

    def link_of(self, action):
        return reverse("follow") + f"?action={action.pk}"

    def items(self, action):
        return news.for_action(action)
