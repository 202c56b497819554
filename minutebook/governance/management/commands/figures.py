"""``minutebook figures``: print the tables and figure flags of each document. Needs no database."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutebook.figures import check_figures
from minutebook.sources.document import SourceError
from minutebook.sources.read import read_document


class Command(BaseCommand):
    help = "Print the figures record (JSON) of each document; with --out, write DIR/NAME.json instead."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--out", type=Path, help="folder to write NAME.json files into")

    def handle(self, *args, files, out, **options):
        if out:
            out.mkdir(parents=True, exist_ok=True)
        failed = 0
        for path in files:
            try:
                record = check_figures(read_document(path)).as_json()
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
