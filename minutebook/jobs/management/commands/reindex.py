from django.core.management.base import BaseCommand

from minutebook.jobs.tasks import reindex
from minutebook.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the records."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Leave it to a `minutebook worker`.")

    def handle(self, *args, queue, **options):
        if queue:
            self.stdout.write(f"queued re-indexing (job {reindex.enqueue().id})")
            return
        self.stdout.write(f"Indexed {rebuild():,} records.")
