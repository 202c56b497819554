"""What checking a document's figures produces: its tables and the flags raised on them.

Every table and every flag carries the lines it came from, so that it can be
stored beside the document and shown with the printed lines highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .tables import Table

FORMAT = "minutebook-figures/1"


@dataclass
class Flag:
    """A re-derivation that does not agree with what is printed, in words for a board member."""

    kind: str
    lines: list[int]
    description: str
    computed: object
    printed: object
    confidence: str = "high"
    note: str | None = None

    def __post_init__(self):
        self.lines = sorted(set(self.lines))

    def as_json(self) -> dict:
        data = {
            "kind": self.kind,
            "lines": self.lines,
            "description": self.description,
            "computed": self.computed,
            "printed": self.printed,
            "confidence": self.confidence,
        }
        if self.note:
            data["note"] = self.note
        return data


@dataclass
class FiguresRecord:
    source: str
    tables: list[Table] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    checked: int = 0

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "format": FORMAT,
            "tables": [table.as_json() for table in self.tables],
            "flags": [flag.as_json() for flag in self.flags],
            "checked": self.checked,
        }
