from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "minutebook.web"
    verbose_name = "Public site"
