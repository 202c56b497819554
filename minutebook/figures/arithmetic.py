"""Totals against their parts and percentages against their counts, inside one table.

How a table is read decides what can be checked: a column headed "Total" adds
up the count columns before it; a row labelled "Total" (or "Sub Total", "Grand
Total") adds up the rows above it since the last total; a "%" column beside a
count is that count's share of the row's or the column's total; "37 (29%)"
cells share a base that the table's own arithmetic reveals (the shares of a
row, or of a column, add up to 100). A reading is trusted only when most of the
checks it gives hold: where most fail, the table is being misread, and a
misreading is not the council's error. Rounding follows METHODS.md §6.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .numbers import Cell, decimals, rounds_to
from .record import Flag
from .tables import Row, Table

NOT_ADDITIVE = re.compile(
    r"%|\brate\b|average|mean|median|ratio|\bper\b|index|score|percent|proportion|target|rank", re.I
)
TOTAL_COLUMN = re.compile(r"\btotal\b", re.I)
# Rows that count what stands at a date, not what happened in a period: they do not add up
# across periods ("carried over", "to be completed", "as at the end of the quarter").
STOCK = re.compile(
    r"carried (?:over|forward)|brought forward|\bto be\b|\bas at\b|at the end|outstanding|%", re.I
)
# Characters a table of figures never prints in a number: OCR's reading of a digit or a sign.
# ("%6" is left alone: a sign read before its digit may be only the reading order.)
DAMAGED = re.compile(r"[^\x00-\x7f£€–—]|\d'\d")
SHARE_HEADER = re.compile(r"^%$|^%\s|\(%\)|^percent", re.I)


@dataclass
class Outcome:
    holds: bool
    flag: Flag


def trusted(outcomes: list[Outcome]) -> list[Flag]:
    """The flags of a reading that mostly holds; none from a reading that mostly fails."""
    fails = [o.flag for o in outcomes if not o.holds]
    holds = len(outcomes) - len(fails)
    if fails and (holds >= len(fails) or len(outcomes) == 1):
        return fails
    return []


def show(value: float) -> str:
    """A number as a reader would print it: thousands separated, no trailing zeros."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def slack(cells: Iterable[Cell]) -> float:
    """How far a sum of printed figures can drift from the true sum through their rounding.
    Figures with decimals are rounded at their last decimal; whole figures all printed to the
    hundred or the thousand ("345,300", "65,000") are estimates rounded there."""
    cells = list(cells)
    values = [c.value for c in cells]
    if values and all(isinstance(v, int) and v >= 1000 for v in values):
        for step in (1000, 100):
            if all(v % step == 0 for v in values):
                return 0.5 * step * len(values) + 1e-9
    return sum(0.5 * 10 ** -decimals(c.raw) if decimals(c.raw) else 0 for c in cells) + 1e-9


def column_kind(table: Table, index: int) -> str:
    """'share' (a % column), 'count' (figures that add up) or 'other' (rates, averages, text)."""
    header = table.header(index)
    numeric = [c for _, c in table.column(index) if c.is_number]
    if not numeric:
        return "other"
    if SHARE_HEADER.search(header) or sum(c.unit == "%" for c in numeric) > len(numeric) / 2:
        return "share"
    if NOT_ADDITIVE.search(header):
        return "other"
    return "count"


