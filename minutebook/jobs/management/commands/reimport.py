"""``minutebook reimport``: extract every stored original again, after an extractor change."""

from django.core.management.base import BaseCommand

from minutebook.governance.importing import reimport, settle_originals
from minutebook.governance.management.batch import report, run_batch
from minutebook.governance.models import SourceDocument
from minutebook.jobs.tasks import reimport_document


class Command(BaseCommand):
    help = "Run extraction again over every stored original, with the same merge rules as import."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="One job per document, for the workers.")

    def handle(self, *args, queue, **options):
        sources = list(SourceDocument.objects.order_by("imported_at"))
        if queue:
            for source in sources:
                reimport_document.enqueue(source.pk)
            self.stdout.write(f"queued {len(sources)} documents to be read again")
            return
        settle_originals()
        report(self, run_batch(self, sources, reimport))
