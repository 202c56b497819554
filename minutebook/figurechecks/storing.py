"""Checking a stored document's figures and keeping what was found.

Every imported document is checked once its import has committed, by a job of its own
(``jobs.tasks.check_figures_of``, queued from the document's ``post_save``): the import never waits on it in
its transaction, and a check that fails is set aside with its error (admin -> Task results, and the clerk's
desk) and never undoes or fails the import. ``minutebook checkfigures`` checks every stored document again.

Checking again replaces the tables; a flag raised again keeps its explanation, and an explained flag that is
no longer raised is kept (marked so) rather than lost.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import chain

from django.db import transaction
from django.utils import timezone

from minutebook.figures import check_figures
from minutebook.governance import audit
from minutebook.governance.models import SourceDocument

from .models import FigureCheck, FigureFlag, FigureTable

FLAG_FIELDS = ("description", "computed", "printed", "confidence", "note")


def plain(data):
    """JSON as stored: a figure computed by numpy or scipy becomes a plain number."""
    return json.loads(json.dumps(data, default=float))


def check_document(source: SourceDocument) -> FigureCheck:
    """Check one stored document's figures and store its tables and flags (raises if it cannot be read)."""
    record = check_figures(source.read())
    with transaction.atomic(), audit.batch():
        check, _ = FigureCheck.objects.update_or_create(
            document=source, defaults={"checked_at": timezone.now(), "checks": record.checked}
        )
        FigureTable.objects.filter(document=source).delete()
        FigureTable.objects.bulk_create(
            FigureTable(
                document=source,
                order=order,
                title=(table.title or "")[:500],
                unit=(table.unit or "")[:100],
                headers=table.headers,
                rows=plain([row.as_json() for row in table.rows]),
                first_line=table.lines[0],
                last_line=table.lines[1],
            )
            for order, table in enumerate(record.tables, start=1)
        )
        known = defaultdict(list)  # (kind, lines) -> the flags stored so: two checks may flag the same lines
        for flag in FigureFlag.objects.filter(document=source).order_by("pk"):
            known[(flag.kind, tuple(flag.lines))].append(flag)
        for found in record.flags:
            data = plain(found.as_json())
            values = {name: data.get(name) for name in FLAG_FIELDS} | {"note": data.get("note") or ""}
            same = known.get((found.kind, tuple(found.lines)))
            flag = same.pop(0) if same else None
            if flag is None:
                FigureFlag.objects.create(
                    document=source,
                    kind=found.kind,
                    lines=found.lines,
                    first_line=min(found.lines, default=0),
                    last_line=max(found.lines, default=0),
                    **values,
                )
            elif not flag.raised or any(getattr(flag, k) != v for k, v in values.items()):
                for name, value in values.items():
                    setattr(flag, name, value)
                flag.raised = True
                flag.save()
        for flag in chain.from_iterable(known.values()):  # no longer raised: an explanation is kept, a bare flag goes
            if flag.explained:
                if flag.raised:
                    flag.raised = False
                    flag.save(update_fields=["raised"])
            else:
                flag.delete()
    return check


def summary(source: SourceDocument, check: FigureCheck) -> str:
    """What a check found, in one line (``checkfigures`` prints it, the job returns it)."""
    tables = source.figure_tables.count()
    flags = source.figure_flags.filter(raised=True).count()
    return f"{source.name}: {tables} tables, {check.checks} checks, {flags} flags"