def row_totals(table: Table) -> list[Outcome]:
    """A column headed "Total" against the count columns before it, row by row; a total
    printed first ("Total | Male | Female") against the columns after it."""
    outcomes: list[Outcome] = []
    kinds = [column_kind(table, i) for i in range(table.width)]
    totals = [j for j in range(table.width) if TOTAL_COLUMN.search(table.header(j)) and kinds[j] == "count"]
    start = 0
    for j in totals:

        def addable(i):
            return kinds[i] == "count" and i not in totals

        parts = [i for i in range(start, j) if addable(i)]
        start = j + 1
        if not parts and j == totals[0]:
            following = [t for t in totals if t > j]
            parts = [i for i in range(j + 1, following[0] if following else table.width) if addable(i)]
        if len(parts) < 2:
            continue
        for row in table.rows:
            if j >= len(row.cells) or not row.cells[j].is_number or STOCK.search(row.label):
                continue
            cells = [
                row.cells[i]
                for i in parts
                if i < len(row.cells) and row.cells[i].is_number and row.cells[i].unit != "%"
            ]
            if len(cells) < 2:
                continue
            total = sum(c.value for c in cells)
            printed = row.cells[j].value
            holds = abs(total - printed) <= slack(cells + [row.cells[j]])
            sum_text = " + ".join(c.raw for c in cells)
            outcomes.append(
                Outcome(
                    holds,
                    Flag(
                        "sum",
                        [row.line],
                        f"{row.label}: {sum_text} = {show(total)}, printed as the total {row.cells[j].raw}",
                        total,
                        printed,
                    ),
                )
            )
    return outcomes


def total_segments(table: Table) -> list[tuple[Row, list[Row], list[Row]]]:
    """Each total row with the rows it adds up: those since the last total, or, for a total
    straight after sub-totals, the sub-totals themselves; and the sub-totals before it (a
    grand total may add them to the rows since)."""
    segments: list[tuple[Row, list[Row], list[Row]]] = []
    parts: list[Row] = []
    subtotals: list[Row] = []
    for row in table.rows:
        if row.is_total:
            if parts:
                segments.append((row, parts, list(subtotals)))
                subtotals.append(row)
            elif len(subtotals) >= 2:
                segments.append((row, subtotals, []))
                subtotals = []
            parts = []
        else:
            parts.append(row)
    return segments


def addends(parts: list[Row], total_row: Row, j: int) -> list[tuple[Row, Cell]]:
    """The figures a total in column ``j`` adds up: the run of rows just above it. Templates
    print a sub-total one column to the right of its parts; then the parts' column is used."""
    if not parts:
        return []

    def number(row: Row, c: int) -> bool:
        return c < len(row.cells) and row.cells[c].is_number

    column = j
    if not number(parts[-1], j):
        if j >= 1 and number(parts[-1], j - 1) and not total_row.cells[j - 1].raw:
            column = j - 1
        else:
            return []
    cells: list[tuple[Row, Cell]] = []
    for row in reversed(parts):
        if number(row, column):
            cells.append((row, row.cells[column]))
        elif any(c.is_number for c in row.cells):
            break  # a row of another layout: the parts end here
    return cells[::-1]


def column_totals(table: Table) -> list[Outcome]:
    """A row labelled "Total" against the rows it adds up, column by column."""
    outcomes: list[Outcome] = []
    kinds = [column_kind(table, i) for i in range(table.width)]
    for total_row, parts, earlier in total_segments(table):
        for j, cell in enumerate(total_row.cells):
            if not cell.is_number or j >= len(kinds) or kinds[j] != "count":
                continue
            cells = addends(parts, total_row, j)
            if len(cells) < 2:
                continue
            total = sum(c.value for _, c in cells)
            holds = abs(total - cell.value) <= slack([c for _, c in cells] + [cell])
            if not holds and earlier:
                # A grand total over the sub-totals above and the rows since the last of them.
                with_earlier = [(r, r.cells[j]) for r in earlier if j < len(r.cells) and r.cells[j].is_number]
                grand = total + sum(c.value for _, c in with_earlier)
                holds = abs(grand - cell.value) <= slack([c for _, c in cells + with_earlier] + [cell])
            where = table.header(j) or "the figures"
            outcomes.append(
                Outcome(
                    holds,
                    Flag(
                        "sum",
                        [total_row.line] + [r.line for r, _ in cells],
                        f"{where}: the {len(cells)} rows above {total_row.label!r} add up to {show(total)}, "
                        f"printed {cell.raw}",
                        total,
                        cell.value,
                    ),
                )
            )
    return outcomes


