"""Writing many new rows of one model at once: what an import's records, search entries and audit entries take.

``bulk_create`` on PostgreSQL sends the rows as one ``INSERT ... SELECT * FROM UNNEST(arrays)``, each value
quoted into the statement's text by Python: for an import's hundreds of rows (and its pages of search text) that
quoting cost more than the database's work. Here PostgreSQL takes them by ``COPY``, the values encoded by
psycopg's C code, and the primary keys are taken from the table's sequence first (one statement), so the
instances have them, as after ``bulk_create``, for the records that hang from them. Other databases use
``bulk_create``.
"""

from __future__ import annotations

import time
from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.dispatch import Signal

# Sent once for all the records of one model an import wrote together (``sender``: the model, ``instances``: them),
# where a ``save()`` of each would have sent ``post_save`` for each: what the audit trail, the search index and
# the records' containers do on a record's creation, they do here for the batch.
created = Signal()


def number(batches: list[tuple]) -> None:
    """Give the new instances of each (model, instances) batch their primary keys, from the tables' sequences, in
    one statement, in the order given (on PostgreSQL; other databases number the rows ``insert`` writes)."""
    batches = [(model, objs) for model, objs in batches if objs]
    if connection.vendor != "postgresql" or not batches:
        return
    parts, params = [], []
    for n, (model, objs) in enumerate(batches):
        # the sequence named once a table (as a regclass), not looked up again in the catalogue for every key
        parts.append(
            f"SELECT {n}, nextval(s.seq) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq OFFSET 0) s, "
            "generate_series(1, %s)"
        )
        params += [model._meta.db_table, model._meta.pk.column, len(objs)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        taken = defaultdict(list)
        for n, key in cursor.fetchall():
            taken[n].append(key)
    for n, (_, objs) in enumerate(batches):
        for obj, key in zip(objs, sorted(taken[n]), strict=True):
            obj.pk = key


def insert(model, objs: list, *, keys: bool = True) -> None:
    """Write these new instances of ``model``, as ``bulk_create`` would: each field's value prepared the same
    way (defaults, ``auto_now``, a parent saved since the instance was made), and with ``keys`` each given its
    primary key. Without ``keys`` the database numbers the rows and the instances do not learn them."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=500)
        return
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: its proxy costs a lookup a value
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    if keys:
        number([(model, [o for o in objs if o.pk is None])])
        fields = [meta.pk, *fields]
    with connection.cursor() as cursor:
        values = [_value_of(f, db) for f in fields]
        rows = [[value(obj) for value in values] for obj in objs]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        start = time.monotonic()
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        if db.queries_logged:  # counted with the statements Django sends (tests, the benchmark's count)
            db.queries_log.append(
                {"sql": f"{statement} ({len(rows)} rows)", "time": f"{time.monotonic() - start:.3f}"}
            )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db.alias


# Fields whose value, already of this type, is what Django would send for it (``get_db_prep_save`` of a str is the
# str, of an int the int, wrapped on PostgreSQL for binding and written by COPY as the same text), and whose
# ``pre_save`` reads the attribute: an import's rows are mostly these, and Django's three calls a value for them
# were a good part of writing a batch.
PLAIN = {
    models.CharField: str,
    models.TextField: str,
    models.SlugField: str,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.AutoField: int,
    models.BigAutoField: int,
    models.BooleanField: bool,
    models.ForeignKey: int,
}


def _value_of(field, db):
    """A function giving the value COPY writes for ``field`` of an instance, as ``bulk_create`` would prepare it."""

    def prepared(obj):
        return field.get_db_prep_save(field.pre_save(obj, True), db)

    kind, attname, null = PLAIN.get(type(field)), field.attname, field.null
    if kind is None:
        return prepared

    def plain(obj):
        value = getattr(obj, attname)
        if type(value) is kind or (value is None and null):
            return value
        return prepared(
            obj
        )  # anything else (a bool for a number, a lazy string, a missing value) as Django does

    return plain
