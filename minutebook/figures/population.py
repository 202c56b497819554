"""Figures against the population the pack itself states.

A pack says how many people live in its area ("the population grew to 345,300
in 2021"). A rate or a share printed elsewhere implies its own denominator: a
count at a rate per 100,000 implies count / rate × 100,000 people, a count that
is a given percentage "of residents" implies count / share. A subgroup may be
smaller than the whole, so only an implied denominator larger than every figure
the pack gives for the whole (by more than 3%, for estimates of other dates) is
flagged: no part of an area's people outnumbers all of them. A place's whole population
given twice for the same year (or twice without one), a headline figure of an
infographic included, must agree within its rounding. A rate the pack says it
worked out on its stated population ("using Census 2021 population data, the
rate per 100,000 is ...") must give that population back from its count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.sources.document import Document

from .arithmetic import show
from .claims import SENTENCE
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
# "Using Census 2021 population data to calculate the rate ... per 100,000 population it is 35,856.39".
ON_POPULATION = re.compile(
    r"\busing (?:the )?(?:census )?(?P<year>(?:19|20)\d\d)(?: census| mid-year)? population\b", re.I
)
PER = re.compile(r"\bper (?P<m>100,000|10,000|1,000|100)\b", re.I)


@dataclass(frozen=True)
class Statement:
    people: int
    year: int | None
    line: int
    place: frozenset[str] = frozenset()  # the names in its words ("Coventry"): whose people they are


# An infographic's headline figure: the number on a line of its own ("**371,521**"), its caption beside it.
HEADLINE = re.compile(r"^[#*\s]*(?P<n>\d{1,3}(?:,\d{3})+)[*\s]*$")
NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*\b")
NOT_NAMES = {
    "The",
    "Our",
    "Total",
    "Population",
    "Resident",
    "Residents",
    "People",
    "Estimated",
    "Current",
    "In",
}


def place_of(text: str) -> frozenset[str]:
    return frozenset(NAME.findall(text)) - NOT_NAMES


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
                found.append(
                    Statement(
                        int(to_number(match["n"])), year_of(sentence, match), line.number, place_of(sentence)
                    )
                )
    return found + headlines(document)


def headlines(document: Document) -> list[Statement]:
    """Headline figures of the whole population: "371,521" on a line of its own, "total population of the
    city" on the line before or after it (a short caption: no change, projection or other place)."""
    found = []
    lines = document.lines
    for i, line in enumerate(lines):
        if not (match := HEADLINE.match(line.text)):
            continue
        above = [other.text for other in reversed(lines[max(0, i - 3) : i]) if other.text.strip()]
        below = [other.text for other in lines[i + 1 : i + 4] if other.text.strip()]
        for caption in above[:1] + below[:1]:
            words = caption.replace("#", " ").replace("*", " ").split()
            if (
                "population" in caption.lower()
                and len(words) <= 8
                and not LARGE.search(caption)
                and not ELSEWHERE.search(caption)
                and not CHANGE.search(caption.lower())
                and not FUTURE.search(caption)
            ):
                year = YEAR.search(caption)
                found.append(
                    Statement(
                        int(to_number(match["n"])),
                        int(year.group(0)) if year else None,
                        line.number,
                        place_of(caption),
                    )
                )
                break
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


def rates_on_stated_population(document: Document, found: list[Statement]) -> list[tuple[bool, Flag]]:
    """A rate the pack says it worked out on the population of a year it states: the first count of the
    paragraph over the first rate after "per 100,000" must give back that population, within the rounding
    of both. (A rate printed without saying so may be of a subgroup or another estimate: see
    implied_by_tables.)"""
    outcomes = []
    for line in document.lines:
        using = ON_POPULATION.search(line.text)
        per = PER.search(line.text, using.end()) if using else None
        if not per:
            continue
        stated = largest([s for s in found if not PLACES.search(" ".join(s.place))], int(using["year"]))
        counts = [m for m in LARGE.finditer(line.text, 0, using.start())]
        rate = re.search(rf"\b(?:is|was|of|at)\s+(?P<r>{NUMBER})", line.text[per.end() : per.end() + 80])
        if not stated or not counts or not rate:
            continue
        count, value = to_number(counts[0]["n"]), to_number(rate["r"])
        if not value:
            continue
        multiplier = to_number(per["m"])
        half = 0.5 * 10 ** -decimals(rate["r"])
        low, high = count / (value + half) * multiplier, count / max(value - half, 1e-9) * multiplier
        slack = rounding(stated.people)
        implied = round(count / value * multiplier)
        outcomes.append(
            (
                low <= stated.people + slack and high >= stated.people - slack,
                Flag(
                    "rate",
                    sorted({line.number, stated.line}),
                    f"{counts[0]['n']} at {rate['r']} per {per['m']}, worked out on the {using['year']} population, "
                    f"implies a population of {show(implied)}; the pack gives {show(stated.people)} for "
                    f"{stated.year}",
                    implied,
                    stated.people,
                    "medium",
                ),
            )
        )
    return outcomes


def rounding(people: int) -> float:
    """Half the step a whole population is printed to: 345,000 may be anything from 344,500 to 345,499."""
    for step in (1000, 100, 10):
        if people % step == 0:
            return step / 2
    return 0.0


def restated(found: list[Statement]) -> list[tuple[bool, Flag]]:
    """One place's whole population given twice in the pack for the same year (or both without one): the
    two must agree within their rounding. Figures of different years are different estimates, and a
    statement whose words name other places too is not compared."""
    outcomes = []
    first: dict[tuple, Statement] = {}
    for statement in found:
        if not statement.place:
            continue
        key = (statement.place, statement.year)
        earlier = first.setdefault(key, statement)
        if earlier is statement:
            continue
        gap = abs(statement.people - earlier.people)
        outcomes.append(
            (
                gap <= max(rounding(statement.people), rounding(earlier.people)),
                Flag(
                    "cross_ref",
                    sorted({earlier.line, statement.line}),
                    f"The population of {' '.join(sorted(statement.place))} is given as {show(earlier.people)} "
                    f"and as {show(statement.people)}"
                    + (f", both for {statement.year}" if statement.year else ", neither with its year"),
                    statement.people,
                    earlier.people,
                    "medium",
                    note="two estimates of one measure in one pack: probably of different dates",
                ),
            )
        )
    return outcomes


def check_population(document: Document, tables: list[Table]) -> tuple[list[Flag], int]:
    found = statements(document)
    if not found:
        return [], 0
    outcomes = (
        implied_by_tables(document, tables, found)
        + implied_by_prose(document, found)
        + restated(found)
        + rates_on_stated_population(document, found)
    )
    return [flag for holds, flag in outcomes if not holds], len(outcomes)
