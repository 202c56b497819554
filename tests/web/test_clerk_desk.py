"""The clerk's desk in a real browser, mistakes included; and every page on a phone 375 px wide."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.importing import import_file
from minutebook.governance.models import (
    AuditEntry,
    Body,
    Meeting,
    Person,
    SourceDocument,
    WorkProgrammeEntry,
)

from ..extract.helpers import FIXTURES
from ..jobs.conftest import worker_alive  # noqa: F401 (publishing then waits for the worker)
from .conftest import CHROMIUM
from .test_clerk_cycle import clerk_site  # noqa: F401 (the same panel and clerk)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it as root)"),
]


def at(day: datetime.date, hour=18):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def signed_in(page, site, username="clerk"):
    """Sign the page in without the login form: a session made on the server, its cookie given to the browser."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}])
    return page


@pytest.fixture
def panel(request):
    """The panel of the clerk cycle's test: three members and their clerk."""
    request.getfixturevalue("clerk_site")
    return Body.objects.get(slug="panel")


def test_approving_the_minutes_of_a_meeting_that_was_not_held_is_refused(panel, live_server, page):
    unheld = clerking.create_meeting(panel, at(datetime.date(2025, 1, 12)))
    second = clerking.create_meeting(panel, at(datetime.date(2025, 3, 9)))
    future = clerking.create_meeting(panel, timezone.now() + datetime.timedelta(days=20))
    signed_in(page, live_server.url)
    page.goto(f"{live_server.url}/clerk/meetings/{second.pk}/")
    assert page.locator("#approval").get_by_text("scheduled, not held").is_visible()
    page.get_by_role("link", name="Approve as a true record").click()
    page.get_by_role("heading", name="These minutes cannot be approved").wait_for()
    assert page.get_by_role("button", name="Approve and lock the minutes").count() == 0
    unheld.refresh_from_db()
    assert unheld.minutes_approved_at is None and unheld.status == "scheduled"
    # a meeting still to come takes no attendance and no minutes
    page.goto(f"{live_server.url}/clerk/meetings/{future.pk}/")
    assert page.get_by_text("Attendance is recorded once the meeting has started.").is_visible()
    assert page.get_by_role("link", name="Open the attendance register").count() == 0
    assert page.get_by_role("button", name="Add the minute").count() == 0
    page.goto(f"{live_server.url}/clerk/meetings/{future.pk}/attendance")
    page.get_by_role("group", name="Asha Patel").get_by_label("Present").check()
    page.get_by_role("button", name="Save the register").click()
    assert page.get_by_role("alert").get_by_text("has not started yet").is_visible()
    assert not future.attendances.exists()


def test_a_substitute_never_changes_another_line(panel, live_server, page):
    meeting = clerking.create_meeting(panel, at(datetime.date(2025, 1, 12)))
    signed_in(page, live_server.url)
    page.goto(f"{live_server.url}/clerk/meetings/{meeting.pk}/attendance")
    page.get_by_role("group", name="Asha Patel").get_by_label("Present").check()
    ben = page.get_by_role("group", name="Ben Cole")
    ben.get_by_label("Sent apologies").check()
    ben.get_by_label("Or a new substitute's name").fill("Eve Hart")
    page.get_by_role("group", name="Dev Rao").get_by_label("Absent").check()
    page.get_by_label("Name", exact=True).first.fill("Sam Clerk")
    page.get_by_label("Role", exact=True).first.fill("Scrutiny officer")
    page.get_by_role("button", name="Save the register").click()
    page.get_by_text("Attendance saved.").wait_for()
    assert page.url.endswith("#attendance")
    recorded = lambda: sorted(meeting.attendances.values_list("person__name", "status", "capacity"))  # noqa: E731
    saved = recorded()
    assert saved == [
        ("Asha Patel", "present", "member"),
        ("Ben Cole", "apologies", "member"),
        ("Dev Rao", "absent", "member"),
        ("Eve Hart", "present", "substitute"),
        ("Sam Clerk", "present", "officer"),
    ]
    # mistakes: Ben marked present while Dev stands in for him; a member named as Asha's substitute
    page.get_by_role("link", name="Open the attendance register").click()
    page.get_by_role("group", name="Ben Cole").get_by_label("Present").check()
    page.get_by_role("button", name="Save the register").click()
    assert (
        page.get_by_role("alert").get_by_text("Eve Hart is recorded as substitute for Ben Cole").is_visible()
    )
    assert recorded() == saved
    page.get_by_role("group", name="Ben Cole").get_by_label("Sent apologies").check()
    asha = page.get_by_role("group", name="Asha Patel")
    asha.get_by_label("Sent apologies").check()
    asha.get_by_label("Or a new substitute's name").fill("Dev Rao")
    page.get_by_role("button", name="Save the register").click()
    assert page.get_by_role("alert").get_by_text("Dev Rao is a member").is_visible()
    assert recorded() == saved
    # a wrong line comes off, on the meeting's page
    page.goto(f"{live_server.url}/clerk/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Remove Sam Clerk from the register").click()
    page.get_by_text("Sam Clerk removed from the register.").wait_for()
    assert [n for n, *_ in recorded()] == ["Asha Patel", "Ben Cole", "Dev Rao", "Eve Hart"]


