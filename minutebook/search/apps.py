from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "minutebook.search"
    verbose_name = "Search"

    def ready(self):
        from . import index

        index.connect_signals()
