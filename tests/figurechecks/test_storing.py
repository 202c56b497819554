"""Figures and flags are stored with their lines when a document is imported, and kept through a re-check."""

import io
import re

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from minutebook.figurechecks import storing
from minutebook.figurechecks.models import FigureCheck, FigureFlag, FigureTable
from minutebook.governance.importing import import_file
from minutebook.governance.models import Meeting, SourceDocument
from minutebook.jobs.tasks import check_figures_of
from minutebook.publishing.pack import publish

from .conftest import PACK, line_of

pytestmark = pytest.mark.django_db


def test_an_import_stores_the_tables_and_the_flags_with_their_lines(pack):
    assert FigureCheck.objects.get(document=pack).checks > 0
    visits = FigureTable.objects.get(document=pack, title__startswith="Table 1")
    assert (visits.first_line, visits.last_line) == (line_of("Locality\tQuarter 1"), line_of("Hillcrest"))
    assert [row["label"] for row in visits.rows] == ["Northfield", "Riverside", "Hillcrest"]
    assert visits.rows[2]["cells"][3]["value"] == 41

    total = FigureFlag.objects.get(document=pack, kind="sum")
    assert line_of("Hillcrest") in total.lines and (total.computed, total.printed) == (33, 41)
    change = FigureFlag.objects.get(document=pack, kind="pct_change")
    assert change.lines == [line_of("an increase of 40%")]
    assert round(change.computed) == 60 and change.printed == 40
    # the document belongs to the meeting its agenda was read from
    assert Meeting.objects.get(source=pack).start.date().isoformat() == "2024-03-07"


def test_checking_again_keeps_an_explanation_and_never_loses_an_explained_flag(pack):
    change = FigureFlag.objects.get(document=pack, kind="pct_change")
    change.explanation = "The report meant the share of referrals seen within a week."
    change.save()
    stale = FigureFlag.objects.create(
        document=pack, kind="sum", lines=[3], first_line=3, last_line=3, description="An old flag",
        explanation="Checked with the author.",
    )
    before = set(FigureFlag.objects.filter(document=pack).exclude(pk=stale.pk).values_list("pk", flat=True))

    storing.check_document(pack)

    change.refresh_from_db()
    stale.refresh_from_db()
    assert change.raised and change.explanation.startswith("The report meant")
    assert not stale.raised and stale.explanation == "Checked with the author."
    assert set(FigureFlag.objects.filter(document=pack, raised=True).values_list("pk", flat=True)) == before


def test_a_failing_figure_check_never_fails_the_import_and_is_set_aside_with_its_error(
        settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    settings.MINUTEBOOK_FILES = tmp_path / "files"

    def broken(document):
        raise ValueError("the checker tripped")

    monkeypatch.setattr(storing, "check_figures", broken)
    with django_capture_on_commit_callbacks(execute=True):  # no worker alive: the importing process runs it
        outcome = import_file(PACK)
    assert outcome.status == "imported"
    assert SourceDocument.objects.count() == 1 and not FigureCheck.objects.exists()
    [job] = DBTaskResult.objects.filter(task_path=check_figures_of.module_path)
    assert job.status == TaskResultStatus.FAILED and job.args_kwargs["args"] == [SourceDocument.objects.get().pk]
    assert job.exception_class_path == "builtins.ValueError" and "the checker tripped" in job.traceback


def test_a_published_pack_is_not_checked_itself(pack, django_capture_on_commit_callbacks):
    meeting = Meeting.objects.get()
    with django_capture_on_commit_callbacks(execute=True) as done:
        publish(meeting)
    assert done  # the pack's document was saved, and its figures would have been checked on commit
    assert not DBTaskResult.objects.filter(
        task_path=check_figures_of.module_path, args_kwargs__args__0=meeting.packs.get().document_id
    ).exists()


def test_checkfigures_checks_every_stored_document_again(pack):
    FigureFlag.objects.filter(document=pack).delete()
    out = io.StringIO()
    call_command("checkfigures", stdout=out)
    assert re.fullmatch(r"wellbeing_pack.txt: 2 tables, \d+ checks, 2 flags", out.getvalue().strip())
    assert FigureFlag.objects.filter(document=pack).count() == 2