def test_a_correction_appears_in_the_audit_trail_and_the_page_keeps_its_place(panel, live_server, page):
    meeting = clerking.create_meeting(panel, timezone.now() + datetime.timedelta(days=20))
    clerking.add_item(meeting, "Dental acess")
    signed_in(page, live_server.url)
    page.goto(f"{live_server.url}/clerk/meetings/{meeting.pk}/")
    item = meeting.agenda_items.get(title="Dental acess")
    page.get_by_text("Edit item 4").click()
    page.locator(f"#title-{item.pk}").fill("Dental access")
    page.get_by_role("button", name="Save item 4").click()
    page.get_by_text("Item 4 corrected.").wait_for()
    assert page.url.endswith("#agenda")
    assert page.locator("#changes").get_by_text("changed agenda item “Dental access” (title)").is_visible()
    entry = AuditEntry.objects.get(model="governance.AgendaItem", object_id=str(item.pk), action="update")
    assert (entry.user.username, entry.before["title"], entry.after["title"]) == (
        "clerk",
        "Dental acess",
        "Dental access",
    )
    page.get_by_role("button", name="Move item 4 up").click()
    page.get_by_text("Agenda reordered.").wait_for()
    page.get_by_role("button", name="Withdraw item 3").click()
    page.get_by_text("Item 3 withdrawn.").wait_for()
    assert page.locator("#agenda li", has_text="3. Dental access").get_by_text("Withdrawn").is_visible()


