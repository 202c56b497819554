"""``minutebook import PATH...``: files and folders of packs into the minute book."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutebook.governance.importing import import_file, settle_originals
from minutebook.governance.management.batch import files_under, report, run_batch


class Command(BaseCommand):
    help = "Import meeting packs (PDF, Word, saved web pages, text) from files and folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths, **options):
        files = files_under(paths)
        if not files:
            raise CommandError("no documents found in " + ", ".join(map(str, paths)))
        settle_originals()  # what an import killed mid-document left in the file store
        report(self, run_batch(self, files, import_file))
