"""jobs 0004: the figure check's jobs, queued or done under the job's old path, follow it to ``jobs.tasks``."""

from __future__ import annotations

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from minutebook.jobs.tasks import check_figures_of, reindex

from ..migrating import migrate, migrate_to_latest

BEFORE = ("jobs", "0003_jobs_by_kind_and_time")
OLD_PATH = "minutebook.figurechecks.storing.check_figures_of"


@pytest.mark.django_db(transaction=True)
def test_the_figure_checks_queued_and_done_take_the_jobs_new_path():
    migrate([BEFORE])  # the library's table is as it was: only this app's migration is undone
    waiting, done = (DBTaskResult.objects.get(pk=check_figures_of.enqueue(n).id) for n in (7, 8))
    other = DBTaskResult.objects.get(pk=reindex.enqueue().id)
    DBTaskResult.objects.filter(pk__in=[waiting.pk, done.pk]).update(task_path=OLD_PATH)
    DBTaskResult.objects.filter(pk=done.pk).update(status=TaskResultStatus.SUCCESSFUL)

    migrate_to_latest()
    paths = dict(DBTaskResult.objects.values_list("pk", "task_path"))
    assert check_figures_of.module_path == "minutebook.jobs.tasks.check_figures_of" != OLD_PATH
    assert paths[waiting.pk] == paths[done.pk] == check_figures_of.module_path
    assert paths[other.pk] == reindex.module_path

    migrate([BEFORE])  # and back again
    assert DBTaskResult.objects.get(pk=waiting.pk).task_path == OLD_PATH
    migrate_to_latest()
