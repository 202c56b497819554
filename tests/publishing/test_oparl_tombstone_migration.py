"""governance 0011: the tombstones kept before it are tied to their councils where the minute book can tell."""

from __future__ import annotations

import datetime

import pytest

from minutebook.governance.models import Tombstone

from ..migrating import migrate, migrate_to_latest

BEFORE = ("governance", "0010_meeting_venue_span")
WHEN = datetime.datetime(2024, 6, 1, 10, tzinfo=datetime.UTC)


@pytest.mark.django_db(transaction=True)
def test_existing_tombstones_are_tied_to_the_council_their_records_belonged_to():
    old = migrate([BEFORE]).loader.project_state([BEFORE]).apps
    Organisation, Body, Meeting = (
        old.get_model("governance", n) for n in ("Organisation", "Body", "Meeting")
    )
    Tombstone0, AuditEntry = (
        old.get_model("governance", "Tombstone"),
        old.get_model("governance", "AuditEntry"),
    )
    live = Organisation.objects.create(name="Harrowfield County Council", kind="council")
    board = Body.objects.create(organisation=live, name="Harrowfield Cabinet", slug="harrowfield-cabinet")
    meeting = Meeting.objects.create(body=board, start=WHEN)
    emptied = Organisation.objects.create(name="Lowbridge District Council", kind="council")
    partner = Organisation.objects.create(name="Lowbridge Housing Trust")

    def gone(model: str, pk: int, snapshot: dict | None, label: str = "") -> None:
        """A record deleted before 0011: its tombstone, and the audit trail's snapshot of it if it has one."""
        Tombstone0.objects.create(model=model, object_id=pk, created=WHEN, deleted_at=WHEN)
        if snapshot is not None:
            AuditEntry.objects.create(
                model=f"governance.{label or model.title()}",
                object_id=str(pk),
                action="delete",
                before=snapshot,
            )

    gone(
        "agendaitem", 501, {"meeting": meeting.pk, "title": "Budget"}, "AgendaItem"
    )  # its meeting is still there
    gone("meeting", 601, {"body": 701})  # its committee went too
    gone("paper", 801, {"meeting": 601})  # up two deleted records to the council
    gone("body", 701, {"organisation": emptied.pk})  # Lowbridge's last committee
    gone("membership", 901, {"body": 701, "person": 1001, "organisation": partner.pk})
    gone("person", 1001, None)  # found through the membership that named them
    gone("person", 1002, None)  # named by nothing: not traceable
    gone("meeting", 602, None)
    AuditEntry.objects.create(
        model="governance.Membership",
        object_id="902",
        action="update",
        before={"body": board.pk, "person": 1001},
        after={"body": board.pk, "person": 1001},
    )
    migrate_to_latest()

    def councils(model: str, pk: int) -> set:
        return set(Tombstone.objects.filter(model=model, object_id=pk).values_list("council", flat=True))

    assert councils("agendaitem", 501) == {live.pk}
    assert councils("meeting", 601) == councils("paper", 801) == councils("body", 701) == {emptied.pk}
    assert councils("membership", 901) == {emptied.pk}
    assert councils("person", 1001) == {live.pk, emptied.pk}  # one tombstone for each council
    # Not traceable, and the book has had two councils: listed under every council, as before.
    assert councils("person", 1002) == councils("meeting", 602) == {None}
    # Lowbridge has no committee left: its OParl Body is kept as deleted, from when its last one went.
    council = Tombstone.objects.get(model=Tombstone.COUNCIL)
    assert (council.object_id, council.council_id, council.deleted_at) == (emptied.pk, emptied.pk, WHEN)


@pytest.mark.django_db(transaction=True)
def test_existing_meeting_tombstones_are_tied_to_the_committee_the_audit_trail_names():
    before = ("governance", "0011_tombstone_council")
    old = migrate([before]).loader.project_state([before]).apps
    Organisation, Body = (old.get_model("governance", n) for n in ("Organisation", "Body"))
    Tombstone0, AuditEntry = (old.get_model("governance", n) for n in ("Tombstone", "AuditEntry"))
    council = Organisation.objects.create(name="Fenwick Parish Council", kind="council")
    board = Body.objects.create(
        organisation=council, name="Fenwick Allotments Committee", slug="fenwick-allot"
    )
    for pk in (601, 602):
        Tombstone0.objects.create(
            model="meeting", object_id=pk, council=council, created=WHEN, deleted_at=WHEN
        )
    AuditEntry.objects.create(
        model="governance.Meeting",
        object_id="601",
        action="delete",
        before={"body": board.pk, "venue": "Hall"},
    )
    migrate_to_latest()
    found = dict(Tombstone.objects.filter(model="meeting").values_list("object_id", "committee"))
    # 602's trail is gone: no committee, listed by every committee of its council.
    assert found == {601: board.pk, 602: None}
