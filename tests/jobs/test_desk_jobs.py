"""The desk's work on the queue: publishing packs and the figure check after an import, each run by a worker
when one is alive and by the process that asked when none is, set aside with its error when it fails, and
run again when its worker was killed; the desk and the admin show where each job is."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from minutebook.figurechecks.models import FigureCheck
from minutebook.governance.importing import import_file
from minutebook.governance.models import Body, Meeting, Organisation, SourceDocument
from minutebook.jobs.queue import leaving_to_workers
from minutebook.jobs.tasks import check_figures_of, publish_packs
from minutebook.publishing import pack

from ..figurechecks.conftest import PACK
from ..publishing import test_pack
from .test_queue import WORKER, no_pause  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

meeting = test_pack.meeting  # the publishing tests' meeting: papers, one item exempt  # jobs run after commit; the worker closes connections


@pytest.fixture
def clerk(meeting):
    user = User.objects.create_user("clerk")
    meeting.body.clerks.add(user)
    return user


@pytest.fixture
def desk(client, clerk):
    client.force_login(clerk)
    return client


def publish(desk, meeting) -> str:
    """Confirm the preview, as the clerk's button does; the meeting page it leads back to."""
    return desk.post(f"/clerk/meetings/{meeting.pk}/publish", {"confirm": "1"}, follow=True).content.decode()


def section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</section>", start)]


def jobs(defined):
    return DBTaskResult.objects.filter(task_path=defined.module_path)


def interrupted(job, worker) -> None:
    """The job as a killed worker left it: claimed, running."""
    job.claim(worker.worker_id)


def test_with_no_worker_alive_the_request_publishes_the_packs_through_the_job(desk, clerk, meeting):
    page = publish(desk, meeting)
    [job] = jobs(publish_packs)
    assert job.status == TaskResultStatus.SUCCESSFUL and job.args_kwargs["args"] == [meeting.pk, clerk.pk]
    assert {p.issued_by for p in meeting.packs.all()} == {clerk}
    assert sorted(job.return_value) == sorted(meeting.packs.values_list("pk", flat=True))
    assert meeting.packs.count() == 2  # the public pack and the members' private one
    shown = section(page, "publish")
    assert "Published: " in page and "Done" in shown and "hx-get" not in shown
    assert all(f"/packs/{p.pk}.pdf" in shown for p in meeting.packs.all())


def test_with_a_worker_alive_publishing_waits_for_it_and_the_desk_follows(desk, meeting, worker_alive):
    shown = section(publish(desk, meeting), "publish")
    assert not meeting.packs.exists() and jobs(publish_packs).get().status == TaskResultStatus.READY
    assert "Waiting for a worker" in shown and "hx-get" in shown and "Preview" not in shown
    assert "already being published" in publish(desk, meeting) and jobs(publish_packs).count() == 1
    work = section(desk.get("/clerk/").content.decode(), "work")
    assert meeting.body.name in work and "Waiting for a worker" in work

    call_command(*WORKER, "--batch", verbosity=0)
    shown = desk.get(f"/clerk/meetings/{meeting.pk}/publishing", HTTP_HX_REQUEST="true").content.decode()
    assert meeting.packs.count() == 2 and "Done" in shown and "hx-get" not in shown
    assert all(f"/packs/{p.pk}.pdf" in shown for p in meeting.packs.all())
    assert "Preview a supplementary pack" in shown
    publish(desk, meeting)  # nothing changed since: the job issues nothing new
    assert meeting.packs.count() == 2


def test_a_failed_publication_is_set_aside_with_its_error_for_the_clerk_and_the_administrators(
    desk,
    meeting,
    monkeypatch,
    admin_client,
):
    def broken(meeting, user=None):
        raise RuntimeError("the PDF assembler ran out of disk")

    monkeypatch.setattr(pack, "publish", broken)
    page = publish(desk, meeting)
    [job] = jobs(publish_packs)
    assert job.status == TaskResultStatus.FAILED and len(job.worker_ids) == 1  # no worker to try again later
    assert "Publishing failed: RuntimeError: the PDF assembler ran out of disk" in page
    assert "Failed" in section(page, "publish") and "the PDF assembler ran out of disk" in section(
        page, "publish"
    )
    assert "the PDF assembler ran out of disk" in section(desk.get("/clerk/").content.decode(), "work")
    listed = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?status=FAILED"
    )
    assert (
        "publish_packs" in listed.content.decode()
        and "the PDF assembler ran out of disk" in listed.content.decode()
    )


def test_a_publication_failing_in_a_worker_is_tried_again_then_set_aside(
    desk, meeting, monkeypatch, worker_alive
):
    monkeypatch.setattr(pack, "publish", lambda meeting, user=None: 1 / 0)
    publish(desk, meeting)
    call_command(*WORKER, "--batch", verbosity=0)
    job = jobs(publish_packs).get()
    assert job.status == TaskResultStatus.FAILED and len(job.worker_ids) == 2
    assert job.exception_class_path == "builtins.ZeroDivisionError"


