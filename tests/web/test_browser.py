"""The site in a real browser: Debian's chromium, driven headless by Playwright."""

from pathlib import Path

import pytest
from django.core.management import call_command

from minutebook.governance.importing import import_file
from minutebook.governance.models import Person

from ..extract.helpers import FIXTURES
from .conftest import CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it as root)"),
]
MAIN_PAGES = {
    "Meetings": "/",
    "Decisions": "/decisions/",
    "Actions": "/actions/",
    "People": "/people/",
    "Search": "/search/",
}


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    call_command("demo")
    import_file(FIXTURES / "county_minutes.txt")
    import_file(FIXTURES / "panel_pack.txt")
    return live_server.url


def test_search_for_a_phrase_and_follow_a_result_to_its_source_lines(site, page):
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(f"{site}/search/")
    page.evaluate("window.sameDocument = true")
    page.get_by_label("Search agendas, minutes, decisions, reports and work programmes").fill(
        '"refreshed strategy"'
    )
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="results for").wait_for()
    # htmx, a static file under the site's strict policy, swapped the results in: no new page was loaded
    assert page.evaluate("window.sameDocument === true && typeof htmx === 'object'")
    assert refused == []
    result = page.locator("ol.results a").first
    assert "REFRESH" in result.inner_text().upper()
    result.click()
    page.wait_for_url("**/meetings/**")
    page.locator("section.minute", has_text="That the refreshed strategy be endorsed.").get_by_role(
        "link", name="View"
    ).click()
    page.wait_for_url("**/sources/**")
    highlighted = page.locator("ol.source-lines li.hl")
    assert "That the refreshed strategy be endorsed." in " ".join(highlighted.all_inner_texts())


def test_open_a_person_and_see_their_attendance(site, page):
    page.goto(site)
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Find a person").fill("Grey")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="L Grey").click()
    row = page.locator("table tr", has_text="HEALTH AND WELLBEING BOARD")
    assert "100%" in row.inner_text()
    assert page.get_by_text("Substituted for").is_visible()


def test_every_main_page_is_reachable_by_keyboard_alone(site, page):
    for label, path in MAIN_PAGES.items():
        page.goto(site)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
        for _ in range(15):
            if page.evaluate("document.activeElement.textContent.trim()") == label:
                break
            page.keyboard.press("Tab")
        else:
            pytest.fail(f"{label} cannot be reached with the Tab key")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == f"{site}{path}"
    person = Person.objects.get(name="L Grey")
    page.goto(f"{site}/people/")
    page.keyboard.press("Tab")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "L Grey":
            break
    else:
        pytest.fail("L Grey cannot be reached with the Tab key")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site}{person.get_absolute_url()}"


def test_main_pages_have_no_serious_accessibility_violations(site, axe_page):
    import axe_playwright_python

    page = axe_page

    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    meeting = Person.objects.get(name="L Grey").attendances.first().meeting
    paths = [
        *MAIN_PAGES.values(),
        "/search/?q=strategy",
        meeting.get_absolute_url(),
        "/bodies/wexcombe-hwb/",
        Person.objects.get(name="L Grey").get_absolute_url(),
        f"/sources/{meeting.source_id}/?lines=1-5",
    ]
    problems = []
    for path in paths:
        page.goto(f"{site}{path}")
        page.add_script_tag(content=axe)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {violation['id']} ({violation['impact']}): {violation['help']}")
    assert not problems, "\n".join(problems)
