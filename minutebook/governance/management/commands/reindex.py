from django.core.management.base import BaseCommand

from minutebook.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the records."

    def handle(self, *args, **options):
        self.stdout.write(f"Indexed {rebuild():,} records.")
