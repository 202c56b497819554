"""The published pack: page ranges that match the PDF, public and private packs, supplements."""

import datetime

import pypdfium2
import pytest
from django.conf import settings
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.models import Body, Organisation, Pack, Person
from minutebook.publishing import pack as packs

from ..documents import pdf_from_text

pytestmark = pytest.mark.django_db


def page_texts(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def stored(pack: Pack) -> bytes:
    return (settings.MINUTEBOOK_FILES / pack.document.stored_as).read_bytes()


def paper(label: str, pages: int) -> bytes:
    return pdf_from_text("\n\f\n".join(f"{label} page {n}" for n in range(1, pages + 1)))


@pytest.fixture
def meeting(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    council = Organisation.objects.create(name="Anytown City Council")
    board = Body.objects.create(organisation=council, name="Anytown Health Scrutiny Panel", slug="panel")
    earlier = clerking.create_meeting(board, timezone.make_aware(datetime.datetime(2025, 1, 12, 18)))
    clerking.record_attendance(earlier, Person.objects.create(name="Asha Patel"), role="Chair")
    clerking.write_minute(
        earlier,
        "Winter pressures",
        resolutions=["The update be noted.", "The ICB Director to circulate bed numbers to members."],
    )
    earlier.status = "held"
    earlier.save()
    meeting = clerking.create_meeting(
        board,
        timezone.make_aware(datetime.datetime(2027, 3, 9, 18)),
        "Council Chamber",
        contact_officer="Sam Clerk",
    )
    stroke = clerking.add_item(meeting, "Stroke services", "Report of the ICB")
    clerking.attach_paper(stroke, paper("STROKE", 3), "stroke.pdf", title="Stroke services review")
    clerking.attach_paper(stroke, paper("STROKEAPPX", 2), "appendix.pdf", title="Appendix: travel times")
    contract = clerking.add_item(meeting, "Home care contract award")
    clerking.mark_exempt(contract, 3, "Bidders' prices are commercially sensitive")
    clerking.attach_paper(contract, paper("SECRET", 2), "award.pdf", title="Contract award")
    return meeting


def test_the_public_pack_pages_match_the_front_sheet(meeting):
    [public, private] = packs.publish(meeting)
    data = stored(public)
    texts = page_texts(data)
    assert public.page_count == len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number}" in text
    minutes_item = meeting.agenda_items.get(title__startswith="Minutes of the Previous Meeting")
    stroke = meeting.agenda_items.get(title="Stroke services")
    first, last = stroke.first_pack_page, stroke.last_pack_page
    assert last - first + 1 == 5
    assert "STROKE page 1" in texts[first - 1] and "STROKEAPPX page 2" in texts[last - 1]
    assert f"(Pages {first} - {last})" in texts[0]
    m_first, m_last = minutes_item.first_pack_page, minutes_item.last_pack_page
    assert "Winter pressures" in "".join(texts[m_first - 1 : m_last])
    assert not any("SECRET" in t for t in texts)
    # the public front sheet says an item will be taken in private, and why, but not what it is
    assert (
        "Home care contract award" not in texts[0] and "Exempt item" in texts[0] and "Paragraph 3" in texts[0]
    )
    assert "Home care contract award" in page_texts(stored(private))[0]
    private_texts = page_texts(stored(private))
    assert any("SECRET page 2" in t for t in private_texts) and not any(
        "STROKE page" in t for t in private_texts
    )


def test_publishing_again_after_a_paper_changes_issues_a_supplementary_pack(meeting):
    first = packs.publish(meeting)
    assert packs.publish(meeting) == first  # nothing changed: nothing new issued
    stroke = meeting.agenda_items.get(title="Stroke services")
    clerking.attach_paper(stroke, paper("LATE", 1), "late.pdf", title="Late evidence")
    again = packs.publish(meeting)
    versions = list(Pack.objects.filter(meeting=meeting, private=False).values_list("version", flat=True))
    assert versions == [1, 2] and again[0].supplementary
    assert again[0].document_id != first[0].document_id
    assert (
        meeting.agenda_items.get(title="Stroke services").last_pack_page
        == again[0].item_pages[str(stroke.pk)][1]
    )
    assert any("LATE page 1" in t for t in page_texts(stored(again[0])))
    assert not any("LATE page 1" in t for t in page_texts(stored(first[0])))


def test_the_preview_shows_what_publishing_will_issue_and_the_supplement_says_what_changed(meeting):
    [public, private] = packs.preview(meeting)
    assert public.version == 1 and public.pack is not None and not public.changes
    assert not Pack.objects.exists()  # a preview issues nothing
    stroke = meeting.agenda_items.get(title="Stroke services")
    assert public.pack.item_pages[stroke.pk][1] - public.pack.item_pages[stroke.pk][0] == 4
    first = packs.publish(meeting)
    assert [p.pack for p in packs.preview(meeting)] == [None, None]  # nothing changed since
    late = clerking.add_item(meeting, "Pharmacy closures")
    clerking.attach_paper(late, paper("PHARMACY", 1), "pharmacy.pdf", title="Pharmacy needs assessment")
    clerking.replace_paper(
        stroke.papers.get(title="Stroke services review"), paper("STROKE2", 3), "stroke-v2.pdf"
    )
    clerking.remove_paper(stroke.papers.get(title="Appendix: travel times"))
    [public, _] = packs.preview(meeting)
    assert public.version == 2
    assert set(public.changes) >= {
        "Added: Pharmacy needs assessment",
        "Replaced: Stroke services review",
        "Withdrawn: Appendix: travel times",
    }
    assert any(c.startswith("Added: item") and "Pharmacy closures" in c for c in public.changes)
    [again, _] = packs.publish(meeting)
    front = page_texts(stored(again))[0]
    assert again.version == 2 and "Supplementary" in front and "Replaced: Stroke services review" in front
    assert "Supplementary" not in page_texts(stored(first[0]))[0]
