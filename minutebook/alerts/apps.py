from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "minutebook.alerts"
    verbose_name = "Alerts"
