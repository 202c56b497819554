"""Indicator tables as Fingertips prints them: count, value and 95% limits by period, with
the region and England beside them, and the recent trend above.

The limits are re-derived by the method the statistic calls for (METHODS.md §1):
Byar's (or exact Poisson) for a crude rate, Wilson for a proportion. The
population is not printed, so it is the one the count and value imply; since
the value is rounded, the limits hold when some value that rounds to the printed
one gives them (METHODS.md §6). A directly standardised rate needs the counts by
age, which a pack never prints: it is not checked. The recent trend is re-run on
the last five periods and set against the arrow printed above the table.
"""

from __future__ import annotations

import math
import re

from minutebook.sources.document import Document

from . import stats
from .arithmetic import Outcome, show
from .numbers import decimals, rounds_to
from .record import Flag
from .tables import Table

LOWER = re.compile(r"lower\s*(?:ci|cl|limit)|\blci\b|\blcl\b", re.I)
UPPER = re.compile(r"upper\s*(?:ci|cl|limit)|\buci\b|\bucl\b", re.I)
MULTIPLIER = re.compile(r"per\s+(100,000|10,000|1,000|100)\b", re.I)
TREND = re.compile(
    r"recent trend\s*:?\s*\W*\s*(increasing|decreasing|no significant change|could not be calculated)", re.I
)


def lines_above(document: Document, table: Table) -> list:
    """The lines between a table's caption and its header: where Fingertips prints the
    statistic ("Crude rate - per 100,000") and the recent trend."""
    first = table.title_line or table.lines[0] - 12
    window = document.lines[max(0, first - 51) : table.lines[0] + 50]
    return [line for line in window if first <= line.number < table.lines[0]]


def statistic(document: Document, table: Table) -> tuple[str, float] | None:
    """('rate', multiplier) or ('proportion', 100) from the words printed above the table."""
    text = " ".join(line.text for line in lines_above(document, table))
    text = f"{table.title or ''} {table.unit or ''} {text}"
    if re.search(r"standardi[sz]ed|\bDSR\b|\bISR\b|\bSMR\b", text, re.I):
        return None
    if (match := MULTIPLIER.search(text)) and re.search(r"\brate\b", text, re.I):
        return "rate", float(match.group(1).replace(",", ""))
    if re.search(r"%|percent|proportion", text, re.I):
        return "proportion", 100.0
    return None


def columns(table: Table) -> dict[str, int] | None:
    found = {}
    for i in range(table.width):
        header = table.header(i)
        if LOWER.search(header):
            found.setdefault("lower", i)  # the 95% limits come first; 99.8% ones after are left
        elif UPPER.search(header):
            found.setdefault("upper", i)
        elif re.fullmatch(r"count|numerator|number", header.strip(), re.I):
            found.setdefault("count", i)
        elif re.fullmatch(r"value|rate|%|percentage", header.strip(), re.I):
            found.setdefault("value", i)
        elif re.fullmatch(r"denominator|population", header.strip(), re.I):
            found.setdefault("denominator", i)
        elif re.search(r"\bengland\b", header, re.I):
            found.setdefault("england", i)
    return found if {"lower", "upper", "count", "value"} <= found.keys() else None


def limit_range(kind: str, count: float, value: float, places: int, multiplier: float, level: float = 0.95):
    """The lower and upper limits reachable from any value that rounds to the printed one."""
    half = 0.5 * 10**-places
    ranges = []
    for side in (0, 1):
        ends = []
        for v in (max(value - half, 1e-12), value + half):
            if kind == "rate":
                limit = stats.count_limits(count, level)[side]
                ends.append(limit * v / count)
            else:
                n = count * multiplier / v
                if n < count:
                    return None
                ends.append(stats.wilson(count, n, level, multiplier)[side])
        ranges.append((min(ends), max(ends)))
    return ranges