def leading_total(table: Table) -> list[Outcome]:
    """A one-column list whose first row is the whole ("GP registered population") and the
    rest its parts: recognised when the first figure is close to the sum of the others."""
    if table.width != 1 or len(table.rows) < 3:
        return []
    first, rest = table.rows[0], table.rows[1:]
    cells = [r.cells[0] for r in rest if r.cells and r.cells[0].is_number]
    if not first.cells or not first.cells[0].is_number or len(cells) != len(rest) or first.cells[0].percent:
        return []
    printed = first.cells[0].value
    total = sum(c.value for c in cells)
    if not printed or abs(total - printed) > 0.02 * printed or any(c.value > printed / 2 for c in cells):
        return []
    holds = abs(total - printed) <= slack(cells + [first.cells[0]])
    return [
        Outcome(
            holds,
            Flag(
                "sum",
                [first.line] + [r.line for r in rest],
                f"{first.label}: the {len(rest)} parts listed add up to {show(total)}, printed {first.cells[0].raw}",
                total,
                printed,
            ),
        )
    ]


def percent_outcome(row: Row, count: Cell, base: float, printed: Cell | float, lines: list[int], what: str):
    shown = printed.value if isinstance(printed, Cell) else printed
    raw = printed.raw if isinstance(printed, Cell) else f"{printed:g}%"
    places = decimals(raw)
    computed = 100 * count.value / base
    holds = rounds_to(computed, shown, places)
    return Outcome(
        holds,
        Flag(
            "percent_of",
            lines,
            f"{what}: {show(count.value)} of {show(base)} is {computed:.1f}%, printed {raw}",
            round(computed, 6),
            shown,
        ),
    )


def share_columns(table: Table) -> list[Outcome]:
    """A "%" column beside a count column: the count's share of the row total (a "Total"
    column) or of the column total (a "Total" row)."""
    outcomes: list[Outcome] = []
    kinds = [column_kind(table, i) for i in range(table.width)]
    total_columns = [
        j for j in range(table.width) if TOTAL_COLUMN.search(table.header(j)) and kinds[j] == "count"
    ]
    segments = total_segments(table)
    for j in range(1, table.width):
        if kinds[j] != "share" or kinds[j - 1] != "count" or TOTAL_COLUMN.search(table.header(j)):
            continue
        later = [t for t in total_columns if t > j]
        pairs = [
            (row, row.cells[j - 1], row.cells[j])
            for row in table.rows
            if j < len(row.cells)
            and row.cells[j].is_number
            and row.cells[j - 1].is_number
            and not row.is_total
        ]
        if not later and not segments and len(pairs) >= 2:
            # No total printed: the shares are of the column's sum when they add up to 100.
            shares = [share for _, _, share in pairs]
            base = sum(count.value for _, count, _ in pairs)
            if base and abs(sum(c.value for c in shares) - 100) <= slack(shares) + 0.5 * len(shares):
                for row, count, share in pairs:
                    what = f"{row.label}, {table.header(j - 1) or 'count'}"
                    outcomes.append(percent_outcome(row, count, base, share, [row.line], what))
            continue
        for row in table.rows:
            if j >= len(row.cells) or not row.cells[j].is_number or not row.cells[j - 1].is_number:
                continue
            count = row.cells[j - 1]
            what = f"{row.label}, {table.header(j - 1) or 'count'}"
            if (
                later
                and later[0] < len(row.cells)
                and row.cells[later[0]].is_number
                and row.cells[later[0]].value
            ):
                base = row.cells[later[0]].value
                outcomes.append(percent_outcome(row, count, base, row.cells[j], [row.line], what))
                continue
            for total_row, parts, _ in segments:
                if row in parts and j - 1 < len(total_row.cells) and total_row.cells[j - 1].is_number:
                    base = total_row.cells[j - 1].value
                    if base:
                        outcomes.append(
                            percent_outcome(row, count, base, row.cells[j], [row.line, total_row.line], what)
                        )
    return outcomes


