"""Exempt information (Schedule 12A) never reaches the public: not pages, search, feeds or files."""

import re
from urllib.parse import urljoin, urlparse

import pypdfium2
import pytest
from django.core.management import call_command

from minutebook.governance import clerking
from minutebook.governance.importing import import_file
from minutebook.governance.models import AgendaItem, Meeting, Minute, Pack, Paper, Recommendation, Resolution
from minutebook.publishing import pack as packs
from minutebook.search.models import SearchEntry

from ..documents import pdf_from_text
from ..extract.helpers import FIXTURES

pytestmark = pytest.mark.django_db
MARKER = "Zqxjv7Exempt"
LINK = re.compile(r"""href=["']([^"'#]+)""")


@pytest.fixture
def minute_book_with_secrets(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    call_command("demo")
    import_file(FIXTURES / "county_minutes.txt")
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
    AgendaItem.objects.create(
        meeting=meeting, parent=item, number="99", sub_label="a", title=f"Bids {MARKER}"
    )
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
    packs.publish(meeting)
    assert Pack.objects.filter(meeting=meeting, private=True).exists()
    return meeting


def without_query_echo(url: str, text: str) -> str:
    """A search page repeats what was typed; that is the reader's own words, not a leak."""
    from urllib.parse import parse_qs

    for typed in parse_qs(urlparse(url).query).get("q", []):
        text = text.replace(typed, "")
    return text


def crawl(client, start_urls, limit=400):
    seen, queue, pages = set(), list(start_urls), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Type", "").startswith("application/pdf"):
            document = pypdfium2.PdfDocument(body)
            text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        else:
            text = body.decode("utf-8", "replace")
        pages[url] = text
        if "html" in response.get("Content-Type", ""):
            for href in LINK.findall(text):
                target = urljoin(url, href)
                parsed = urlparse(target)
                if (
                    not parsed.netloc
                    and parsed.path.startswith("/")
                    and not parsed.path.startswith(("/admin", "/static"))
                ):
                    queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return pages


def test_no_public_url_or_index_entry_shows_exempt_information(client, minute_book_with_secrets):
    meeting = minute_book_with_secrets
    starts = [
        "/",
        "/decisions/",
        "/actions/?status=all",
        "/people/",
        "/calendar.ics",
        meeting.get_absolute_url(),
        f"/search/?q={MARKER}",
        f"/search/?q={MARKER.lower()[:5]}*",
        "/search/?q=award",
        "/search/?q=tender",
        "/search/?q=restructure",
    ]
    pages = crawl(client, starts)
    assert len(pages) > 20 and meeting.get_absolute_url() in pages
    public_pack = Pack.objects.get(meeting=meeting, private=False)
    assert f"/packs/{public_pack.pk}.pdf" in pages  # the crawl reached the published pack and read it
    private_pack = Pack.objects.get(meeting=meeting, private=True)
    assert client.get(f"/packs/{private_pack.pk}.pdf").status_code == 404
    leaks = [url for url, text in pages.items() if MARKER.lower() in without_query_echo(url, text).lower()]
    assert leaks == []
    assert not SearchEntry.objects.filter(title__icontains=MARKER).exists()
    assert not SearchEntry.objects.filter(text__icontains=MARKER).exists()


def test_the_crawl_would_see_the_marker_if_the_item_were_public(client, minute_book_with_secrets):
    """The check above can fail: made public, the same records show up."""
    AgendaItem.objects.filter(title__contains=MARKER).update(exempt=False, exempt_paragraph=None)
    page = client.get(minute_book_with_secrets.get_absolute_url()).content.decode()
    assert MARKER in page
