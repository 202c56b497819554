"""What ``minutebook extract`` and ``minutebook figures`` share: read each file, print one JSON record of it.

Both only read: no database, no site settings (see ``minutebook.cli.READING_ONLY``). A file that cannot be read
is named on stderr with its problem and the others are still read; the command fails at the end if any failed.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutebook.sources.document import Document, SourceError
from minutebook.sources.read import read_document


class RecordCommand(BaseCommand):
    requires_system_checks = []

    def record(self, document: Document) -> dict:
        """The JSON record of one document."""
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--out", type=Path, help="folder to write NAME.json files into")

    def handle(self, *args, files, out, **options):
        if out:
            out.mkdir(parents=True, exist_ok=True)
        failed = 0
        for path in files:
            try:
                record = self.record(read_document(path))
            except SourceError as exc:
                self.stderr.write(f"error: {exc}")
                failed += 1
                continue
            text = json.dumps(record, indent=2, ensure_ascii=False)
            if out:
                (out / f"{path.stem}.json").write_text(text + "\n", encoding="utf-8")
            else:
                self.stdout.write(text)
        if failed:
            raise CommandError(f"{failed} of {len(files)} files could not be read")
        sys.stdout.flush()
