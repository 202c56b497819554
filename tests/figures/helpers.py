from minutebook.figures import check_figures
from minutebook.figures.tables import find_tables
from minutebook.sources.text import read_text


def document(text: str, name: str = "pack.txt"):
    return read_text(text.encode("utf-8"), name)


def tables_of(text: str):
    return find_tables(document(text))


def flags_of(text: str, kind: str | None = None) -> list:
    flags = check_figures(document(text)).flags
    return [f for f in flags if kind is None or f.kind == kind]
