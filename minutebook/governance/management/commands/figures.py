"""``minutebook figures``: print the tables and figure flags of each document. Needs no database."""

from minutebook.figures import check_figures

from ..reading import RecordCommand


class Command(RecordCommand):
    help = "Print the figures record (JSON) of each document; with --out, write DIR/NAME.json instead."

    def record(self, document):
        return check_figures(document).as_json()
