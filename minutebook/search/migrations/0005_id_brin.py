"""PostgreSQL: a BRIN index on the entries' ids, so a search reads the newest ids span by span (issue 15).

A search ranks the newest WINDOW matches of what is asked. For a word in a few thousand entries the GIN index
alone gave every match, each fetched from the table to keep the newest: work in proportion to the whole book,
and at national size (24 million entries, a table larger than memory) thousands of random reads of the disk.
Now the newest ids are read in spans (search.query.spans), each asked of the GIN index and of this index
together, so only the matches inside the span are fetched. The primary key can give a span's rows too, but
reads one index entry for every id in it (a span of a million ids: ~2,700 index pages); a BRIN index keeps one
summary (the least and greatest id) per 128 table pages, which entries appended in id order keep narrow, and
gives the pages of a span from a few hundred kilobytes at national size. ``autosummarize`` summarises newly
filled page ranges as they fill; until then a range counts as holding any id, which costs a few pages, never a
match. Entries written again into free space of old pages widen those pages' ranges: more pages are read for a
span, never a wrong one (each entry's id is checked again on its row). Nothing on SQLite, whose FTS5 index
walks its matches newest first itself.
"""

from django.db import migrations

from ._postgresql import only_on_postgresql

POSTGRES = [
    "CREATE INDEX search_entry_id_brin ON search_searchentry USING brin (id) "
    "WITH (pages_per_range = 128, autosummarize = on)"
]
POSTGRES_REVERSE = ["DROP INDEX search_entry_id_brin"]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_document_inline")]

    operations = [migrations.RunPython(only_on_postgresql(POSTGRES), only_on_postgresql(POSTGRES_REVERSE))]
