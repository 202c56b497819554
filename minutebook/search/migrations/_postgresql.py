"""What the search migrations run on PostgreSQL only (Django's migration loader skips modules named with "_")."""


def only_on_postgresql(statements):
    """A RunPython function running these statements on PostgreSQL and nothing elsewhere: SQLite's full-text index
    is FTS5, which has no tsvector and needs none of PostgreSQL's indexes."""

    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply
