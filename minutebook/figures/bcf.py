"""Better Care Fund templates: the rules the templates state and NHS England checks.

Read from the templates as packs print them (METHODS.md §4):

* every sheet of the template is "Complete: Yes" before it goes for approval;
* expenditure per source of funding equals the income from that source (the
  "Running Balances" sheet), so the scheme lines summed by their source of
  funding equal each source's expenditure, and all lines the total;
* at year end, actual expenditure is set against actual income as the
  planned expenditure was set against planned income.
"""

from __future__ import annotations

import re

from minutebook.sources.document import Document

from .arithmetic import Outcome, show, trusted
from .numbers import Cell, read_cell
from .record import Flag
from .tables import Row, Table, fields_of

BCF = re.compile(r"better care fund|\bBCF\b", re.I)
SOURCE = re.compile(r"source of funding", re.I)
EXPENDITURE = re.compile(r"^expenditure\b", re.I)


def key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def checklists(tables: list[Table]) -> list[Outcome]:
    """A template's own checklist: a sheet marked "Complete: No" is not ready for approval."""
    outcomes = []
    for table in tables:
        if not any("complete" in h.lower() for h in table.headers):
            continue
        for row in table.rows:
            answers = [c.raw.lower() for c in row.cells if c.raw]
            if not answers or not set(answers) <= {"yes", "no"}:
                continue
            outcomes.append(
                Outcome(
                    "no" not in answers,
                    Flag(
                        "bcf_rule",
                        [row.line],
                        f"The template's checklist shows '{row.label}' as not complete (Complete: No), "
                        "yet the template was presented as finished",
                        "No",
                        "all sheets complete",
                    ),
                )
            )
    return outcomes


def scheme_columns(table: Table) -> tuple[int, list[int]] | None:
    """(source of funding column, expenditure columns) of a scheme-lines sheet."""
    source = [i for i in range(table.width) if SOURCE.search(table.header(i))]
    spend = [
        i
        for i in range(table.width)
        if re.search(r"expenditure", table.header(i), re.I) and any(c.unit == "£" for _, c in table.column(i))
    ]
    return (source[0], spend) if source and spend else None


def balance_columns(table: Table) -> list[int]:
    return [i for i in range(table.width) if EXPENDITURE.match(table.header(i))]


def running_balances(tables: list[Table]) -> list[Outcome]:
    """Scheme lines summed by source of funding against each source's expenditure, and in all
    against the total."""
    outcomes: list[Outcome] = []
    schemes = [(t, cols) for t in tables if (cols := scheme_columns(t))]
    balances = [
        (t, cols)
        for t in tables
        if len(cols := balance_columns(t)) >= 1 and any(re.match(r"^income\b", h, re.I) for h in t.headers)
    ]
    for scheme, (source, spend) in schemes:
        for balance, columns in balances:
            for year, (s_col, b_col) in enumerate(zip(spend, columns, strict=False), start=1):
                per_source: list[Outcome] = []
                for row in balance.rows:
                    if b_col >= len(row.cells) or not row.cells[b_col].is_number:
                        continue
                    if row.is_total:
                        lines = scheme_lines(scheme, s_col, None, source)
                        name = "all scheme lines"
                    else:
                        lines = scheme_lines(scheme, s_col, key(row.label), source)
                        name = f"scheme lines funded by {row.label}"
                    if not lines:
                        continue
                    total = sum(c for _, c in lines)
                    printed = row.cells[b_col].value
                    per_source.append(
                        Outcome(
                            abs(total - printed) < 0.5,
                            Flag(
                                "sum",
                                [row.line] + [r.line for r, _ in lines],
                                f"{scheme.header(s_col) or f'Year {year}'}: the {name} add up to £{show(total)}, "
                                f"but the running balances show expenditure of {row.cells[b_col].raw}",
                                total,
                                printed,
                            ),
                        )
                    )
                outcomes.extend(per_source)
    return outcomes


def scheme_lines(
    table: Table, column: int, source: str | None, source_column: int
) -> list[tuple[Row, float]]:
    found = []
    for row in table.rows:
        if column >= len(row.cells) or not row.cells[column].is_number:
            continue
        if source is not None:
            name = key(row.cells[source_column].raw) if source_column < len(row.cells) else ""
            if not name or not (name.startswith(source) or source.startswith(name)):
                continue
        found.append((row, row.cells[column].value))
    return found


def year_end(document: Document, tables: list[Table]) -> list[Outcome]:
    """Actual expenditure against actual income: the income row is the one whose planned
    figure the planned expenditure repeats ("Plan £X" ... "Actual £Y")."""
    outcomes: list[Outcome] = []
    income: list[tuple[Row, list[float]]] = [
        (row, [c.value for c in row.cells if c.is_number and c.unit == "£"])
        for table in tables
        for row in table.rows
    ]
    lines = document.lines
    for i, line in enumerate(lines):
        if not line.text[:4].lower() == "plan":
            continue
        fields = fields_of(line.text)
        if not fields or len(fields) < 2 or fields[0].strip().lower() != "plan":
            continue
        plan = read_cell(fields[1])
        if not plan.is_number:
            continue
        actual_line = None
        for later in lines[i + 1 : i + 8]:
            f = fields_of(later.text)
            if f and len(f) >= 2 and f[0].strip().lower() == "actual" and read_cell(f[1]).is_number:
                actual_line, actual = later, read_cell(f[1])
                break
        if actual_line is None:
            continue
        rows = [
            (row, values)
            for row, values in income
            if values and values[0] == plan.value and row.line < line.number
        ]
        if not rows:
            continue
        row, values = rows[-1]
        received = values[-1]
        outcomes.append(
            Outcome(
                abs(received - actual.value) < 0.5,
                Flag(
                    "bcf_rule",
                    [row.line, actual_line.number],
                    f"Actual expenditure {actual.raw} does not match actual income £{show(received)}: "
                    "the template requires income and expenditure to balance",
                    actual.value,
                    received,
                    "medium",
                ),
            )
        )
    return outcomes


