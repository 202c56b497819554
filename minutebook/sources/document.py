"""The one shape every reader produces: a document as numbered lines on pages.

Extraction never cares whether the text came from a PDF, a Word file or a
saved web page; it sees a ``Document``. Line numbers are those of the text as
read (1-based), so a record can always point back to where it was printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class SourceError(Exception):
    """A file that cannot be read as a document; the message names the file."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    page: int | None
    text: str


@dataclass
class Document:
    name: str
    lines: list[Line] = field(default_factory=list)
    media_type: str = "text/plain"

    @property
    def page_count(self) -> int:
        return max((ln.page or 0 for ln in self.lines), default=0)
