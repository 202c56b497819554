"""Indicator tables drawn as charts: the value by period, with its confidence interval, and England and the
region beside it where the table prints them.

A table is an indicator table when its periods run down the label column ("Period", or years as labels) or
stand in a column of their own ("Series | Period | Value", one series a row). The chart is drawn on the
server as SVG with matplotlib (no GUI, no script); the same numbers go in an HTML table beside it, for
screen readers and for anyone who wants the figures rather than the picture.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from minutebook.figures.indicators import LOWER, UPPER
from minutebook.figures.tables import is_year

PERIOD_HEADER = re.compile(r"^\s*(?:time\s+)?(?:period|year|quarter|month|date)s?\s*$", re.I)
QUARTER = re.compile(r"^\s*(?:Q[1-4]\b.*|.*\bQ[1-4])\s*$", re.I)
ENGLAND = re.compile(r"\bengland\b", re.I)
# The English regions (and the word itself) as a column of a Fingertips-style table prints them.
REGION = re.compile(
    r"\bregion\b|\bmidlands\b|\bnorth\s+(?:east|west)\b|\bsouth\s+(?:east|west)\b|\beast\s+of\s+england\b"
    r"|\blondon\b|\byorkshire\b|\bhumber\b",
    re.I,
)
VALUE = re.compile(r"^\s*(?:value|rate|%|percentage|proportion)\b", re.I)
BESIDE = {"lower", "upper", "england", "region"}  # what makes a table by period an indicator's
NOT_PLOTTED = re.compile(r"\b(?:count|numerator|number|denominator|population|rank)\b", re.I)


@dataclass
class Series:
    name: str
    values: list[float | None]
    lower: list[float | None] = field(default_factory=list)
    upper: list[float | None] = field(default_factory=list)

    @property
    def has_interval(self) -> bool:
        return any(v is not None for v in self.lower) and any(v is not None for v in self.upper)


@dataclass
class Chart:
    title: str
    unit: str
    periods: list[str]
    series: list[Series]
    shown_at: list[list] = field(default_factory=list)  # a body's series: per period, the meetings that showed it

    def rows(self) -> list[dict]:
        """The chart's numbers period by period, for its accessible table."""
        return [
            {
                "period": period,
                "cells": [
                    {
                        "value": s.values[i],
                        "lower": s.lower[i] if s.has_interval else None,
                        "upper": s.upper[i] if s.has_interval else None,
                    }
                    for s in self.series
                ],
                "shown_at": self.shown_at[i] if self.shown_at else [],
            }
            for i, period in enumerate(self.periods)
        ]


def _number(cells: list[dict], index: int | None) -> float | None:
    if index is None or index >= len(cells):
        return None
    value = cells[index].get("value")
    return float(value) if isinstance(value, int | float) else None


def _roles(headers: list[str], skip: set[int]) -> dict[str, int]:
    """Which cell (0 = the first after the label) holds the value, its limits, England and the region."""
    roles: dict[str, int] = {}
    names = [(i, h or "") for i, h in enumerate(headers[1:]) if i not in skip]
    for i, header in names:
        if LOWER.search(header):
            roles.setdefault("lower", i)
        elif UPPER.search(header):
            roles.setdefault("upper", i)
        elif ENGLAND.search(header):
            roles.setdefault("england", i)
        elif REGION.search(header):
            roles.setdefault("region", i)
        elif VALUE.search(header):
            roles.setdefault("value", i)
    if "value" not in roles:  # the first figure that is none of the others, nor a count
        taken = set(roles.values())
        spare = [i for i, header in names if i not in taken and header and not NOT_PLOTTED.search(header)]
        if spare:
            roles["value"] = spare[0]
    return roles


def _is_period(label: str) -> bool:
    return is_year(label) or bool(QUARTER.match(label))


