from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "minutebook.governance"
    verbose_name = "Minute book"

    def ready(self):
        from . import audit

        audit.connect_signals()
