"""Exempt information (Schedule 12A) never reaches the public: not pages, search, feeds, packs or files.

The attack: a minute book holding exempt records of every kind, each carrying one marker, is walked as an
anonymous visitor by every public URL, following links and trying every id of every kind of object in a range
around the real ones; no response may hold the marker. Its companion shows the same walk finds the marker
once the records are made public, so the attack can fail.
"""

import datetime
import re
from urllib.parse import parse_qs, urljoin, urlparse

import pypdfium2
import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.importing import import_file
from minutebook.governance.models import (
    Action,
    AgendaItem,
    Body,
    Meeting,
    Minute,
    Organisation,
    Pack,
    Paper,
    Person,
    Recommendation,
    Resolution,
    SourceDocument,
)
from minutebook.publishing import pack as packs
from minutebook.search.models import SearchEntry

from ..documents import pdf_from_text
from ..extract.helpers import FIXTURES

pytestmark = pytest.mark.django_db
MARKER = "Zqxjv7Exempt"
LINK = re.compile(r"""href=["']([^"'#]+)""")

# A council's public agenda pack, as imported: item 4 is private business, and its report names the bidder.
IMPORTED_PACK = f"""NOTICE OF MEETING

HEALTH SCRUTINY PANEL

Date: Wednesday, 4 October 2023
Time: 6.30 pm
Venue: Council Chamber, Civic Offices, Market Street

AGENDA

PART A – PUBLIC BUSINESS

1 Apologies for absence and substitutions

2 Declarations of interest

3 Winter Plan (Pages 1 - 2)

Report of the Chief Executive

PART B – PRIVATE BUSINESS

4 Home Care Contract Award (Pages 3 - 4)

Paragraph 3 of Schedule 12A to the Local Government Act 1972

Report of the Director of Adult Services

Page 1

Report to: Health Scrutiny Panel
Date of meeting: 4 October 2023
Report of: Chief Executive
Title: Winter Plan 2023/24

1. Recommendations

1.1 That the Panel notes the winter plan.

2. Background

2.1 Demand for urgent care rose last winter.

2.2 Hospital discharge was slower than planned.

2.3 Community services took more referrals.

3. Next steps

3.1 A further update will follow in the spring.

3.2 Partners will meet monthly.

Page 3

Report to: Health Scrutiny Panel
Date of meeting: 4 October 2023
Report of: Director of Adult Services
Title: Home Care Contract Award

1. Recommendations

1.1 That the Panel awards the contract to {MARKER} Care Ltd at 1.2 million pounds.

2. Evaluation

2.1 {MARKER} Care Ltd scored highest on quality and price.
"""


