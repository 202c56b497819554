"""Reading the numbers of UK council and public-health tables as they are printed.

A cell may carry a currency ("£1,292,552", "£23.877m"), a percentage ("17%"),
a count with its share ("37 (29%)"), a value with last year's in brackets
("78% (70.4%)"), a negative in brackets ("(12.5)"), a footnote mark ("1,079¹")
or nothing a reader could use ("-", "n/a", "*"). The value is never scaled:
"£23.877m" is 23.877 in £m, as printed, so that a check can compare it with
what sits beside it at the printed precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

# A number as councils print it: thousands grouped by commas, or not grouped at all.
NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
DECIMALS = re.compile(r"\.(\d+)")
MARKUP = re.compile(r"<[^>]+>")
SUPERSCRIPT = re.compile(r"<sup>[^<]{0,4}</sup>", re.I)  # a footnote mark: "1,079<sup>1</sup>"
FOOTNOTE = re.compile(r"(?<=[\d%m)])\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§]+|\[\d{1,2}\])$")
EMPTY = {"", "-", "–", "—", "n/a", "na", "n.a.", "*", "..", ":", "x", "tbc", "nil"}

PLAIN = re.compile(
    rf"^(?P<neg>[-−–])?(?P<cur>£)?(?P<neg2>[-−])?(?P<num>{NUMBER})\s?(?P<mag>m|bn|k)?\s?(?P<pct>%)?$", re.I
)
BRACKETED = re.compile(rf"^\((?P<cur>£)?(?P<num>{NUMBER})(?P<mag>m|bn|k)?(?P<pct>%)?\)$", re.I)
SHARE = re.compile(rf"^(?P<num>{NUMBER})\s*\(\s*(?P<share>{NUMBER})\s?%\s*\)$")
NOW_AND_BEFORE = re.compile(rf"^(?P<num>{NUMBER})\s?%\s*\(\s*(?P<prev>{NUMBER})\s?%\s*\)$")
# "16.9 years", "61.1 (males)", "10.2 year gap (females)": a number with a few words of unit.
WORDED = re.compile(rf"^(?P<num>{NUMBER})\s+(?P<words>\(?[A-Za-z][A-Za-z ]{{0,24}}\)?)$")
NOT_A_UNIT = re.compile(r"\b(?:of|by|at|to|in|per|and|from)\b", re.I)
# A telephone number or a code with a leading zero ("02476 972309"): an identifier, not a figure.
CODE = re.compile(r"^0\d{3,}(?:\s?\d+)*$")
# An opening bracket left by a converter that lost the closing one: "(84.2".
UNCLOSED = re.compile(rf"^\((?P<num>{NUMBER})$")


@dataclass(frozen=True, slots=True)
class Cell:
    raw: str
    value: float | int | None = None
    unit: str | None = None
    percent: float | None = None
    previous: float | None = None

    @property
    def is_number(self) -> bool:
        return self.value is not None

    def as_json(self) -> dict:
        data = {"raw": self.raw, "value": self.value, "unit": self.unit}
        if self.percent is not None:
            data["percent"] = self.percent
        if self.previous is not None:
            data["previous"] = self.previous
        return data


def to_number(text: str) -> float | int:
    """'3,332' -> 3332, '12.50' -> 12.5: integers stay integers so that JSON shows them as printed."""
    text = text.replace(",", "")
    return int(text) if text.isascii() and text.isdigit() else float(text)


def decimals(text: str) -> int:
    """How many decimals a printed number shows: the precision a check must compare at."""
    match = DECIMALS.search(text)
    return len(match.group(1)) if match else 0


def clean(raw: str) -> str:
    """The text of a cell as a reader sees it: markup, bold marks and stray spaces gone."""
    text = MARKUP.sub("", SUPERSCRIPT.sub("", raw)) if "<" in raw else raw
    text = text.replace("**", "").replace("\u00a0", " ")
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def read_cell(raw: str) -> Cell:
    text = clean(raw)
    bare = FOOTNOTE.sub("", text).strip()
    if bare.lower() in EMPTY or CODE.match(bare):
        return Cell(text)
    if match := PLAIN.match(bare):
        value = to_number(match["num"])
        if match["neg"] or match["neg2"]:
            value = -value
        return Cell(text, value, unit_of(match["cur"], match["mag"], match["pct"]))
    if match := SHARE.match(bare):
        return Cell(text, to_number(match["num"]), None, percent=float(to_number(match["share"])))
    if match := NOW_AND_BEFORE.match(bare):
        return Cell(text, float(to_number(match["num"])), "%", previous=float(to_number(match["prev"])))
    if match := BRACKETED.match(bare):
        # Accounts print a negative in brackets.
        return Cell(text, -to_number(match["num"]), unit_of(match["cur"], match["mag"], match["pct"]))
    if match := UNCLOSED.match(bare):
        return Cell(text, to_number(match["num"]))
    if (match := WORDED.match(bare)) and not NOT_A_UNIT.search(match["words"]):
        return Cell(text, to_number(match["num"]))
    return Cell(text)


def unit_of(currency: str | None, magnitude: str | None, percent: str | None) -> str | None:
    if percent:
        return "%"
    if currency:
        return "£" + (magnitude or "").lower()
    return None


def rounds_to(computed: float, printed: float, places: int) -> bool:
    """Fingertips' and the gold's rule: a printed figure holds when it is the computed one
    rounded half-up, or cut short, at the printed number of decimals."""
    exact = Decimal(repr(float(computed)))
    quantum = Decimal(1).scaleb(-places)
    target = Decimal(repr(float(printed))).quantize(quantum)
    for mode in (ROUND_HALF_UP, ROUND_DOWN):
        if abs(exact).quantize(quantum, rounding=mode) == abs(target):
            return True
    return False
