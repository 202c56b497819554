from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "minutebook.jobs"
    verbose_name = "Background work"
