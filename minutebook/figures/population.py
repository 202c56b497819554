"""Figures against the population the pack itself states.

A pack says how many people live in its area ("the population grew to 345,300
in 2021"). A rate or a share printed elsewhere implies its own denominator: a
count at a rate per 100,000 implies count / rate × 100,000 people, a count that
is a given percentage "of residents" implies count / share. A subgroup may be
smaller than the whole, so only an implied denominator larger than every figure
the pack gives for the whole (by more than 3%, for estimates of other dates) is
flagged: no part of an area's people outnumbers all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.sources.document import Document

from .arithmetic import show
from .indicators import columns, statistic
from .numbers import NUMBER, decimals, to_number
from .record import Flag
from .tables import Table

MARGIN = 1.03
LARGE = re.compile(r"(?<![\d,.£])(?P<n>\d{1,3}(?:,\d{3})+)(?!\d|,\d|\.\d)")
PLACES = re.compile(r"england|national|\buk\b|britain|region", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
ELSEWHERE = re.compile(
    r"england|national|\buk\b|britain|region|west|east|north|south|student|aged|children|adults?\b|"
    r"males?\b|females?\b|men\b|women|pupils|over \d+|under \d+|\d+\+|million|registered|gp\b|workforce",
    re.I,
)
SHARE_OF_PEOPLE = re.compile(
    rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+)(?!\d|,\d)[^.%]{{0,90}}?(?P<z>{NUMBER})\s?%\s+of\s+(?:all\s+|the\s+)?"
    r"(?:residents|the population|population|people)\b(?P<rest>[^.]{0,20})",
    re.I,
)
STATED = re.compile(r"\b(?:of|was|is|to|at|reached|around|over|about|approximately|nearly|almost|be)$")
CHANGE = re.compile(r"\b(?:by|increase|increased|rise|growth|grown|more|fewer|decline|fall|per)\b")
FUTURE = re.compile(r"project|forecast|expect|predict|\bwill\b|\bby 20\d\d", re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


@dataclass(frozen=True)
class Statement:
    people: int
    year: int | None
    line: int


def statements(document: Document) -> list[Statement]:
    """The whole population of the area, as the pack's prose states it ("a population of
    345,325", "grew ... to 345,300 in 2021"); changes ("grew by 28,000"), rates ("per 100,000"),
    projections and other places' populations are not statements of it."""
    found = []
    for line in document.lines:
        if "population" not in line.text.lower() or "\t" in line.text:
            continue
        for sentence in SENTENCE.split(line.text):
            at = sentence.lower().find("population")
            if at < 0 or ELSEWHERE.search(sentence[max(0, at - 30) : at]) or FUTURE.search(sentence):
                continue
            for match in LARGE.finditer(sentence, at):
                between = sentence[at : match.start()]
                if ELSEWHERE.search(between) or match.start() - at > 120:
                    break
                before = " ".join(sentence[: match.start()].lower().split()[-3:])
                if not STATED.search(before) or CHANGE.search(before):
                    continue
                found.append(Statement(int(to_number(match["n"])), year_of(sentence, match), line.number))
    return found


def year_of(sentence: str, match: re.Match) -> int | None:
    """The year a figure is given for: one printed just after it ("345,300 in 2021"), else
    the nearest before it."""
    after = YEAR.search(sentence[match.end() : match.end() + 16])
    if after:
        return int(after.group(0))
    before = list(YEAR.finditer(sentence[max(0, match.start() - 60) : match.start()]))
    return int(before[-1].group(0)) if before else None


def largest(found: list[Statement], year: int | None = None) -> Statement | None:
    candidates = [s for s in found if year is None or s.year == year]
    return max(candidates, key=lambda s: s.people, default=None)


def implied_by_tables(
    document: Document, tables: list[Table], found: list[Statement]
) -> list[tuple[bool, Flag]]:
    outcomes = []
    for table in tables:
        cols = columns(table)
        kind = statistic(document, table) if cols else None
        if not kind or kind[0] != "rate" or ELSEWHERE.search(table.title or ""):
            continue
        multiplier = kind[1]
        for row in table.rows:
            year = YEAR.search(row.label)
            stated = largest(found, int(year.group(0))) if year else None
            count, value = (
                row.cells[cols[n]] if cols[n] < len(row.cells) else None for n in ("count", "value")
            )
            if not stated or not (
                count and value and count.is_number and value.is_number and value.value > 0
            ):
                continue
            top = value.value + 0.5 * 10 ** -decimals(value.raw)
            implied = count.value / top * multiplier  # the smallest population the rounded rate allows
            outcomes.append(
                (
                    implied <= stated.people * MARGIN,
                    Flag(
                        "cross_ref",
                        [row.line, stated.line],
                        f"{row.label}: {count.raw} at {value.raw} per {show(multiplier)} implies a population of "
                        f"{show(round(count.value / value.value * multiplier))}, more than the {show(stated.people)} "
                        f"the pack gives for {stated.year}",
                        round(count.value / value.value * multiplier),
                        stated.people,
                        "medium",
                    ),
                )
            )
    return outcomes


def implied_by_prose(document: Document, found: list[Statement]) -> list[tuple[bool, Flag]]:
    whole = largest(found)
    if not whole:
        return []
    outcomes = []
    for line in document.lines:
        if "%" not in line.text:
            continue
        for match in SHARE_OF_PEOPLE.finditer(line.text):
            share = float(to_number(match["z"]))
            if not share or PLACES.search(match["rest"]):
                continue  # a share of another place's people
            count = float(to_number(match["n"]))
            top = share + 0.5 * 10 ** -decimals(match["z"])
            implied = count / top * 100
            outcomes.append(
                (
                    implied <= whole.people * MARGIN,
                    Flag(
                        "plausibility",
                        [line.number, whole.line],
                        f"{match['n']} people as {match['z']}% of residents implies "
                        f"{show(round(count / share * 100))} residents, more than the whole population of "
                        f"{show(whole.people)} the pack gives",
                        round(count / share * 100),
                        whole.people,
                        "medium",
                    ),
                )
            )
    return outcomes


def check_population(document: Document, tables: list[Table]) -> tuple[list[Flag], int]:
    found = statements(document)
    if not found:
        return [], 0
    outcomes = implied_by_tables(document, tables, found) + implied_by_prose(document, found)
    return [flag for holds, flag in outcomes if not holds], len(outcomes)
