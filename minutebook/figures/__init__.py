"""Checking the figures in a pack: tables found, re-derived, and flagged where they disagree.

Pure: a ``Document`` in, a ``FiguresRecord`` out, no database and no Django, so
that the same code serves the ``minutebook figures`` command, importing, and
tests. ``check_figures(document)`` is the entry point.
"""

from .check import check_figures
from .record import FiguresRecord, Flag

__all__ = ["FiguresRecord", "Flag", "check_figures"]
