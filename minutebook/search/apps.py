from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "minutebook.search"
    verbose_name = "Search"

    def ready(self):
        from minutebook.governance import importing

        from . import index

        index.connect_signals()
        importing.BATCHES.append(index.batch)
