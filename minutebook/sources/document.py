"""The one shape every reader produces: a document as numbered lines on pages.

Extraction never cares whether the text came from a PDF, a Word file or a
saved web page; it sees a ``Document``. Line numbers are those of the text as
read (1-based), so a record can always point back to where it was printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Limits that keep one hostile or broken file from taking the machine: each is far above what a council
# pack needs (a 400-page pack is about 25,000 lines and 2 MB of text) and each refusal says which was hit.
MAX_LINES = 100_000
MAX_TEXT_BYTES = 32 * 1024 * 1024  # a text file or web page; above this it is not a pack but a dump
MAX_DEPTH = 400  # elements nested inside each other (a real web page: under 40)


class SourceError(Exception):
    """A file that cannot be read as a document; the message names the file."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


def too_many_lines(name: str, count: int | str) -> SourceError:
    """The one refusal every reader gives when a file would make more lines than a document can have."""
    return SourceError(name, f"has {count} lines or paragraphs, over the limit of {MAX_LINES:,}")


# Not frozen, though nothing changes a line once read: a frozen dataclass sets each field through
# object.__setattr__, four times the cost of a plain one, and a document makes a line for every line it reads.
# The hash and equality are a frozen one's (by value).
@dataclass(slots=True, unsafe_hash=True)
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
