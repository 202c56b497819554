"""A clerk runs a whole cycle in the browser; then the public sees the result."""

import datetime

import pytest
from django.contrib.auth.models import User

from minutebook.governance.models import Action, Body, Meeting, Membership, Organisation, Pack, Person

from ..documents import pdf_from_text
from .conftest import CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it as root)"),
]


@pytest.fixture
def clerk_site(live_server, settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    body = Body.objects.create(
        organisation=Organisation.objects.create(name="Anytown City Council"),
        name="Anytown Health Scrutiny Panel",
        slug="panel",
    )
    for name in ("Asha Patel", "Ben Cole", "Dev Rao"):
        Membership.objects.create(person=Person.objects.create(name=name), body=body)
    clerk = User.objects.create_user("clerk", password="a long clerk password")
    body.clerks.add(clerk)
    return live_server.url


def sign_in(page, site):
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill("a long clerk password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Clerk's desk").wait_for()


def test_a_clerk_runs_the_cycle_and_the_public_sees_it(clerk_site, page, tmp_path):
    site = clerk_site
    sign_in(page, site)
    page.get_by_role("link", name="Anytown Health Scrutiny Panel").click()
    # plan, then create the meeting the item is planned for
    page.get_by_label("Title").fill("Stroke services")
    page.get_by_label("Date").first.fill("2025-03-09")
    page.get_by_label("Lead officer").fill("ICB Director")
    page.get_by_role("button", name="Add to the work programme").click()
    page.locator("#id_meeting-date").fill("2025-01-12")
    page.locator("#id_meeting-time").fill("18:00")
    page.locator("#id_meeting-venue").fill("Council Chamber")
    page.get_by_role("button", name="Create the meeting and its agenda").click()
    page.get_by_role("heading", name="Meeting of").wait_for()
    first_url = page.url
    # record the first meeting (its start has passed): attendance on the register and a minute that sets an action
    page.get_by_role("link", name="Open the attendance register").click()
    page.get_by_role("group", name="Asha Patel").get_by_label("Present").check()
    page.get_by_role("button", name="Save the register").click()
    page.get_by_text("Attendance saved.").wait_for()
    assert page.url.endswith("#attendance")
    page.locator("#id_minute-title").fill("Winter pressures")
    page.locator("#id_minute-resolutions").fill(
        "The update be noted.\nThe ICB Director to report on bed numbers to the next meeting."
    )
    page.get_by_role("button", name="Add the minute").click()
    page.get_by_text("Minute recorded.").wait_for()
    # the second meeting: planned item, a paper, publish, matters arising, approve the minutes
    page.get_by_role("link", name="Anytown Health Scrutiny Panel").click()
    page.locator("#id_meeting-date").fill("2025-03-09")
    page.locator("#id_meeting-time").fill("18:00")
    page.get_by_role("button", name="Create the meeting and its agenda").click()
    page.get_by_role("heading", name="Meeting of").wait_for()
    assert page.locator("strong", has_text="4. Stroke services").is_visible()
    paper = tmp_path / "stroke.pdf"
    paper.write_bytes(pdf_from_text("Stroke services review\n\nRecommendations\n"))
    page.locator("#id_paper-item").select_option(label="4. Stroke services")
    page.locator("#id_paper-title").fill("Stroke services review")
    page.locator("#id_paper-file").set_input_files(str(paper))
    page.locator("#id_paper-recommendations").fill("Note the review")
    page.get_by_role("button", name="Attach the paper").click()
    # publishing shows the front sheet and page ranges first
    page.get_by_role("link", name="Preview the agenda pack").click()
    page.get_by_role("heading", name="Front sheet").wait_for()
    assert page.locator("table", has_text="Stroke services").is_visible()
    page.get_by_role("button", name="Publish the pack").click()
    page.get_by_role("link", name="pack v1").first.wait_for()  # no worker running: published in the request
    assert page.locator("#publish").get_by_text("Done").is_visible()
    assert page.get_by_text("The ICB Director to report on bed numbers to the next meeting.").is_visible()
    # approval shows what it locks, then locks it
    page.get_by_role("link", name="Approve as a true record").click()
    assert page.get_by_text("1 minutes").is_visible()
    page.get_by_role("button", name="Approve and lock the minutes").click()
    page.get_by_text("are approved and locked").wait_for()
    page.get_by_label("What was reported").fill("Bed numbers circulated.")
    page.get_by_role("button", name="Reported back: close").click()
    page.get_by_text("No open actions.").wait_for()
    # the public
    page.get_by_role("button", name="Sign out").click()
    second = Meeting.objects.get(start__date=datetime.date(2025, 3, 9))
    page.goto(f"{site}{second.get_absolute_url()}")
    assert page.get_by_role("link", name="Agenda pack (PDF").is_visible()
    stroke = second.agenda_items.get(title="Stroke services")
    assert (
        stroke.first_pack_page
        and page.locator(f"#item-{stroke.pk}")
        .get_by_text(f"Pack pages {stroke.first_pack_page}")
        .is_visible()
    )
    page.goto(first_url.replace("/clerk/meetings/", "/meetings/"))
    assert page.get_by_text("The update be noted.").is_visible()
    assert Action.objects.get().status == "done" and Pack.objects.filter(meeting=second).count() == 1
    assert Meeting.objects.get(start__date=datetime.date(2025, 1, 12)).minutes_approved_at == second


def test_only_a_bodys_clerks_reach_its_desk(clerk_site, client):
    body = Body.objects.get(slug="panel")
    assert client.get(f"/clerk/bodies/{body.slug}/").status_code == 302  # to sign in
    User.objects.create_user("resident", password="another long password")
    client.force_login(User.objects.get(username="resident"))
    assert client.get(f"/clerk/bodies/{body.slug}/").status_code == 403


def test_changes_made_on_the_clerks_desk_are_audited_with_the_clerks_name(clerk_site, client):
    from minutebook.governance.models import AuditEntry

    client.force_login(User.objects.get(username="clerk"))
    body = Body.objects.get(slug="panel")
    response = client.post(
        f"/clerk/bodies/{body.slug}/",
        {
            "meeting-date": "2025-01-12",
            "meeting-time": "18:00",
            "meeting-venue": "Council Chamber",
            "meeting-contact_officer": "Sam Clerk",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/clerk/meetings/{meeting.pk}/"
    client.post(
        f"/clerk/meetings/{meeting.pk}/",
        {
            "form": "minute",
            "minute-title": "Winter pressures",
            "minute-text": "",
            "minute-resolutions": "Noted.",
        },
    )
    entry = AuditEntry.objects.get(model="governance.Minute", action="create")
    assert entry.user.username == "clerk" and entry.after["title"] == "Winter pressures"