def _at(day: datetime.date, hour: int = 18) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def minute_book_with_secrets(settings, tmp_path):
    """Exempt records of every kind, each with the marker; returns the meeting that holds most of them."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    import_file(FIXTURES / "county_minutes.txt")
    imported = tmp_path / "scrutiny-pack-2023-10-04.txt"
    imported.write_text(IMPORTED_PACK)
    assert import_file(imported).status == "imported"
    assert AgendaItem.objects.filter(title="Home Care Contract Award", exempt=True).exists()

    # Records typed straight in, under an exempt item and its sub-item, or exempt themselves.
    meeting = Meeting.objects.filter(status="held").first()
    item = AgendaItem.objects.create(
        meeting=meeting,
        number="99",
        title=f"Contract award {MARKER}",
        presenter=f"Report of {MARKER}",
        exempt=True,
        exempt_paragraph=3,
        order=99,
    )
    AgendaItem.objects.create(meeting=meeting, parent=item, number="99", sub_label="a", title=f"Bids {MARKER}")
    minute = Minute.objects.create(
        meeting=meeting, number="999", title=f"Award {MARKER}", agenda_item=item, text=f"Discussion {MARKER}"
    )
    Resolution.objects.create(minute=minute, text=f"The {MARKER} bid be accepted.", order=1)
    private = Minute.objects.create(meeting=meeting, number="998", title=f"Staffing {MARKER}", exempt=True)
    Resolution.objects.create(minute=private, text=f"Restructure {MARKER}.", order=1)
    paper = Paper.objects.create(meeting=meeting, agenda_item=item, title=f"Tender evaluation {MARKER}")
    Recommendation.objects.create(paper=paper, text=f"Award to {MARKER} Ltd", order=1)
    appendix = Paper.objects.create(meeting=meeting, title=f"Appendix {MARKER}", exempt=True)
    Recommendation.objects.create(paper=appendix, text=f"Note {MARKER}", order=1)
    clerking.attach_paper(
        item, pdf_from_text(f"Bids received\n{MARKER} Ltd 1.2m\n"), "bids.pdf", title=f"Bids {MARKER}"
    )

    # The clerk's cycle: a public item with an exempt paper uploaded to it; a minute written before its item
    # was taken into private and one after; actions those minutes set; an interest declared on the exempt
    # item; the packs issued, the private one included; then the next meeting's pack, with matters arising
    # and the previous minutes.
    board = Body.objects.create(
        organisation=Organisation.objects.get_or_create(name="Anytown City Council")[0],
        name="Anytown Health Scrutiny Panel",
        slug="anytown-panel",
    )
    first = clerking.create_meeting(board, _at(datetime.date(2026, 1, 14)), "Council Chamber")
    public_item = clerking.add_item(first, "Stroke services")
    clerking.attach_paper(
        public_item,
        pdf_from_text(f"Commercial appendix\n{MARKER} unit prices\n"),
        "prices.pdf",
        title=f"Unit prices {MARKER}",
        exempt=True,
    )
    disposal = clerking.add_item(first, "Property disposal")
    clerking.write_minute(
        first,
        f"Disposal of the {MARKER} depot",
        f"Offers for the {MARKER} depot were considered.",
        [f"The Director of Property to report on the sale of the {MARKER} depot to the next meeting."],
        agenda_item=disposal,
    )
    clerking.mark_exempt(disposal, 3, "Commercial terms of a sale")  # after its minute was written
    contract = clerking.add_item(first, "Care contract")
    clerking.mark_exempt(contract, 3, "Commercial terms of a contract")
    clerking.write_minute(
        first,
        f"Care contract {MARKER}",
        resolutions=[f"The Head of Procurement to report on the {MARKER} bidders to the next meeting."],
        agenda_item=contract,
    )
    member = Person.objects.create(name="Asha Patel")
    clerking.record_declaration(first, member, f"Director of {MARKER} Ltd", agenda_item=contract)
    first.status = Meeting.Status.HELD
    first.save()
    assert Action.objects.filter(description__contains=MARKER).count() == 2
    Action.objects.filter(description__contains=MARKER).update(due_date=datetime.date(2026, 2, 1))
    [_, private_pack] = packs.publish(first)
    assert private_pack.private
    second = clerking.create_meeting(board, _at(datetime.date(2026, 3, 11)), "Council Chamber")
    packs.publish(second)
    return meeting


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF"):
        document = pypdfium2.PdfDocument(body)
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return body.decode("utf-8", "replace")


def without_query_echo(url: str, text: str) -> str:
    """A search page repeats what was typed; that is the reader's own words, not a leak."""
    for typed in parse_qs(urlparse(url).query).get("q", []):
        text = text.replace(typed, "")
    return text


def every_public_url() -> list[str]:
    """Every URL pattern of the public site with every id around the real ones, and every filter."""
    urls = ["/", "/decisions/", "/people/", "/calendar.ics", "/search/"]
    for model, patterns in (
        (Meeting, ["/meetings/{}/"]),
        (SourceDocument, ["/sources/{}/", "/sources/{}/original", "/sources/{}/?lines=1-400", "/documents/{}/"]),
        (Pack, ["/packs/{}.pdf"]),
    ):
        # ids around the real ones (PostgreSQL's sequences do not restart with each test, so not from 0)
        ids = model.objects.values_list("pk", flat=True)
        low, high = (min(ids) - 5, max(ids) + 5) if ids else (0, 5)
        urls += [pattern.format(n) for n in range(max(low, 0), high) for pattern in patterns]
    for status in ("open", "overdue", "done", "dropped", "all"):
        urls.append(f"/actions/?status={status}")
        urls += [f"/actions/?status={status}&body={slug}" for slug in Body.objects.values_list("slug", flat=True)]
    for slug in Body.objects.values_list("slug", flat=True):
        urls += [f"/bodies/{slug}/", f"/bodies/{slug}/calendar.ics", f"/decisions/?body={slug}"]
    urls += [f"/people/{slug}/" for slug in Person.objects.values_list("slug", flat=True)]
    words = [MARKER, f"{MARKER.lower()[:5]}*", "award", "tender", "restructure", "depot", "bidders", "care"]
    words += ["bids", "received", "commercial", "prices", "scored", "evaluation", "zqxjv", "contract"]  # papers' text
    urls += [f"/search/?q={word}" for word in words]
    urls += [f"/feeds/search/?q={word}" for word in words] + [f"/follow/?q={word}" for word in words]
    return urls