def test_a_cancelled_meetings_items_return_to_the_work_programme(panel, live_server, page):
    day = timezone.localdate() + datetime.timedelta(days=20)
    signed_in(page, live_server.url)
    page.goto(f"{live_server.url}/clerk/bodies/panel/")
    page.get_by_label("Title").fill("Stroke services")
    page.locator("#id_plan-date").fill(day.isoformat())
    page.get_by_role("button", name="Add to the work programme").click()
    for _ in range(2):  # the second time, the same day: a confirmation, declined
        page.locator("#id_meeting-date").fill(day.isoformat())
        page.locator("#id_meeting-time").fill("18:00")
        page.get_by_role("button", name="Create the meeting and its agenda").click()
        page.get_by_role("heading", name="Meeting of").or_(
            page.get_by_role("heading", name="Please confirm")
        ).wait_for()
        if page.get_by_role("heading", name="Please confirm").count():
            assert page.get_by_text("already has a meeting on").is_visible()
            page.get_by_role("link", name="Go back").click()
        else:
            meeting_url = page.url
            page.get_by_role("link", name="Anytown Health Scrutiny Panel").click()
    assert Meeting.objects.count() == 1
    page.goto(meeting_url)
    page.get_by_text("Postpone or cancel the meeting").click()
    page.get_by_label("Cancel").check()
    page.locator("#id_call-off-reason").fill("Not quorate")
    page.get_by_role("button", name="Postpone or cancel").click()
    page.get_by_text("1 planned item(s) back in the work programme").wait_for()
    page.goto(f"{live_server.url}/clerk/bodies/panel/")
    card = page.locator("#work-programme li", has_text="Stroke services")
    assert "Planned for: to be determined" in card.inner_text() and day.isoformat() in card.inner_text()
    # the public sees why
    page.goto(f"{live_server.url}{Meeting.objects.get().get_absolute_url()}")
    assert page.get_by_text("Cancelled").first.is_visible() and page.get_by_text("Not quorate").is_visible()
    # a date with no meeting needs a confirmation
    page.goto(f"{live_server.url}/clerk/bodies/panel/")
    entry = WorkProgrammeEntry.objects.get()
    page.locator(f"#id_move-{entry.pk}-date").fill((day + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Move “Stroke services”").click()
    page.get_by_text("has no meeting on").wait_for()
    page.get_by_role("button", name="Plan it for that date").click()
    page.get_by_text("Moved “Stroke services”.").wait_for()
    entry.refresh_from_db()
    assert entry.planned_date == day + datetime.timedelta(days=7) and entry.planned_meeting is None


def test_a_pack_published_on_the_queue_appears_on_the_meeting_page_by_itself(
    panel, live_server, page, worker_alive  # noqa: F811
):
    meeting = clerking.create_meeting(panel, at(datetime.date(2025, 3, 9)))
    clerking.add_item(meeting, "Stroke services")
    signed_in(page, live_server.url)
    page.goto(f"{live_server.url}/clerk/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Preview the agenda pack").click()
    page.get_by_role("button", name="Publish the pack").click()
    publishing = page.locator("#publish")
    publishing.get_by_text("Waiting for a worker").wait_for()
    assert publishing.get_by_role("link", name="Preview").count() == 0  # one publication at a time
    page.goto(f"{live_server.url}/clerk/")
    assert page.locator("#work").get_by_text("Waiting for a worker").is_visible()
    page.go_back()
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    publishing.get_by_role("link", name="pack v1").wait_for()  # the section follows the job by itself
    assert publishing.get_by_text("Done").is_visible()
    assert publishing.get_by_role("link", name="Preview a supplementary pack").is_visible()


def test_a_clerk_manages_the_bodys_members_on_the_desk(panel, live_server, page):
    signed_in(page, live_server.url)
    page.goto(f"{live_server.url}/clerk/bodies/panel/")
    page.get_by_role("link", name="Members").click()
    page.locator("#id_add-name").fill("Eve Hart")
    page.locator("#id_add-role").select_option(label="Co-opted member")
    page.locator("#id_add-new_organisation").fill("Anytown NHS Trust")
    page.locator("#id_add-start_date").fill("2025-05-01")
    page.get_by_role("button", name="Add the member").click()
    page.get_by_text("Membership saved.").wait_for()
    membership = panel.memberships.get(person__name="Eve Hart")
    assert (membership.role, membership.organisation.name) == ("co_opted", "Anytown NHS Trust")
    page.get_by_text("Change Eve Hart's membership").click()
    page.locator(f"#end-{membership.pk}").fill("2025-04-01")
    page.get_by_role("button", name="Save Eve Hart's membership").click()
    page.get_by_text("A membership cannot end before it starts.").wait_for()
    page.get_by_text("Change Eve Hart's membership").click()
    page.locator(f"#end-{membership.pk}").fill("2025-06-30")
    page.get_by_role("button", name="Save Eve Hart's membership").click()
    page.get_by_text("Membership saved.").wait_for()
    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2025, 6, 30)
    page.goto(f"{live_server.url}/bodies/panel/")
    assert (
        page.get_by_role("link", name="Asha Patel").is_visible() and page.get_by_text("Eve Hart").count() == 0
    )


def test_every_public_and_clerk_page_fits_a_phone(live_server, settings, tmp_path, page):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    call_command("demo")
    import_file(FIXTURES / "county_minutes.txt")
    import_file(FIXTURES / "panel_pack.txt")
    User.objects.create_superuser("admin", password="a long admin password")
    held = Meeting.objects.filter(attendances__isnull=False).order_by("-start").first()
    board = held.body
    person = held.attendances.first().person
    source = SourceDocument.objects.filter(pk=held.source_id).first() or SourceDocument.objects.first()
    paths = [
        "/",
        "/decisions/",
        "/actions/",
        "/actions/?status=all",
        "/people/",
        "/search/?q=strategy",
        person.get_absolute_url(),
        f"/sources/{source.pk}/?lines=1-5",
        *[m.get_absolute_url() for m in Meeting.objects.all()],
        *[b.get_absolute_url() for b in Body.objects.all()],
        "/clerk/",
        f"/clerk/bodies/{board.slug}/",
        f"/clerk/bodies/{board.slug}/members/",
        *[f"/clerk/meetings/{m.pk}/" for m in board.meetings.all()],
        f"/clerk/meetings/{held.pk}/attendance",
        f"/clerk/meetings/{held.pk}/approve",
        f"/clerk/meetings/{held.pk}/publish",
    ]
    page.set_viewport_size({"width": 375, "height": 800})
    signed_in(page, live_server.url, "admin")
    too_wide = []
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            widest = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                     .filter(e => e.getBoundingClientRect().right > 375)
                     .slice(-1).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40))"""
            )
            too_wide.append(f"{path}: {width}px {widest}")
    assert not too_wide, "\n".join(too_wide)


def test_the_clerks_pages_have_no_serious_accessibility_violations(panel, live_server, browser):
    import axe_playwright_python

    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    past = clerking.create_meeting(panel, at(datetime.date(2025, 1, 12)))
    clerking.record_attendance(past, Person.objects.get(name="Asha Patel"))
    clerking.record_declaration(past, Person.objects.get(name="Asha Patel"), "Trustee of a care charity")
    clerking.write_minute(past, "Winter pressures", resolutions=["The ICB to report back in March."])
    clerking.plan(panel, "Stroke services")
    later = clerking.create_meeting(panel, at(datetime.date(2025, 3, 9)))
    # axe brings its checker in as an inline script, which the site's policy refuses: set the policy aside here
    context = browser.new_context(bypass_csp=True)
    page = signed_in(context.new_page(), live_server.url)
    problems = []
    for path in [
        "/clerk/bodies/panel/",
        "/clerk/bodies/panel/members/",
        f"/clerk/meetings/{past.pk}/",
        f"/clerk/meetings/{past.pk}/attendance",
        f"/clerk/meetings/{later.pk}/approve",
        f"/clerk/meetings/{later.pk}/publish",
    ]:
        page.goto(f"{live_server.url}{path}")
        page.add_script_tag(content=axe)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {violation['id']} ({violation['impact']}): {violation['help']}")
    context.close()
    assert not problems, "\n".join(problems)
