"""``minutebook extract``: print the pack record of each document. Needs no database."""

from minutebook.extract.pack import extract

from ..reading import RecordCommand


class Command(RecordCommand):
    help = "Print the pack record (JSON) of each document; with --out, write DIR/NAME.json instead."

    def record(self, document):
        return extract(document).as_json()