def attack(client, limit=1000) -> dict[str, str]:
    """Every public URL, then every link the pages lead to: the text of each answer, by URL.

    Links into search are not followed: its facets combine without end, and every_public_url asks it for the
    marker and the words around it directly."""
    seen, queue, pages = set(), every_public_url(), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue
        text = text_of(response)
        pages[url] = text
        if "html" in response.get("Content-Type", ""):
            for href in LINK.findall(text):
                parsed = urlparse(urljoin(url, href))
                if (
                    not parsed.netloc
                    and parsed.path.startswith("/")
                    and not parsed.path.startswith(("/admin", "/static", "/accounts", "/search"))
                ):
                    queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return pages


def leaks(pages: dict[str, str]) -> list[str]:
    return sorted(url for url, text in pages.items() if MARKER.lower() in without_query_echo(url, text).lower())


def test_no_public_url_or_index_entry_shows_exempt_information(client, minute_book_with_secrets):
    meeting = minute_book_with_secrets
    pages = attack(client)
    assert len(pages) > 60 and meeting.get_absolute_url() in pages
    for public_pack in Pack.objects.filter(private=False):
        assert f"/packs/{public_pack.pk}.pdf" in pages  # the walk reached every published pack and read it
    for private_pack in Pack.objects.filter(private=True):
        assert f"/packs/{private_pack.pk}.pdf" not in pages
    imported = SourceDocument.objects.get(name="scrutiny-pack-2023-10-04.txt")
    assert f"/sources/{imported.pk}/" in pages  # its public lines are shown, its private ones withheld
    assert leaks(pages) == []
    assert not SearchEntry.objects.filter(title__icontains=MARKER).exists()
    assert not SearchEntry.objects.filter(text__icontains=MARKER).exists()
    assert SearchEntry.objects.filter(kind="page").exists()  # the pages of the public documents are indexed
    # (asked of the same minute book: it takes seconds to build)
    a_minute_written_before_its_item_was_exempt_is_private_from_then_on(client)
    private_packs_and_exempt_papers_are_for_members_and_the_bodys_clerks(client)


def test_the_attack_would_see_the_marker_if_the_records_were_public(client, minute_book_with_secrets):
    """The attack above can fail: with nothing exempt, the same walk finds the marker everywhere it looks."""
    AgendaItem.objects.update(exempt=False, exempt_paragraph=None)
    Minute.objects.update(exempt=False)
    Paper.objects.update(exempt=False)
    for pack in Pack.objects.filter(private=True):  # a members' pack now as if it were a public one
        pack.version, pack.private = 100 + pack.version, False
        pack.save()
    found = leaks(attack(client))
    imported = SourceDocument.objects.get(name="scrutiny-pack-2023-10-04.txt")
    person = Person.objects.get(name="Asha Patel", declarations__isnull=False)
    for expected in (
        minute_book_with_secrets.get_absolute_url(),
        "/",
        "/actions/?status=overdue",
        "/actions/?status=all",
        f"/people/{person.slug}/",
        f"/sources/{imported.pk}/",
        f"/sources/{imported.pk}/original",
    ):
        assert expected in found
    assert any(url.startswith("/packs/") for url in found)


def private_packs_and_exempt_papers_are_for_members_and_the_bodys_clerks(client):
    private_pack = Pack.objects.get(private=True, meeting__body__slug="anytown-panel")
    exempt_paper = Paper.objects.get(title=f"Unit prices {MARKER}").document
    urls = [f"/packs/{private_pack.pk}.pdf"]
    assert client.get(urls[0]).status_code == 404
    for url in (f"/sources/{exempt_paper.pk}/", f"/sources/{exempt_paper.pk}/original"):
        assert client.get(url).status_code == 404
    other_clerk = User.objects.create_user("other-clerk")
    Body.objects.exclude(slug="anytown-panel").first().clerks.add(other_clerk)
    client.force_login(other_clerk)
    assert client.get(urls[0]).status_code == 404
    clerk = User.objects.create_user("clerk")
    private_pack.meeting.body.clerks.add(clerk)
    member = User.objects.create_user("member")
    member.groups.add(Group.objects.get_or_create(name="Members")[0])
    for user in (clerk, member):
        client.force_login(user)
        response = client.get(urls[0])
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        assert response["Content-Security-Policy"].startswith("sandbox") and MARKER in text_of(response)


def a_minute_written_before_its_item_was_exempt_is_private_from_then_on(client):
    """Exemption is read from the chain when a page is made: the flag the minute was written with is irrelevant."""
    minute = Minute.objects.get(title__startswith="Disposal of the")
    assert minute.exempt is False and minute.agenda_item.exempt
    assert MARKER not in client.get(minute.meeting.get_absolute_url()).content.decode()
    later_pack = Pack.objects.get(meeting__start__date=datetime.date(2026, 3, 11), private=False)
    text = text_of(client.get(f"/packs/{later_pack.pk}.pdf"))
    assert "Minutes of the Meeting" in text and MARKER not in text