def share_of_two_counts(table: Table) -> list[Outcome]:
    """A "%" column after two counts that no total explains ("Meetings attended | Meetings expected |
    % attendance"): the first count's share of the second, row by row."""
    outcomes: list[Outcome] = []
    kinds = [column_kind(table, i) for i in range(table.width)]
    if any(TOTAL_COLUMN.search(table.header(j)) for j in range(table.width)) or total_segments(table):
        return outcomes  # shares of a printed total: share_columns reads those
    for j in range(2, table.width):
        if kinds[j] != "share" or kinds[j - 1] != "count" or kinds[j - 2] != "count":
            continue
        for row in table.rows:
            if j >= len(row.cells) or row.is_total:
                continue
            part, whole, share = row.cells[j - 2], row.cells[j - 1], row.cells[j]
            if part.is_number and whole.is_number and share.is_number and whole.value:
                what = f"{row.label}, {table.header(j - 2) or 'count'} of {table.header(j - 1) or 'count'}"
                outcomes.append(percent_outcome(row, part, whole.value, share, [row.line], what))
    return outcomes


def leading_share_total(table: Table) -> Row | None:
    """A one-column table that opens with its printed total, the rest printed "count (share%)"."""
    first = table.rows[0] if table.rows else None
    if (
        first
        and table.width == 1
        and first.is_total
        and first.cells[0].is_number
        and first.cells[0].percent is None
    ):
        return first
    return None


def shares_of_leading_total(table: Table) -> list[Outcome]:
    leading = leading_share_total(table)
    if not leading or not leading.cells[0].value:
        return []
    base = leading.cells[0].value
    return [
        percent_outcome(row, row.cells[0], base, row.cells[0].percent, [row.line, leading.line], row.label)
        for row in table.rows[1:]
        if row.cells and row.cells[0].percent is not None
    ]


def share_cells(table: Table) -> list[Outcome]:
    """Cells printed "count (share%)": the shares are of a printed total, of the row, or of
    the column, whichever the table's own shares add up over."""
    outcomes: list[Outcome] = []
    shared = [[c for c in row.cells if c.percent is not None and c.is_number] for row in table.rows]
    if sum(len(s) for s in shared) < 2:
        return outcomes
    if leading_share_total(table):
        return outcomes

    def adds_up(cells: list[Cell]) -> bool:
        return len(cells) >= 2 and abs(sum(c.percent for c in cells) - 100) <= 0.5 * len(cells) + 1e-9

    rows_up = [adds_up(s) for s in shared if len(s) >= 2]
    columns = [
        [row.cells[j] for row in table.rows if j < len(row.cells) and row.cells[j].percent is not None]
        for j in range(table.width)
    ]
    columns_up = [adds_up(c) for c in columns if len(c) >= 2]
    by_row = rows_up and sum(rows_up) > len(rows_up) / 2 and sum(rows_up) >= sum(columns_up)
    by_column = not by_row and columns_up and sum(columns_up) > len(columns_up) / 2
    if by_row:
        for row, cells in zip(table.rows, shared, strict=True):
            if len(cells) < 2:
                continue
            base = sum(c.value for c in cells)
            if not base:
                continue
            for j, cell in enumerate(row.cells):
                if cell in cells:
                    what = f"{row.label}, {table.header(j)}"
                    outcomes.append(percent_outcome(row, cell, base, cell.percent, [row.line], what))
            total = sum(c.percent for c in cells)
            outcomes.append(
                Outcome(
                    adds_up(cells),
                    Flag(
                        "sum",
                        [row.line],
                        f"{row.label}: the printed shares add up to {show(total)}%, not 100%",
                        total,
                        100,
                    ),
                )
            )
    elif by_column:
        for j in range(table.width):
            pairs = [
                (row, row.cells[j])
                for row in table.rows
                if j < len(row.cells) and row.cells[j].percent is not None
            ]
            if len(pairs) < 2:
                continue
            base = sum(c.value for _, c in pairs)
            if not base:
                continue
            for row, cell in pairs:
                what = f"{row.label}, {table.header(j)}"
                outcomes.append(percent_outcome(row, cell, base, cell.percent, [row.line], what))
    return outcomes


RATE_ROW = re.compile(r"^(?:(?:indicator value|annual rate|rate|value|percentage)\b|annual \(%\)|%)", re.I)
NUMERATOR_ROW = re.compile(r"^(?:numerator|count|number)\b", re.I)
DENOMINATOR_ROW = re.compile(r"^(?:denominator|population)\b", re.I)
PER = re.compile(r"per\s+(100,000|10,000|1,000|100)\b", re.I)
STANDARDISED = re.compile(r"standardi[sz]ed|\bDSR\b|\bISR\b|indirectly", re.I)


