"""A board's page: its meetings, the newest past ones first and the rest a page away."""

import datetime

import pytest
from django.utils import timezone

from minutebook.governance.models import Body, Meeting, Organisation
from minutebook.web.views import BODY_PAST

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_board():
    """A board that has met monthly for years, and meets again next month."""
    council = Organisation.objects.create(name="Exampleshire County Council")
    board = Body.objects.create(organisation=council, name="Health and Wellbeing Board", slug="hwb")
    now = timezone.now()
    past = [
        Meeting.objects.create(body=board, start=now - datetime.timedelta(days=30 * (n + 1)), status="held")
        for n in range(BODY_PAST + 7)
    ]
    Meeting.objects.create(body=board, start=now + datetime.timedelta(days=30))
    return board, past


def test_the_newest_past_meetings_come_first_and_the_rest_a_page_away(client, old_board):
    board, past = old_board
    first = client.get(f"/bodies/{board.slug}/")
    assert [m.pk for m in first.context["past"]] == [m.pk for m in past[:BODY_PAST]]
    assert len(first.context["upcoming"]) == 1  # what is coming up is never paged away
    page = first.content.decode()
    assert 'href="?past=2#past"' in page and f"1–{BODY_PAST} of {len(past)}" in page
    assert past[BODY_PAST].get_absolute_url() not in page
    older = client.get(f"/bodies/{board.slug}/?past=2")
    assert [m.pk for m in older.context["past"]] == [m.pk for m in past[BODY_PAST:]]
    assert past[-1].get_absolute_url() in older.content.decode()


def test_a_page_past_the_end_shows_the_last_one(client, old_board):
    board, past = old_board
    last = client.get(f"/bodies/{board.slug}/?past=99")
    assert [m.pk for m in last.context["past"]] == [m.pk for m in past[BODY_PAST:]]
