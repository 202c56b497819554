"""Statements: ``values_list`` querysets compiled to SQL once per process, their values given when they run.

A page that asks a dozen querysets, each with the visibility rules in it, spent more of its time building and
compiling them than the database spent running them. A Statement keeps the compiled SQL: the values that change
from request to request are :class:`Given` (one value, e.g. the meeting) or :class:`AnyOf` (a page's ids, as ONE
parameter, so the SQL text is the same whatever the page). On PostgreSQL each statement is also prepared once per
database session, so the server does not plan it again on every run (``MINUTEBOOK_PG_PREPARE``).
"""

from __future__ import annotations

import functools
import itertools
import weakref
from collections import namedtuple

import orjson
from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Func, QuerySet
from django.db.models.expressions import Expression


class Slot:
    """Where a :class:`Statement`'s SQL takes a value given when it runs: by ``name``, prepared for the database
    as ``field`` prepares it; ``many``: the page's values as one parameter (:class:`AnyOf`)."""

    def __init__(self, name: str, field=None, many: bool = False):
        self.name, self.field, self.many = name, field, many

    def value(self, given: dict):
        value = given[self.name]
        if self.many:
            if connection.vendor != "postgresql":
                return orjson.dumps(list(value)).decode()
            values = list(value)
            if all(type(v) is int for v in values):
                return array_text(values)
            return values
        return self.field.get_db_prep_value(value, connection)


def array_text(values) -> str:
    """Ids (or words without commas, quotes or braces) as the text of a PostgreSQL array, which the server reads
    as the parameter's array type: the driver's quoting of a list, item by item, cost a millisecond a statement."""
    return "{" + ",".join(map(str, values)) + "}"


class Given(Expression):
    """A value a :class:`Statement` is given by ``name`` each time it runs, e.g. ``pk__gt=Given("after", ...)``."""

    def __init__(self, name: str, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", (Slot(self.name, self.output_field),)


class AnyOf(Func):
    """``expression`` is one of the page's values (the Statement's ``values``), all given as ONE parameter: a
    list on PostgreSQL (``= ANY(%s)``), a JSON array on SQLite (``json_each``). The SQL text is then the same
    for every page, whatever its values, and is compiled once (:class:`Statement`)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        many = Slot("values", many=True)
        if connection.vendor == "postgresql":
            return f"{sql} = ANY(%s)", (*params, many)
        return f"{sql} IN (SELECT value FROM json_each(%s))", (*params, many)


# The statements prepared in each PostgreSQL session (:meth:`Statement._prepared`), forgotten with the session.
_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_NUMBERS = itertools.count(1)


class Statement:
    """A ``values_list`` queryset whose values come at run time (:class:`AnyOf`, :class:`Given`), compiled to
    SQL on first use and then run with a cursor: building and compiling a page's querysets cost more than running
    them. Every condition of the queryset (the visibility rules above all) is in the SQL, applied by the database
    on every run. Rows come back as tuples of the fields asked for (``named``: named tuples), as the database
    gives them (booleans as 0/1 on SQLite, date-times best read as text: :class:`UtcSecond`), unless
    ``converted`` (Django's conversions, for the few rows whose date-times a writer takes as datetimes)."""

    def __init__(self, build, named: bool = False, converted: bool = False):
        self.build = build
        self.name = f"minutebook_{next(_NUMBERS)}"  # its name when prepared: every Statement its own
        self.named = named
        self.converted = converted

    @functools.cached_property
    def _compiled(self):
        rows: QuerySet = self.build()
        query = rows.query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots = [(index, p) for index, p in enumerate(params) if isinstance(p, Slot)]
        # The columns as selected (by their aliases) and as asked for (values_list), should they differ.
        columns = compiler.select[: compiler.col_count]
        selected = [alias for _, _, alias in columns]
        asked = list(rows._fields) or selected
        make = namedtuple("Row", [name.replace("__", "_") for name in asked])._make if self.named else tuple
        order = None if selected == asked else [selected.index(name) for name in asked]
        converters = compiler.get_converters([column for column, _, _ in columns])
        return sql, list(params), slots, make, order, converters, compiler

    def _prepared(self, cursor, sql: str, count: int) -> str:
        """On PostgreSQL, the statement prepared once per database session (PREPARE) and then run by name:
        planning a page's statements anew each time cost the server about a quarter of its work on the page.
        Behind a pooler that hands each transaction a different server session (PgBouncer's transaction mode),
        set ``MINUTEBOOK_PG_PREPARE = False``: the statements are then planned on every run."""
        session = connection.connection
        names = _PREPARED.setdefault(session, set())
        name = self.name
        if name not in names:
            cursor.execute(f"PREPARE {name} AS {sql % tuple(f'${n}' for n in range(1, count + 1))}")
            names.add(name)
        return f"EXECUTE {name}({', '.join(['%s'] * count)})" if count else f"EXECUTE {name}"

    def rows(self, values=None, **given) -> list:
        """The rows for ``values`` (:class:`AnyOf`; none: no rows) and the ``given`` values (:class:`Given`)."""
        sql, params, slots, make, order, converters, compiler = self._compiled
        params = list(params)  # the compiled list is every thread's
        if values is not None:
            if not values:
                return []
            given["values"] = values
        for index, slot in slots:
            params[index] = slot.value(given)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and settings.MINUTEBOOK_PG_PREPARE:
                cursor.execute(self._prepared(cursor, sql, len(params)), params)
            else:
                cursor.execute(sql, params)
            found = cursor.fetchall()
        if self.converted and converters:
            found = compiler.apply_converters(found, converters)
        if order:
            return [make(map(row.__getitem__, order)) for row in found]
        return list(map(make, found)) if self.named else found
