"""Records: a queryset of one model's records compiled once, as a :class:`Statement`, and read back as instances.

An import asks the same handful of questions of every document (the meetings of a body on a day, the agenda
items of a meeting, the council's people ...) and changes the records it finds. Building and compiling those
querysets took the ORM longer than the database took to answer them; a Statement keeps the SQL, and each row is
made an instance as the ORM makes it (``Model.from_db`` over every concrete field, Django's conversions applied),
so what the caller holds is what iterating the queryset would have given it.
"""

from __future__ import annotations

from django.db import connection

from .statements import Statement


class Records:
    """``build()``: the queryset (its conditions taking :class:`Given` values, its ordering kept), run by
    :meth:`all` with the values of each call."""

    def __init__(self, build):
        self.build = build
        self.model = None
        self.names: list[str] = []
        self.statement = Statement(self._rows, converted=True)

    def _rows(self):
        records = self.build()
        self.model = records.model
        self.names = [f.attname for f in records.model._meta.concrete_fields]
        return records.values_list(*self.names)

    def all(self, values=None, **given) -> list:
        rows = self.statement.rows(values, **given)
        model, names, alias = self.model, self.names, connection.alias
        return [model.from_db(alias, names, row) for row in rows]

    def first(self, values=None, **given):
        """The first record in the queryset's order, or None (the queryset's ``first()`` when it is ordered)."""
        found = self.all(values, **given)
        return found[0] if found else None
