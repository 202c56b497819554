"""``minutebook checkfigures``: check the figures of every stored document again (after a checker change)."""

from django.core.management.base import BaseCommand, CommandError

from minutebook.governance.models import Pack, SourceDocument
from minutebook.sources.document import SourceError

from ...storing import check_document, summary


class Command(BaseCommand):
    help = "Check the figures of every stored document (or those given by id) and store tables and flags."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="document ids (default: every document)")

    def handle(self, *args, ids, **options):
        documents = SourceDocument.objects.exclude(pk__in=Pack.objects.values("document")).order_by("pk")
        if ids:
            documents = documents.filter(pk__in=ids)
        failed = 0
        for source in documents:
            try:
                check = check_document(source)
            except (OSError, SourceError) as exc:
                self.stderr.write(f"error: {source.name}: {exc}")
                failed += 1
                continue
            self.stdout.write(summary(source, check))
        if failed:
            raise CommandError(f"{failed} of {len(documents)} documents could not be checked")
