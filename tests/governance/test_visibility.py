"""The one rule for what the public may see, read from the chain of records when asked."""

import datetime

import pytest
from django.utils import timezone

from minutebook.governance import clerking, visibility
from minutebook.governance.models import (
    Action,
    AgendaItem,
    Body,
    Organisation,
    Paper,
    Person,
    Recommendation,
    Resolution,
    SourceDocument,
)

from ..documents import pdf_from_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def item_and_its_records(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    body = Body.objects.create(organisation=Organisation.objects.create(name="Anytown Council"), name="Panel")
    meeting = clerking.create_meeting(
        body, datetime.datetime(2026, 6, 3, 18, tzinfo=timezone.get_default_timezone())
    )
    item = clerking.add_item(meeting, "Leisure centre contract")
    sub_item = AgendaItem.objects.create(meeting=meeting, parent=item, sub_label="a", title="Bids")
    minute = clerking.write_minute(
        meeting,
        "Leisure centre",
        resolutions=["The Director of Leisure to report on the bids to the next meeting."],
        agenda_item=item,
    )
    paper = clerking.attach_paper(
        item, pdf_from_text("Bids\n"), "bids.pdf", title="Bids received", recommendations=["Award it"]
    )
    declaration = clerking.record_declaration(meeting, Person.objects.create(name="Ann Lee"), "A bidder's director", agenda_item=item)
    records = [
        item,
        sub_item,
        minute,
        Resolution.objects.get(minute=minute),
        Action.objects.get(resolution__minute=minute),
        paper,
        Recommendation.objects.get(paper=paper),
        declaration,
        paper.document,
    ]
    return item, records


def test_everything_under_an_item_becomes_private_when_it_is_taken_in_private(item_and_its_records):
    item, records = item_and_its_records
    assert all(visibility.is_public(r) for r in records)
    clerking.mark_exempt(item, 3, "Commercial terms")
    assert [r for r in records if visibility.is_public(r)] == []
    assert records[2].exempt is False  # the minute carries no copied flag: the chain decides
    assert not visibility.document_is_public(records[-1])
    assert records[-1] in visibility.private_files()


def test_an_exempt_paper_alone_is_private_with_its_recommendations_and_file(item_and_its_records):
    _, records = item_and_its_records
    paper = records[5]
    Paper.objects.filter(pk=paper.pk).update(exempt=True)
    private = [r for r in records if not visibility.is_public(r)]
    assert private == [paper, records[6], paper.document]
    assert not visibility.public(SourceDocument).filter(pk=paper.document.pk).exists()
