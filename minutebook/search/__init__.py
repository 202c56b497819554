"""The full-text index: one table of entries, searched with SQLite FTS5 or PostgreSQL full-text search."""
