from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "minutebook.jobs"
    verbose_name = "Background work"

    def ready(self):
        from . import tasks

        tasks.connect_signals()  # each imported document's figure check, queued once its import commits
