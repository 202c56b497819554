"""Importing packs from the clerk's desk in a real browser: upload, background import, summary, review."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from minutebook.governance.models import Person

from ..jobs.conftest import worker_alive  # noqa: F401 (uploads then wait for the worker)
from .conftest import CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it as root)"),
]

MINUTES = """Minutes of the meeting of the Wellbeing Board held on Monday {day} June 2024 at 2.00 pm

Present: {present}

1. Minutes

RESOLVED - That the minutes of the last meeting be agreed.
"""
ATTENDANCE = [
    "Councillor R Okafor (Chair), Councillor D Brennan",
    "Councillor R Okafor, Councillor M Brennan",
    "Councillor Okafor, Councillor Brennan",  # which Brennan? a clerk decides
]


def test_a_clerk_uploads_text_packs_sees_the_summary_and_settles_a_same_person_question(
    live_server, page, settings, tmp_path, worker_alive  # noqa: F811
):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    User.objects.create_superuser("clerk", password="a long clerk password")
    packs = []
    for n, present in enumerate(ATTENDANCE):
        path = tmp_path / f"minutes-{n + 1}.txt"
        path.write_text(MINUTES.format(day=10 + n, present=present))
        packs.append(str(path))

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill("a long clerk password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/clerk/")
    page.get_by_role("link", name="Import packs").click()
    page.get_by_label("Files to import").set_input_files(packs)
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Importing: 0 of 3 files done").wait_for()

    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    page.get_by_role("heading", name="Summary").wait_for()  # the page follows the import by itself
    summary = page.locator("ul.summary").inner_text()
    assert "3 new meetings" in summary and "3 new resolutions" in summary
    assert "1 person to review" in summary
    # Each outcome names the file as the clerk sent it (not where it waited for a worker).
    assert page.get_by_role("cell", name="minutes-1.txt: imported", exact=True).is_visible()

    question = page.locator("ul.questions li", has_text="R Brennan").or_(
        page.locator("ul.questions li", has_text="D Brennan")
    )
    question.first.get_by_role("button", name="Same person").click()
    page.get_by_text("Merged: Brennan is").wait_for()
    assert not Person.objects.filter(name="Brennan").exists()
