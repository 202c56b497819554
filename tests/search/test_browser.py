"""Full-text search in a real browser: a paper's words lead to the right page and line; a typo is corrected."""

import datetime

import pytest
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.models import Body, Organisation

from ..documents import pdf_from_text
from ..web.conftest import CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it as root)"),
]

# Four pages; "exploitation" is printed on the third only.
PAPER = "\n\f\n".join(
    [
        "Safeguarding Adults Board annual report\nIntroduction by the independent chair.",
        "Membership of the board\nPartners met four times in the year.",
        "Themes of the year\nReviews looked at hoarding.\nCriminal exploitation of young adults rose.",
        "Priorities for next year\nTransitions from children's services.",
    ]
)


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    council = Organisation.objects.create(name="Anytown City Council")
    body = Body.objects.create(organisation=council, name="Health and Wellbeing Board", slug="hwb")
    meeting = clerking.create_meeting(body, timezone.make_aware(datetime.datetime(2025, 6, 4, 14)), "Room 2")
    item = clerking.add_item(meeting, "Safeguarding adults annual report")
    clerking.attach_paper(
        item, pdf_from_text(PAPER), "sab-report.pdf", title="Safeguarding Adults Board report"
    )
    return live_server.url


def test_a_word_of_a_paper_leads_to_its_page_and_a_typo_is_corrected(site, page):
    page.goto(f"{site}/search/")
    page.get_by_label("Search agendas").fill("exploitation")
    page.keyboard.press("Enter")
    result = page.locator("ol.results li", has_text="page 3").first
    result.wait_for()
    assert "Health and Wellbeing Board, 4 June 2025" in page.locator("ol.results").inner_text()
    result.get_by_role("link", name="Safeguarding Adults Board report, page 3").click()
    page.wait_for_url("**/sources/**")
    highlighted = " ".join(page.locator("ol.source-lines li.hl").all_inner_texts())
    assert "Criminal exploitation of young adults rose." in highlighted

    page.goto(f"{site}/search/")
    page.get_by_label("Search agendas").fill("explotation")
    page.keyboard.press("Enter")
    page.get_by_text("Did you mean").wait_for()
    page.get_by_role("link", name="exploitation").click()
    page.locator("ol.results li", has_text="page 3").first.wait_for()
    assert page.get_by_label("Search agendas").input_value() == "exploitation"