def rate_rows(table: Table) -> list[Outcome]:
    """A metric printed with its numerator and denominator (the Better Care Fund and ASCOF
    layout: value, numerator, denominator rows): the value against numerator / denominator.
    A standardised rate is not the crude ratio of the two, so it is not re-derived."""
    rows = {}
    for row in table.rows:
        name = row.label.split(": ")[-1].strip()
        for role, pattern in (
            ("rate", RATE_ROW),
            ("numerator", NUMERATOR_ROW),
            ("denominator", DENOMINATOR_ROW),
        ):
            if pattern.match(name) and role not in rows:
                rows[role] = row
    if len(rows) < 3:
        return []
    context = " ".join([table.title or "", table.unit or ""] + [r.label for r in table.rows])
    if STANDARDISED.search(context):
        return []
    rate, numerator, denominator = rows["rate"], rows["numerator"], rows["denominator"]
    per = PER.search(context)
    outcomes = []
    for j, printed in enumerate(rate.cells):
        if not printed.is_number or j >= len(numerator.cells) or j >= len(denominator.cells):
            continue
        top, bottom = numerator.cells[j], denominator.cells[j]
        if not top.is_number or not bottom.is_number or not bottom.value:
            continue
        multiplier = float(per.group(1).replace(",", "")) if per else 100.0 if printed.unit == "%" else None
        if multiplier is None:
            continue
        computed = top.value / bottom.value * multiplier
        outcomes.append(
            Outcome(
                rounds_to(computed, printed.value, decimals(printed.raw)),
                Flag(
                    "rate",
                    [rate.line, numerator.line, denominator.line],
                    f"{table.header(j) or 'Value'}: {top.raw} / {bottom.raw} × {show(multiplier)} is "
                    f"{computed:,.1f}, printed {printed.raw}",
                    round(computed, 6),
                    printed.value,
                ),
            )
        )
    return outcomes


def unreadable(table: Table) -> list[Outcome]:
    """Cells in a column of figures that no reader could take as a figure ("%6", "М", "₽"):
    text-extraction damage, usually a chart or scan read by OCR, marked as such."""
    outcomes: list[Outcome] = []
    for j in range(table.width):
        column = table.column(j)
        numbers = sum(1 for _, c in column if c.is_number)
        if numbers < 2 or numbers < len(column) / 2:
            continue
        for row, cell in column:
            if cell.is_number or not cell.raw or len(cell.raw) > 6 or not DAMAGED.search(cell.raw):
                continue
            outcomes.append(
                Outcome(
                    False,
                    Flag(
                        "format",
                        [row.line],
                        f"{row.label}, {table.header(j) or 'a figure'}: '{cell.raw}' cannot be read as a number",
                        cell.raw,
                        "a number",
                        "low",
                        note="likely damage from extracting the text (a figure misread from an image), "
                        "not an error in the printed report",
                    ),
                )
            )
    return outcomes


def check_table(table: Table) -> tuple[list[Flag], int]:
    """Every arithmetic check a table allows: the flags of trusted readings, and how many were made."""
    flags: list[Flag] = []
    checked = 0
    for reading in (
        row_totals,
        column_totals,
        leading_total,
        share_columns,
        share_of_two_counts,
        share_cells,
        rate_rows,
    ):
        outcomes = reading(table)
        checked += len(outcomes)
        flags.extend(trusted(outcomes))
    # A share of a total the table prints and names ("Total number of pupils") is no guess.
    outcomes = shares_of_leading_total(table)
    checked += len(outcomes)
    flags.extend(o.flag for o in outcomes if not o.holds)
    damaged = unreadable(table)
    if damaged:
        # Where the text of a table is damaged, its other discrepancies may be damage too.
        for flag in flags:
            flag.confidence = "low"
            flag.note = "this table's text shows extraction damage: the figures may have been misread"
    checked += len(damaged)
    flags.extend(o.flag for o in damaged)
    return flags, checked
