"""``minutebook reimport``: extract every stored original again, after an extractor change."""

from django.core.management.base import BaseCommand

from minutebook.governance.importing import reimport, settle_originals
from minutebook.governance.management.batch import report, run_batch
from minutebook.governance.models import SourceDocument


class Command(BaseCommand):
    help = "Run extraction again over every stored original, with the same merge rules as import."

    def handle(self, *args, **options):
        settle_originals()
        report(self, run_batch(self, list(SourceDocument.objects.order_by("imported_at")), reimport))
