"""What leaves an OParl list is told to clients asking what changed: meetings deleted from a committee, and a
committee or a meeting moved to another council with everything it carried."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from minutebook.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    Membership,
    Organisation,
    Paper,
    Person,
)

from .test_oparl import CHANGED_SINCE, ROOT, _council_with_a_meeting, get, listed

pytestmark = pytest.mark.django_db


def committee_list(client, board_pk: int, query: str = CHANGED_SINCE) -> list[dict]:
    return get(client, f"/oparl/v1.1/committees/{board_pk}/meetings/{query}")["data"]


def test_a_committees_own_meeting_list_keeps_its_deleted_meetings(client):
    council, board, meeting = _council_with_a_meeting("Ashdown Borough Council")
    other = Body.objects.create(organisation=council, name="Ashdown Licensing Committee")
    Meeting.objects.create(body=other, start=timezone.now())
    kept = Meeting.objects.create(body=board, start=timezone.now())
    url = f"{ROOT}meetings/{meeting.pk}"
    meeting.delete()
    shown = get(client, url.removeprefix("http://testserver"))
    assert shown["deleted"] is True
    assert shown in committee_list(client, board.pk)
    assert [m["id"] for m in committee_list(client, board.pk, "")] == [f"{ROOT}meetings/{kept.pk}"]
    assert url not in {m["id"] for m in committee_list(client, other.pk)}, "another committee's deletion"
    # A deleted committee's list still tells a client that kept it what went.
    board_pk, kept_url = board.pk, f"{ROOT}meetings/{kept.pk}"
    kept.delete()
    board.delete()
    assert {m["id"] for m in committee_list(client, board_pk)} == {url, kept_url}
    assert committee_list(client, board_pk, "") == []
    assert client.get("/oparl/v1.1/committees/999999/meetings/").status_code == 404


def test_a_committee_moved_to_another_council_is_deleted_from_the_old_councils_lists_only(client):
    old, board, meeting = _council_with_a_meeting("Brackenfold District Council")
    stays = Body.objects.create(organisation=old, name="Brackenfold Planning Committee")
    new, _, _ = _council_with_a_meeting("Brackenfold Combined Authority")
    item = AgendaItem.objects.create(meeting=meeting, number="1", title="Bus franchising", order=1)
    paper = Paper.objects.create(meeting=meeting, agenda_item=item, title="Franchising assessment")
    secret = Paper.objects.create(meeting=meeting, title="Operator costs", exempt=True)
    leaves, remains = Person.objects.create(name="Cora Lindqvist"), Person.objects.create(name="Dev Oduya")
    partner = Organisation.objects.create(name="Brackenfold Transport Trust")
    membership = Membership.objects.create(person=leaves, body=board, organisation=partner)
    Membership.objects.create(person=remains, body=board)
    Membership.objects.create(person=remains, body=stays)  # still in the old council
    before = (
        (timezone.now() - datetime.timedelta(seconds=1)).isoformat(timespec="seconds").replace("+", "%2B")
    )
    moved = {
        "organizations": {f"{ROOT}committees/{board.pk}", f"{ROOT}organisations/{partner.pk}"},
        "meetings": {f"{ROOT}meetings/{meeting.pk}"},
        "agenda-items": {f"{ROOT}agenda-items/{item.pk}"},
        "papers": {f"{ROOT}papers/{paper.pk}"},
        "consultations": {f"{ROOT}consultations/{paper.pk}"},
        "memberships": {f"{ROOT}memberships/{membership.pk}", f"{ROOT}memberships/{membership.pk + 1}"},
        "people": {f"{ROOT}people/{leaves.pk}"},
    }
    board.organisation = new
    board.save()

    def deleted_in(council, kind: str) -> set[str]:
        url, ids = f"/oparl/v1.1/bodies/{council.pk}/{kind}/?modified_since={before}", set()
        while url:
            data = get(client, url)
            ids |= {o["id"] for o in data["data"] if o.get("deleted")}
            url = data["links"].get("next", "").removeprefix("http://testserver")
        return ids

    # The exempt paper is told as deleted (withdrawn from public view) wherever it is, to a client asking what
    # changed: the new council's, since its meeting changed.
    withdrawn = {f"{ROOT}papers/{secret.pk}", f"{ROOT}consultations/{secret.pk}"}
    for kind, ids in moved.items():
        assert deleted_in(old, kind) == ids, kind
        assert ids <= listed(client, new, kind) and not deleted_in(new, kind) - withdrawn, kind
        # Live at their own URLs, under the new council, and changed since the move for its clients.
        for url in ids:
            assert "deleted" not in get(client, url.removeprefix("http://testserver")), url
        fresh = {
            o["id"]
            for o in get(client, f"/oparl/v1.1/bodies/{new.pk}/{kind}/?modified_since={before}")["data"]
        }
        assert ids <= fresh, kind
    assert f"{ROOT}people/{remains.pk}" not in deleted_in(old, "people")
    # Still in the old council, and new to the other one: its clients asking what changed learn of them too.
    assert f"{ROOT}people/{remains.pk}" in {
        o["id"] for o in get(client, f"/oparl/v1.1/bodies/{new.pk}/people/?modified_since={before}")["data"]
    }
    assert f"{ROOT}papers/{secret.pk}" not in deleted_in(old, "papers"), "an exempt paper was never listed"
    assert get(client, f"/oparl/v1.1/papers/{paper.pk}")["body"] == f"{ROOT}bodies/{new.pk}"
    assert "deleted" not in get(client, f"/oparl/v1.1/bodies/{old.pk}"), "it still has a committee"
    assert committee_list(client, board.pk, "")[0]["id"] == f"{ROOT}meetings/{meeting.pk}"
    assert not [m for m in committee_list(client, board.pk) if m.get("deleted")]

    # Moved back: the old council's own again, the other council's deletions now.
    board.organisation = old
    board.save()
    assert not deleted_in(old, "meetings") and deleted_in(new, "meetings") == moved["meetings"]
    # Its last committee moved away, a council is a deleted OParl Body, as when its last one is deleted.
    stays.delete()
    board.organisation = new
    board.save()
    assert get(client, f"/oparl/v1.1/bodies/{old.pk}")["deleted"] is True
    assert deleted_in(old, "meetings") == moved["meetings"]
    # Deleted later under the new council: its URL tells of the deletion, not of the move.
    Paper.objects.filter(meeting=meeting).delete()
    AgendaItem.objects.filter(meeting=meeting).delete()
    moved_at = get(client, f"/oparl/v1.1/bodies/{old.pk}/meetings/{CHANGED_SINCE}")["data"][0]["modified"]
    meeting_pk = meeting.pk
    meeting.delete()
    shown = get(client, f"/oparl/v1.1/meetings/{meeting_pk}")
    assert shown["deleted"] is True and shown in committee_list(client, board.pk)
    assert [m["modified"] for m in committee_list(client, board.pk)] == [shown["modified"]]
    assert shown["modified"] >= moved_at


def test_a_meeting_moved_to_another_committee_of_its_council_is_changed_not_deleted(client):
    """OParl 1.1 keeps ``deleted: true`` for objects deleted (chapter 2.8), and an object has one form at its one
    URL: a meeting moved between committees lives on, so the old committee's list does not call it deleted (a
    client keeping objects by id would drop a live meeting). Organization.meeting is the back-reference of
    Meeting.organization: the meeting is changed by the move, and every list a client asks what changed that
    holds it (the council's, the new committee's) gives it with its new organization."""
    council, board, meeting = _council_with_a_meeting("Wetherby Marsh Council")
    other = Body.objects.create(organisation=council, name="Wetherby Marsh Licensing Committee")
    since = (timezone.now() - datetime.timedelta(seconds=1)).isoformat(timespec="seconds").replace("+", "%2B")
    query = f"?modified_since={since}"
    meeting.body = other
    meeting.save()
    url = f"{ROOT}meetings/{meeting.pk}"
    assert not committee_list(client, board.pk, query) and not committee_list(client, board.pk, "")
    for listing in (
        committee_list(client, other.pk, query),
        get(client, f"/oparl/v1.1/bodies/{council.pk}/meetings/{query}")["data"],
    ):
        (shown,) = [m for m in listing if m["id"] == url]
        assert "deleted" not in shown and shown["organization"] == [f"{ROOT}committees/{other.pk}"]


def test_a_meeting_moved_to_a_committee_of_another_council_is_deleted_from_the_old_councils_lists(client):
    """As a committee moved to another council (above): the old council's lists tell a client asking what
    changed that the meeting, its items, its public papers and the people only it named there are gone; no
    committee's list calls the meeting deleted, and the new council's lists give each as changed."""
    old, board, meeting = _council_with_a_meeting("Harrowgate Vale Council")
    new, other, _ = _council_with_a_meeting("Harrowgate Vale Joint Committee Council")
    item = AgendaItem.objects.create(meeting=meeting, number="1", title="Joint waste strategy", order=1)
    paper = Paper.objects.create(meeting=meeting, agenda_item=item, title="Waste strategy options")
    leaves, stays = Person.objects.create(name="Ines Falkner"), Person.objects.create(name="Omar Whitlow")
    Attendance.objects.create(meeting=meeting, person=leaves)
    Attendance.objects.create(meeting=meeting, person=stays)
    Membership.objects.create(person=stays, body=board)  # still in the old council
    since = (timezone.now() - datetime.timedelta(seconds=1)).isoformat(timespec="seconds").replace("+", "%2B")
    query = f"?modified_since={since}"
    moved = {
        "meetings": {f"{ROOT}meetings/{meeting.pk}"},
        "agenda-items": {f"{ROOT}agenda-items/{item.pk}"},
        "papers": {f"{ROOT}papers/{paper.pk}"},
        "consultations": {f"{ROOT}consultations/{paper.pk}"},
        "people": {f"{ROOT}people/{leaves.pk}"},
    }
    meeting = Meeting.objects.get(pk=meeting.pk)  # read, as a clerk's form reads it, then saved elsewhere
    meeting.body = other
    meeting.save()

    def deleted_in(council) -> dict[str, set[str]]:
        return {
            kind: {
                o["id"]
                for o in get(client, f"/oparl/v1.1/bodies/{council.pk}/{kind}/{query}")["data"]
                if o.get("deleted")
            }
            for kind in moved
        }

    assert deleted_in(old) == moved
    assert not any(deleted_in(new).values())
    for kind, ids in moved.items():
        fresh = {o["id"] for o in get(client, f"/oparl/v1.1/bodies/{new.pk}/{kind}/{query}")["data"]}
        assert ids <= fresh, kind
    for committee in (board, other):
        assert not [m for m in committee_list(client, committee.pk) if m.get("deleted")]
    assert "deleted" not in get(client, f"/oparl/v1.1/meetings/{meeting.pk}")
    # Moved back, by the same instance: the old council's own again, the other council's deletions now.
    meeting.body = board
    meeting.save()
    assert not any(deleted_in(old).values())
    assert deleted_in(new)["meetings"] == moved["meetings"]
    # Moved between committees of one council: changed, as before; nothing is deleted anywhere.
    third = Body.objects.create(organisation=old, name="Harrowgate Vale Scrutiny Panel")
    meeting.body = third
    meeting.save()
    assert not any(deleted_in(old).values())