def find_column(table: Table, pattern: str) -> int | None:
    return next((i for i in range(table.width) if re.search(pattern, table.header(i), re.I)), None)


def scheme_returns(tables: list[Table]) -> list[Outcome]:
    """A year-end return's scheme lines against their own answers: 'No' to "did you change
    the planned spending?" with actual spend unlike the plan; spend with nothing delivered;
    a delivered figure whose unit the same row's narrative names differently."""
    outcomes: list[Outcome] = []
    for table in tables:
        planned = find_column(table, r"planned expenditure")
        actual = find_column(table, r"actual expenditure")
        if planned is None or actual is None:
            continue
        changed = find_column(table, r"changes? to planned")
        delivered = find_column(table, r"actual number|delivered")
        measure = find_column(table, r"unit of measure")
        unchanged_but_different, spent_on_nothing, answers = [], [], 0
        for row in table.rows:

            def cell(i, cells=row.cells):
                return cells[i] if i is not None and i < len(cells) else None

            plan, spend, answer, count = cell(planned), cell(actual), cell(changed), cell(delivered)
            if not (plan and spend and plan.is_number and spend.is_number):
                continue
            if answer is not None and answer.raw:
                answers += 1
                if answer.raw.lower() == "no" and plan.value != spend.value:
                    unchanged_but_different.append(row)
            if count is not None and count.is_number:
                answers += 1
                if spend.value > 0 and count.value == 0:
                    spent_on_nothing.append(row)
                unit = cell(measure)
                if unit is not None and unit.raw and count.value:
                    outcomes.append(unit_outcome(row, count, unit.raw))
        if unchanged_but_different:
            names = ", ".join(r.label for r in unchanged_but_different[:3])
            more = len(unchanged_but_different) - 3
            outcomes.append(
                Outcome(
                    False,
                    Flag(
                        "consistency",
                        [r.line for r in unchanged_but_different],
                        f"{len(unchanged_but_different)} schemes answer 'No' to changing their planned spending, "
                        f"yet their actual spend differs from the plan ({names}"
                        f"{f' and {more} more' if more > 0 else ''})",
                        f"{len(unchanged_but_different)} rows with actual spend unlike the plan",
                        "No (no change)",
                        "medium",
                    ),
                )
            )
        if spent_on_nothing:
            outcomes.append(
                Outcome(
                    False,
                    Flag(
                        "consistency",
                        [r.line for r in spent_on_nothing],
                        "Actual spend is reported with nothing delivered (0 units): "
                        + ", ".join(r.label for r in spent_on_nothing),
                        "spend with 0 units",
                        "units delivered where money was spent",
                        "medium",
                    ),
                )
            )
        held = answers - len(unchanged_but_different) - len(spent_on_nothing)
        outcomes.extend(Outcome(True, None) for _ in range(max(0, held)))
    return outcomes


def unit_words(text: str) -> set[str]:
    """The words that name a unit, singular: "Number of beds/Placements" -> {bed, placement}."""
    words = {w.removesuffix("s") for w in re.findall(r"[a-z]+", text.lower())}
    return words - {"number", "of", "the", "a", "an", "per", "total", "at", "paid", "rate"}


def unit_outcome(row: Row, count: Cell, unit: str) -> Outcome:
    """The delivered figure printed again in the row's narrative with another unit."""
    stated = re.compile(rf"^{re.escape(count.raw)}\s+([a-z][a-z ]+)", re.I)
    for other in row.cells:
        match = stated.match(other.raw) if other is not count else None
        if match and not unit_words(match.group(1)) & unit_words(unit):
            return Outcome(
                False,
                Flag(
                    "unit",
                    [row.line],
                    f"{row.label}: {count.raw} is given as '{unit}', but the row's own narrative says "
                    f"'{other.raw[:60]}'",
                    f"{count.raw} {match.group(1).split()[0]}",
                    f"{count.raw} {unit}",
                ),
            )
    return Outcome(True, None)


def check_templates(document: Document, tables: list[Table]) -> tuple[list[Flag], int]:
    if not any(BCF.search(line.text) for line in document.lines):
        return [], 0
    flags: list[Flag] = []
    checked = 0
    for outcomes, trust in (
        (checklists(tables), False),
        (running_balances(tables), True),
        (year_end(document, tables), False),
        (scheme_returns(tables), False),
    ):
        checked += len(outcomes)
        flags.extend(trusted(outcomes) if trust else [o.flag for o in outcomes if not o.holds])
    return flags, checked
