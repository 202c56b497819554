"""Numbered clauses: what a RESOLVED block decided, what a report recommends.

Both are lists whose items may be marked "(1)", "1)", "1.", "2.1", "(i)",
"a." or a bullet, may wrap over lines, and may nest. The rule for nesting is
the one clerks follow: under a lead-in addressed to someone ("The Board is
asked to:", "Cabinet Member is asked to:") each child is a clause of its own;
under any other parent ("... two areas of focus are:") the children are part
of the parent's sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import Row, split_marker

LEAD_IN = re.compile(
    r"\b(?:is|are|be)\s+(?:asked|recommended|requested|invited|requested)\s*(?:to)?\s*:?\s*$|"
    r"\b(?:recommends?|resolves?|agrees?|resolved)\s*(?:to|that)?\s*:\s*$|"
    r"\bthe following\b.*:\s*$",
    re.I,
)


@dataclass
class Clause:
    label: str | None
    kind: str | None
    text: str
    rows: list[Row] = field(default_factory=list)
    children: list[Clause] = field(default_factory=list)


def is_lead_in(text: str) -> bool:
    """ "The Board is asked to:", "That the Panel:", "RESOLVED that the Board:" — words that introduce a list."""
    return bool(LEAD_IN.search(text)) or (text.rstrip().endswith(":") and len(text.split()) <= 8)


def build(items: list[tuple[str | None, str | None, str, Row]]) -> list[Clause]:
    """Nest (kind, label, text, row) items: a new marker style opens a level, a known one returns to it."""
    roots: list[Clause] = []
    stack: list[Clause] = []
    for kind, label, text, row in items:
        clause = Clause(label, kind, text, [row])
        level = next((i for i, c in enumerate(stack) if c.kind == kind), None)
        if level is not None:
            del stack[level:]
        (stack[-1].children if stack else roots).append(clause)
        stack.append(clause)
    return roots


def flatten(clauses: list[Clause]) -> list[str]:
    """One string per clause, children folded in or split out as the lead-in says."""
    out: list[str] = []
    for c in clauses:
        if c.children and is_lead_in(c.text):
            out += flatten(c.children)
        elif c.children:
            out.append(" ".join([c.text, *(_inline(ch) for ch in c.children)]))
        elif c.text and not is_lead_in(c.text):
            out += split_inline(c.text)
    return out


INLINE_CLAUSE = re.compile(r"(?:^|(?<=[\s;:]))\(\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])\s*\)\s+")


def split_inline(text: str) -> list[str]:
    """Clauses written on one line: "(1) that the report be noted; (2) that ...", or after a lead-in,
    "The Board is asked to: (i) note the report; (ii) approve the plan"."""
    parts = INLINE_CLAUSE.split(text)
    if len(parts) < 3:  # one marker or none: a single clause that merely mentions "(a)"
        return [text]
    lead, clauses = parts[0].strip(), [p.strip(" ;") for p in parts[1:]]
    if lead and not is_lead_in(lead) and not lead.rstrip().endswith(":"):
        return [text]
    return [c for c in clauses if c]


def _inline(c: Clause) -> str:
    label = f"{c.label}. " if c.label else ""
    return " ".join([label + c.text, *(_inline(ch) for ch in c.children)])


def collect(rows: list[Row]) -> list[tuple[str | None, str | None, str, Row]]:
    """Lines to list items: a marked line starts an item, an unmarked one continues it.

    An unmarked line after a blank line starts an item of its own (kind None)
    when it is a sentence; short unpunctuated lines between items are
    sub-headings and are passed over.
    """
    items: list[list] = []
    blank_before = True
    for row in rows:
        text = row.text
        if not text:
            blank_before = True
            continue
        m = split_marker(text)
        if m.kind is not None and m.text:
            items.append([m.kind, m.label, m.text, row])
        elif m.kind is not None:
            pass  # a marker with nothing after it: "-" in a table
        elif items and (not blank_before or _continues(items[-1][2], text)):
            items[-1][2] = f"{items[-1][2]} {text}".strip()
        elif len(text.split()) <= 12 and not text.rstrip().endswith((".", ":", ";")):
            pass  # a sub-heading between clauses
        else:
            items.append([None, None, text, row])
        blank_before = False
    return [tuple(i) for i in items]


def _continues(previous: str, text: str) -> bool:
    """Text that carries on a clause the converter broke over a blank line."""
    return not previous.rstrip().endswith((".", ":", ";", "?", "!")) and text[:1].islower()


def clauses_of(rows: list[Row]) -> list[str]:
    return flatten(build(collect(rows)))
