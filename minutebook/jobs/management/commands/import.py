"""``minutebook import PATH...``: files and folders of packs into the minute book, here or by the workers.

With the queue's commands (``worker``, ``reimport``, ``reindex``): a command that may leave its work to the
workers sits above both the domain and the queue.
"""

import functools
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutebook.governance import reading
from minutebook.governance.importing import import_file, settle_originals
from minutebook.governance.management.batch import files_under, report, run_batch, say_skipped
from minutebook.jobs.tasks import queue_import
from minutebook.jobs.worker import importers_here
from minutebook.lifetime import keep_loaded


class Command(BaseCommand):
    help = "Import meeting packs (PDF, Word, saved web pages, text) from files and folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Leave the imports to `minutebook worker` processes (the paths must be readable by them).",
        )
        parser.add_argument(
            "--council",
            default="",
            metavar="NAME",
            help='The council whose papers these are ("Leicester City Council"), for papers gathered from one '
            "council's site: saved web pages often print no council's name. Without it, each document is "
            "the paper of the council it names most often.",
        )

    def handle(self, *args, paths, queue, council, **options):
        if council and not council.strip():
            raise CommandError("--council: the council's name is blank")
        if len(council.strip()) > 200:
            raise CommandError("--council: a council's name is at most 200 characters")
        files, skipped = files_under(paths)
        say_skipped(self, skipped)
        if not files:
            raise CommandError("no documents found in " + ", ".join(map(str, paths)))
        if queue:
            batch = queue_import([(path.resolve(), path.name, False) for path in files], council=council)
            self.stdout.write(
                f"queued {len(files)} documents (import batch {batch.pk}): `minutebook worker` imports them; "
                f"their progress is on the clerk's desk under Uploads"
            )
            return
        settle_originals()  # what an import killed mid-document left in the file store
        keep_loaded()
        following = reading.read_next if reading.pays(importers_here() + 1) else None
        report(
            self, run_batch(self, files, functools.partial(import_file, council=council), following=following)
        )
