"""PostgreSQL: each entry's tsvector kept in its row rather than in the TOAST table (search speed, issue 13).

A search ranks up to WINDOW of its newest matches with ts_rank, which reads each one's whole tsvector. A page
of a paper has a tsvector of about 3 KB, which PostgreSQL moves out of the row by default (past 2 KB): ranking
a common word then cost a TOAST index lookup and a chunk read for each of up to a thousand pages, four times
the rank itself. With STORAGE MAIN the tsvector stays in the row (compressed only if that saves a quarter,
moved out only if the row would not fit a page) and the page's text, searched never and read only for the
twenty hits shown, is what moves out instead.

The setting applies to rows written after it, so the entries already stored out of line are written again
(their tsvector, a generated column, is made again from the same text: nothing changes but where it lives).
Nothing to do on SQLite, whose FTS5 index holds no tsvector.
"""

from django.db import migrations

from ._postgresql import only_on_postgresql

POSTGRES = [
    "ALTER TABLE search_searchentry ALTER COLUMN document SET STORAGE MAIN",
    # pg_column_size reads a TOAST pointer's size without fetching the value: only the large entries are rewritten
    "UPDATE search_searchentry SET text = text WHERE pg_column_size(document) > 1800",
]
POSTGRES_REVERSE = ["ALTER TABLE search_searchentry ALTER COLUMN document SET STORAGE EXTENDED"]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_lighter_fts")]

    operations = [migrations.RunPython(only_on_postgresql(POSTGRES), only_on_postgresql(POSTGRES_REVERSE))]
