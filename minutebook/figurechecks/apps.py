from django.apps import AppConfig


class FigureChecksConfig(AppConfig):
    name = "minutebook.figurechecks"
    verbose_name = "Figure checks"

    def ready(self):
        from minutebook.governance import audit

        from . import models

        # A clerk's explanation of a flag is a change to the minute book like any other: in the audit trail.
        audit.AUDITED.append(models.FigureFlag)
        audit.connect_signals()