def chart_of(title: str, unit: str, headers: list[str], rows: list[dict]) -> Chart | None:
    """The chart of a stored table, or None when it is not an indicator table with at least two periods."""
    if not headers or len(rows) < 2:
        return None
    period_column = next((i for i, h in enumerate(headers[1:]) if PERIOD_HEADER.match(h or "")), None)
    if period_column is not None:
        return _long_chart(title, unit, headers, rows, period_column)
    if not (PERIOD_HEADER.match(headers[0] or "") or all(_is_period(row["label"]) for row in rows)):
        return None
    roles = _roles(headers, set())
    if "value" not in roles or not (VALUE.search(headers[roles["value"] + 1]) or roles.keys() & BESIDE):
        return None  # periods down a breakdown ("Q1: achieved, partly, not") are not one indicator
    series = [
        Series(
            headers[roles["value"] + 1] or "Value",
            [_number(r["cells"], roles["value"]) for r in rows],
            [_number(r["cells"], roles.get("lower")) for r in rows],
            [_number(r["cells"], roles.get("upper")) for r in rows],
        )
    ]
    for role in ("region", "england"):
        if role in roles:
            series.append(Series(headers[roles[role] + 1], [_number(r["cells"], roles[role]) for r in rows]))
    return _kept(Chart(title, unit, [row["label"] for row in rows], series))


def _long_chart(title, unit, headers, rows, period_column) -> Chart | None:
    """One series a row label, its periods in a column: "England | 2015/16 | 68.8"."""
    roles = _roles(headers, {period_column})
    if "value" not in roles:
        return None
    periods: list[str] = []
    points: dict[str, dict[str, float | None]] = {}
    for row in rows:
        cells = row["cells"]
        period = cells[period_column]["raw"] if period_column < len(cells) else ""
        if not period:
            continue
        if period not in periods:
            periods.append(period)
        points.setdefault(row["label"], {})[period] = _number(cells, roles["value"])
    series = [Series(name, [values.get(p) for p in periods]) for name, values in points.items()]
    return _kept(Chart(title, unit, periods, series))


def _kept(chart: Chart) -> Chart | None:
    """A chart worth drawing: some series has a figure in at least two periods."""
    for series in chart.series:
        series.lower = series.lower or [None] * len(chart.periods)
        series.upper = series.upper or [None] * len(chart.periods)
    if len(chart.periods) < 2 or not any(sum(v is not None for v in s.values) >= 2 for s in chart.series):
        return None
    return chart


# -- drawing -------------------------------------------------------------------------------------------------

STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>\s*", re.S)
ROOT = re.compile(r"<svg\b")


def _presentation(match: re.Match) -> str:
    """``style="fill: #fff; stroke: none"`` as presentation attributes, which no style policy forbids."""
    pairs = [part.split(":", 1) for part in match.group(1).split(";") if ":" in part]
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def without_styles(svg: str) -> str:
    """matplotlib's SVG with no ``style`` element or attribute: the site's policy allows no inline style."""
    svg = STYLE_ELEMENT.sub("", svg)  # "*{stroke-linejoin: round; stroke-linecap: butt}": inherited from the root
    svg = ROOT.sub('<svg stroke-linejoin="round" stroke-linecap="butt"', svg, count=1)
    return STYLE_ATTRIBUTE.sub(_presentation, svg)


def draw(chart: Chart) -> str:
    """The chart as SVG text (matplotlib's object API on its own canvas: no pyplot, no GUI, thread-safe)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 3.6), layout="constrained")
    axes = figure.subplots()
    positions = list(range(len(chart.periods)))
    for n, series in enumerate(chart.series):
        xs = [x for x, v in zip(positions, series.values, strict=True) if v is not None]
        ys = [v for v in series.values if v is not None]
        main = n == 0
        axes.plot(xs, ys, marker="o" if main else None, linestyle="-" if main else "--", label=series.name)
        if series.has_interval:
            shown = [
                (x, v, lo, hi)
                for x, v, lo, hi in zip(positions, series.values, series.lower, series.upper, strict=True)
                if None not in (v, lo, hi)
            ]
            axes.errorbar(
                [x for x, *_ in shown],
                [v for _, v, *_ in shown],
                yerr=[[v - lo for _, v, lo, _ in shown], [hi - v for _, v, _, hi in shown]],
                fmt="none",
                capsize=3,
                ecolor=axes.lines[-1].get_color(),
                label="95% confidence interval",
            )
    axes.set_xticks(positions, chart.periods, rotation=45 if len(chart.periods) > 6 else 0, ha="right")
    if chart.unit:
        axes.set_ylabel(chart.unit)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize="small", frameon=False)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return without_styles(out.getvalue())
