"""PostgreSQL: the GIN index gives a word's matches within a span of ids itself (issue 15).

A search ranks the newest WINDOW matches of what is asked, and reads the newest ids span by span until it has
them (search.query.spans). Migration 0005 bounded a span with a BRIN index on id, ANDed with the word's matches
from the GIN index: the GIN index still read every one of the word's entries (150,000 for a word in 0.6% of a
national book of 24 million), and the BRIN bitmap, lossy, made PostgreSQL test every row of the span's pages.

Now each entry is indexed, beside its words, under the blocks of ids it falls in: 4,096 ids, 65,536, about a
million and about 16 million (``search_blocks``, one array value per size). A span is asked as the word AND any
of the few blocks that make it up, both in this one index, and GIN steps the word's list and the blocks' lists
forward together, skipping what lies outside the other: the word's entries before the span are never read, and
only the matches inside it are fetched from the table, each one exactly. The single-column GIN index and the
BRIN index are no longer needed: a search for words alone reads this index's first column as it read the old.

``search_blocks`` is IMMUTABLE (the same id is always in the same blocks), as an index expression must be, and
written in SQL so the planner inlines it and finds the index from the query's own ``search_blocks(e.id)``.
Nothing on SQLite, whose FTS5 index walks its matches newest first itself.
"""

from django.db import migrations

from ._postgresql import only_on_postgresql

POSTGRES = [
    # Block sizes 2^12, 2^16, 2^20 and 2^24 ids; a block's number shifted left two bits, its size in the two bits
    "CREATE FUNCTION search_blocks(bigint) RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN "
    "ARRAY[($1 >> 12) << 2, (($1 >> 16) << 2) | 1, (($1 >> 20) << 2) | 2, (($1 >> 24) << 2) | 3]",
    "CREATE INDEX search_document_blocks_idx ON search_searchentry USING gin (document, search_blocks(id))",
    "DROP INDEX search_document_idx",
    "DROP INDEX search_entry_id_brin",
    # The statistics of search_blocks(id), which PostgreSQL gathers for an index's expression, for the planner's
    # estimate of a span: without them it guessed a hundred times the matches
    "ANALYZE search_searchentry",
]
POSTGRES_REVERSE = [
    "CREATE INDEX search_entry_id_brin ON search_searchentry USING brin (id) "
    "WITH (pages_per_range = 128, autosummarize = on)",
    "CREATE INDEX search_document_idx ON search_searchentry USING GIN (document)",
    "DROP INDEX search_document_blocks_idx",
    "DROP FUNCTION search_blocks(bigint)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0005_id_brin")]

    operations = [migrations.RunPython(only_on_postgresql(POSTGRES), only_on_postgresql(POSTGRES_REVERSE))]
