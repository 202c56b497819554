"""A group's breakdown in one table against the whole another table of the same document prints for it.

Dashboards print a count in one place ("Children in Need: 1,535 in Q2") and its breakdown in another
("Children in Need" / "Aged 0-4", "Aged 5-10", ...). The two tables name the group alike (or one by its
initials: "CIN") and their columns alike ("Q2"), so each column both print can be added up again. Only
whole counts are compared, and only columns where every band has a figure. The comparisons of one group with
one whole are one reading: where most of them fail the pairing is wrong, not the figures (arithmetic.trusted).
"""

from __future__ import annotations

import re
from itertools import groupby

from .arithmetic import Outcome, show, trusted
from .numbers import Cell
from .record import Flag
from .tables import Row, Table

NOTE = re.compile(r"\(([^)]*)\)\s*$")


def name_parts(label: str) -> tuple[list[str], str]:
    """A group's words, and its closing note in brackets ("(Abuse or Neglect)")."""
    text = label.replace("*", " ")
    note = NOTE.search(text)
    head = text[: note.start()] if note else text
    return re.findall(r"[A-Za-z]+", head), (note.group(1).strip().lower() if note else "")


def same_group(a: str, b: str) -> bool:
    """Whether two labels name one group: the same words (a plural aside) and the same note, or one
    written as the other's initials ("CIN" for "Children In Need")."""
    (words_a, note_a), (words_b, note_b) = name_parts(a), name_parts(b)
    if note_a != note_b or not words_a or not words_b:
        return False
    for short, long in ((words_a, words_b), (words_b, words_a)):
        if len(short) == 1 and len(long) >= 2 and short[0].isupper() and len(short[0]) >= 2:
            return short[0].lower() == "".join(w[0] for w in long).lower()

    def singular(word: str) -> str:
        word = word.lower()
        return word[:-1] if len(word) > 3 and word.endswith("s") else word

    return [singular(w) for w in words_a] == [singular(w) for w in words_b]


def whole_count(cell: Cell) -> float | None:
    if not cell.is_number or cell.unit is not None or cell.value is None:
        return None
    return cell.value if float(cell.value).is_integer() else None


def columns(table: Table) -> dict[str, int]:
    names: dict[str, int] = {}
    for index in range(table.width):
        name = table.header(index).strip().lower()
        if name and name not in names:
            names[name] = index
    return names


def comparisons(
    parts_table: Table, group: str, parts: list[Row], whole_table: Table, whole: Row
) -> list[Outcome]:
    outcomes = []
    theirs = columns(whole_table)
    for name, j in columns(parts_table).items():
        k = theirs.get(name)
        if k is None or k >= len(whole.cells):
            continue
        printed = whole_count(whole.cells[k])
        values = [whole_count(row.cells[j]) if j < len(row.cells) else None for row in parts]
        if printed is None or any(v is None for v in values):
            continue
        computed = sum(values)
        outcomes.append(
            Outcome(
                computed == printed,
                Flag(
                    "sum",
                    [whole.line, *(row.line for row in parts)],
                    f"{group}, {parts_table.header(j)}: the {len(parts)} rows under it (lines {parts[0].line}–"
                    f"{parts[-1].line}) add up to {show(computed)}, but line {whole.line} prints "
                    f"{whole.cells[k].raw} for it",
                    computed,
                    printed,
                ),
            )
        )
    return outcomes


def check_breakdowns(tables: list[Table]) -> tuple[list[Flag], int]:
    """Every group of rows that another table prints a whole for, column by column."""
    flags: list[Flag] = []
    checked = 0
    for parts_table in tables:
        if parts_table.unit is not None:
            continue  # shares or rates: their bands do not add up to the whole
        for group, rows in groupby(parts_table.rows, key=lambda row: row.group):
            parts = list(rows)
            if not group or len(parts) < 2 or any(row.is_total for row in parts):
                continue  # a group with its own total row is checked inside its table
            for whole_table in tables:
                if whole_table is parts_table:
                    continue
                whole = next(
                    (row for row in whole_table.rows if not row.group and same_group(row.label, group)), None
                )
                if whole is not None:
                    outcomes = comparisons(parts_table, group, parts, whole_table, whole)
                    checked += len(outcomes)
                    flags.extend(trusted(outcomes))
    return flags, checked
