"""The figure check's job moved from ``figurechecks.storing`` to ``jobs.tasks`` (so that the domain never imports
the queue): its jobs, waiting or done, take the new path, so a waiting one still runs and a done one is still
shown on the clerk's desk (``jobs.following`` finds a kind of job by its path)."""

from django.db import migrations

OLD = "minutebook.figurechecks.storing.check_figures_of"
NEW = "minutebook.jobs.tasks.check_figures_of"


def moved(old: str, new: str):
    def move(apps, schema_editor):
        jobs = apps.get_model("django_tasks_database", "DBTaskResult")
        jobs.objects.filter(task_path=old).update(task_path=new)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_jobs_by_kind_and_time"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(moved(OLD, NEW), moved(NEW, OLD))]