def test_publishing_whose_worker_was_killed_is_run_again(desk, meeting, worker_alive, killed_worker):
    publish(desk, meeting)
    interrupted(jobs(publish_packs).get(), killed_worker)
    call_command(*WORKER, "--batch", verbosity=0)
    job = jobs(publish_packs).get()
    assert job.status == TaskResultStatus.SUCCESSFUL and job.worker_ids[0] == killed_worker.worker_id
    assert meeting.packs.count() == 2


@pytest.fixture
def imported(settings, tmp_path):
    """The figure checks' own pack, imported (not yet checked when a worker is alive)."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    assert import_file(PACK).status == "imported"
    return Meeting.objects.get()


def test_with_no_worker_alive_the_import_checks_the_figures_itself(imported, client):
    job = jobs(check_figures_of).get()
    assert job.status == TaskResultStatus.SUCCESSFUL and job.return_value.endswith(" flags")
    assert "250 → 400" in client.get(imported.get_absolute_url()).content.decode()


@pytest.fixture
def clerk_of_the_import(worker_alive, imported, client):
    """A clerk of the imported meeting's body, at the desk, and a clerk of another body."""
    user = User.objects.create_user("imports-clerk")
    imported.body.clerks.add(user)
    other = Body.objects.create(
        organisation=Organisation.objects.create(name="Elsewhere Council"),
        name="Elsewhere Board",
        slug="elsewhere",
    )
    other.clerks.add(User.objects.create_user("other-clerk"))
    client.force_login(user)
    return client


def test_with_a_worker_alive_the_figure_check_waits_for_it_and_the_desk_shows_it(
    clerk_of_the_import, imported, client
):
    job = jobs(check_figures_of).get()
    assert job.status == TaskResultStatus.READY and not FigureCheck.objects.exists()
    work = section(clerk_of_the_import.get("/clerk/").content.decode(), "work")
    assert PACK.name in work and "Waiting for a worker" in work
    client.force_login(User.objects.get(username="other-clerk"))
    assert PACK.name not in section(client.get("/clerk/").content.decode(), "work")  # not their body's

    call_command(*WORKER, "--batch", verbosity=0)
    assert jobs(check_figures_of).get().status == TaskResultStatus.SUCCESSFUL
    assert "250 → 400" in client.get(imported.get_absolute_url()).content.decode()
    client.force_login(User.objects.get(username="imports-clerk"))
    assert PACK.name not in section(client.get("/clerk/").content.decode(), "work")  # done: nothing to show


def test_a_figure_check_whose_worker_was_killed_is_run_again(worker_alive, killed_worker, imported):
    interrupted(jobs(check_figures_of).get(), killed_worker)
    call_command(*WORKER, "--batch", verbosity=0)
    job = jobs(check_figures_of).get()
    assert job.status == TaskResultStatus.SUCCESSFUL and len(job.worker_ids) == 2
    assert FigureCheck.objects.filter(document__name=PACK.name).exists()


def test_with_no_worker_alive_an_upload_is_imported_in_the_request_and_the_desk_shows_it_done(
    desk, settings, tmp_path
):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    with PACK.open("rb") as sent:
        page = desk.post("/clerk/uploads/", {"files": [sent]}, follow=True).content.decode()
    assert "Summary" in page and "1 new meetings" in page and "Importing:" not in page
    work = section(desk.get("/clerk/").content.decode(), "work")
    assert "1 file, all done" in work
    imported = SourceDocument.objects.get(name=PACK.name)
    assert jobs(check_figures_of).get(args_kwargs__args__0=imported.pk).status == TaskResultStatus.SUCCESSFUL


def test_an_upload_stated_as_a_councils_papers_is_imported_as_its_own(desk, settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    form = desk.get("/clerk/uploads/").content.decode()
    assert 'name="council"' in form and "Council (optional)" in form
    with PACK.open("rb") as sent:
        page = desk.post("/clerk/uploads/", {"files": [sent], "council": " Fenmoor Council "}, follow=True)
    assert "Imported as the papers of Fenmoor Council." in page.content.decode()
    imported = SourceDocument.objects.get(name=PACK.name)
    assert imported.council == "Fenmoor Council"
    assert {m.body.organisation.name for m in Meeting.objects.filter(source=imported)} == {"Fenmoor Council"}
    assert '<option value="Fenmoor Council">' in desk.get("/clerk/uploads/").content.decode()


def test_imports_leaving_their_figure_checks_to_the_workers_show_them_once_a_worker_has_run(
    settings, tmp_path, client
):
    """``queue.leaving_to_workers`` (the benchmark's import alone): the check waits, though no worker is alive,
    and once one has run it the meeting page shows what it found, as after a check run straight away."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    with leaving_to_workers():
        assert import_file(PACK).status == "imported"
    meeting = Meeting.objects.get()
    job = jobs(check_figures_of).get()
    assert job.status == TaskResultStatus.READY and not FigureCheck.objects.exists()
    assert "250 → 400" not in client.get(meeting.get_absolute_url()).content.decode()
    call_command(*WORKER, "--batch", verbosity=0)
    assert jobs(check_figures_of).get().status == TaskResultStatus.SUCCESSFUL
    assert "250 → 400" in client.get(meeting.get_absolute_url()).content.decode()