def check_limits(document: Document, table: Table) -> list[Outcome]:
    cols = columns(table)
    kind_multiplier = statistic(document, table) if cols else None
    if not kind_multiplier or not cols:
        return []
    kind, multiplier = kind_multiplier
    outcomes = []
    for row in table.rows:
        cells = {name: row.cells[i] for name, i in cols.items() if i < len(row.cells)}
        if not all(name in cells and cells[name].is_number for name in ("count", "value", "lower", "upper")):
            continue
        count, value = cells["count"].value, cells["value"].value
        if count <= 0 or value <= 0:
            continue
        denominator = cells.get("denominator")
        if denominator is not None and denominator.is_number and denominator.value >= count:
            # The denominator is printed: the limits follow from it exactly.
            if kind == "rate":
                low, high = stats.rate_limits(count, denominator.value, multiplier)
            else:
                low, high = stats.wilson(count, denominator.value, multiplier=multiplier)
            ranges = [(low, low), (high, high)]
        else:
            ranges = limit_range(kind, count, value, decimals(cells["value"].raw), multiplier)
        if ranges is None:
            continue
        for (low, high), name in zip(ranges, ("lower", "upper"), strict=True):
            printed = cells[name]
            half = 0.5 * 10 ** -decimals(printed.raw)
            holds = low - half - 1e-9 <= printed.value <= high + half + 1e-9
            method = (
                "Byar's method"
                if kind == "rate" and count >= 10
                else "exact Poisson"
                if kind == "rate"
                else "Wilson score"
            )
            middle = (low + high) / 2
            outcomes.append(
                Outcome(
                    holds,
                    Flag(
                        "ci_byar" if kind == "rate" else "ci_wilson",
                        [row.line],
                        f"{row.label}: the 95% {name} limit by {method} from count {cells['count'].raw} and value "
                        f"{cells['value'].raw} is {show(round(middle, 1))}, printed {printed.raw}",
                        round(middle, 6),
                        printed.value,
                    ),
                )
            )
    return outcomes


def check_trend(document: Document, table: Table) -> list[Outcome]:
    cols = columns(table)
    if not cols or not statistic(document, table):
        return []
    printed = None
    for line in lines_above(document, table):
        if match := TREND.search(line.text):
            printed, where = match.group(1).lower(), line.number
    if printed is None:
        return []
    rows = [
        r
        for r in table.rows
        if all(cols[n] < len(r.cells) and r.cells[cols[n]].is_number for n in ("value", "lower", "upper"))
    ]
    values = [r.cells[cols["value"]].value for r in rows]
    trend = stats.rate_trend(
        values, [r.cells[cols["lower"]].value for r in rows], [r.cells[cols["upper"]].value for r in rows]
    )
    if trend.verdict == "cannot be calculated" or math.isnan(trend.chi2):
        return []
    return [
        Outcome(
            trend.verdict == printed,
            Flag(
                "trend",
                [where] + [r.line for r in rows[-5:]],
                f"The last five periods give '{trend.verdict}' (chi-squared {trend.chi2:.1f}), printed '{printed}'",
                trend.verdict,
                printed,
                "medium",
            ),
        )
    ]


def check_significance(table: Table) -> list[Outcome]:
    """A printed comparison with England ("Higher", "Similar", "Lower") against the CI."""
    cols = columns(table)
    if not cols or "england" not in cols:
        return []
    verdicts = [i for i in range(table.width) if re.search(r"compar|significan", table.header(i), re.I)]
    outcomes = []
    for row in table.rows:
        for i in verdicts:
            if i >= len(row.cells):
                continue
            printed = row.cells[i].raw.lower()
            if printed not in {"higher", "lower", "similar"}:
                continue
            cells = [row.cells[cols[n]] for n in ("england", "lower", "upper")]
            if not all(c.is_number for c in cells):
                continue
            computed = stats.compare(cells[0].value, cells[1].value, cells[2].value)
            outcomes.append(
                Outcome(
                    computed == printed,
                    Flag(
                        "significance",
                        [row.line],
                        f"{row.label}: England's {cells[0].raw} against the interval {cells[1].raw}–{cells[2].raw} "
                        f"is '{computed}', printed '{printed}'",
                        computed,
                        printed,
                    ),
                )
            )
    return outcomes


def check_values(document: Document, table: Table) -> list[Outcome]:
    """Where the denominator is printed too, the value is count / denominator × multiplier."""
    cols = columns(table)
    kind_multiplier = statistic(document, table) if cols and "denominator" in cols else None
    if not kind_multiplier:
        return []
    kind, multiplier = kind_multiplier
    outcomes = []
    for row in table.rows:
        cells = [
            row.cells[cols[n]] if cols[n] < len(row.cells) else None
            for n in ("count", "denominator", "value")
        ]
        if not all(c is not None and c.is_number for c in cells) or not cells[1].value:
            continue
        count, denominator, value = cells
        computed = count.value / denominator.value * multiplier
        outcomes.append(
            Outcome(
                rounds_to(computed, value.value, decimals(value.raw)),
                Flag(
                    "rate" if kind == "rate" else "percent_of",
                    [row.line],
                    f"{row.label}: {count.raw} / {denominator.raw} × {show(multiplier)} is {computed:,.1f}, "
                    f"printed {value.raw}",
                    round(computed, 6),
                    value.value,
                ),
            )
        )
    return outcomes


def check_indicators(document: Document, tables: list[Table]) -> tuple[list[Flag], int]:
    flags: list[Flag] = []
    checked = 0
    for table in tables:
        for outcomes in (
            check_values(document, table),
            check_limits(document, table),
            check_trend(document, table),
            check_significance(table),
        ):
            checked += len(outcomes)
            flags.extend(o.flag for o in outcomes if not o.holds)
    return flags, checked
