"""Following a search in a real browser (Debian's chromium, headless), under the site's strict policy."""

import re

import pytest

from minutebook.alerts.models import Subscription

from ..web.conftest import CHROMIUM
from .conftest import text

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it as root)"),
]


def test_follow_a_search_from_its_results_and_confirm_by_the_link_in_the_mail(
    live_server, board, mailbox, page
):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("Search agendas, minutes, decisions, reports and work programmes").fill("dementia")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="results for").wait_for()
    page.get_by_role("link", name="Follow this search by e-mail").click()
    page.get_by_role("heading", name="Follow search for “dementia”").wait_for()
    assert page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href") == (
        "/feeds/search/?q=dementia"
    )
    page.get_by_label("Your e-mail address").fill("not an address")
    page.get_by_role("button", name="Follow by e-mail").click()
    assert page.get_by_label("Your e-mail address").evaluate(
        "input => !input.validity.valid"
    )  # the browser says so
    page.get_by_label("Your e-mail address").fill("follower@example.org")
    page.get_by_role("button", name="Follow by e-mail").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    assert "follower@example.org" not in page.content()

    [confirmation] = mailbox.take()
    link = re.search(r"http://\S+/follow/confirm/\S+/", text(confirmation)).group(0)
    assert link.startswith(live_server.url)
    page.goto(link)
    page.get_by_role("button", name="Yes, send me what is new").click()
    page.get_by_role("heading", name="You are following search for “dementia”").wait_for()
    assert Subscription.objects.get().confirmed is not None
    assert refused == []
