"""Figures stated in the prose of a report: changes quoted beside their counts, and numbers
that cannot be read.

A report says "referrals rose from 503 to 840, an increase of 40%": both counts
and the change are printed, so the change can be re-derived. Only sentences
that name both counts and the change are checked; a change between two
percentages (points or per cent?) is ambiguous and left alone, as is a change
whose base is not printed.
"""

from __future__ import annotations

import re

from minutebook.sources.document import Document

from .arithmetic import show
from .numbers import NUMBER, decimals, rounds_to, to_number
from .record import Flag
from .tables import Table, fields_of

COUNT = rf"£?(?:{NUMBER})(?:\s?(?:m|bn|k)\b)?"
RISE = r"increase|rise|growth|uplift"
FALL = r"decrease|reduction|fall|drop|decline"
CHANGE = re.compile(
    rf"(?:(?P<noun>{RISE}|{FALL})\s+of\s+(?:about\s+|around\s+|almost\s+|nearly\s+)?(?P<z1>{NUMBER})\s?%"
    rf"|(?P<verb>increased|rose|risen|grew|gone up|decreased|reduced|fell|fallen|dropped|declined|gone down)"
    rf"\s+by\s+(?P<z2>{NUMBER})\s?%"
    rf"|(?P<z3>{NUMBER})\s?%\s+(?P<noun3>{RISE}|{FALL})"
    rf"|\((?P<z4>{NUMBER})\s?%\s+(?=from\b))",
    re.I,
)
CHANGE_WORD = re.compile(
    rf"{RISE}|{FALL}|increased|rose|risen|grew|gone up|decreased|reduced|fell|fallen|dropped|declined|gone down",
    re.I,
)
FROM_TO = re.compile(
    rf"\bfrom\s+(?P<x>{COUNT})(?![\d%])(?P<between>[^%;]{{0,60}}?)\bto\s+(?P<y>{COUNT})(?![\d%])", re.I
)
ON_BASE = re.compile(rf"^\s*(?:on|from|compared\s+(?:to|with))\s+(?:the\s+)?(?P<x>{COUNT})(?![\d%])", re.I)
COUNTS = re.compile(rf"(?<![\d.,/£])(?P<n>{COUNT})(?![\d%/.,]\d|\s?%|\d)")
SHARE_OF_WHOLE = re.compile(rf"(?<![\d.,£])(?P<x>{NUMBER})\s*\(\s*(?P<z>{NUMBER})\s?%\s*\)")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
# A comma that groups digits in fours: "180,1613", "£30,2713". No convention prints that.
QUICK_MALFORMED = re.compile(r"\d,\d{4}")
MALFORMED = re.compile(r"(?<![\d,.])£?\d{1,3}(?:,\d{3})*,\d{4,}(?!\d|,\d)")


def is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", text))


def amount(text: str) -> float | None:
    """A count as printed in prose, or None for a year (a period, not a figure)."""
    bare = re.sub(r"^£|\s?(?:m|bn|k)$", "", text.strip(), flags=re.I)
    if is_year(bare):
        return None
    return float(to_number(bare))


def nearest(spans, change: re.Match, reach: int = 60) -> re.Match | None:
    """The "from X to Y" that belongs to a change: the one printed right beside it."""
    best, distance = None, reach + 1
    for span in spans:
        gap = max(span.start() - change.end(), change.start() - span.end(), 0)
        if gap < distance:
            best, distance = span, gap
    return best


def change_claims(sentence: str) -> list[tuple[float, float, float, str]]:
    """(old, new, printed change %, printed text) for each change the sentence quotes with both counts."""
    claims = []
    changes = list(CHANGE.finditer(sentence))
    spans = list(FROM_TO.finditer(sentence))
    # Each "from X to Y" belongs to the change printed nearest to it.
    owner = {id(span): nearest(changes, span, reach=10**6) for span in spans}
    for match in changes:
        printed = next(match[g] for g in ("z1", "z2", "z3", "z4") if match[g])
        old = new = None
        span = nearest([sp for sp in spans if owner[id(sp)] is match], match)
        if span and amount(span["x"]) is not None and amount(span["y"]) is not None:
            old, new = amount(span["x"]), amount(span["y"])
        elif base := ON_BASE.match(sentence[match.end() :]):
            old = amount(base["x"])
            before = [amount(m["n"]) for m in COUNTS.finditer(sentence[: match.start()])]
            before = [b for b in before if b is not None]
            new = before[-1] if before else None
        if old is None or new is None or old == 0 or old == new:
            continue
        claims.append((old, new, float(to_number(printed)), printed))
    return claims


def share_claims(sentence: str) -> list[tuple[float, float, float, str]]:
    """(count, base, printed share, printed text) for a sentence that splits a whole into parts
    printed "count (share%)": the shares add up to 100, so the whole is the counts' sum."""
    parts = [(amount(m["x"]), m["z"]) for m in SHARE_OF_WHOLE.finditer(sentence)]
    parts = [(x, z) for x, z in parts if x is not None]
    shares = [float(to_number(z)) for _, z in parts]
    if len(parts) < 3 or abs(sum(shares) - 100) > 0.5 * len(parts):
        return []
    base = sum(x for x, _ in parts)
    return [(x, base, share, z) for (x, z), share in zip(parts, shares, strict=True)] if base else []


# "... to 1,382 in 2016/17. Of these, 205 (15%) are in progress": a part of the whole the sentence before printed.
OF_THESE = re.compile(
    rf"^\s*Of\s+(?:these|those|which|them)\b,?\s*(?P<x>{NUMBER})\s*\(\s*(?P<z>{NUMBER})\s?%\s*\)", re.I
)


def part_of_previous(previous: str, sentence: str) -> tuple[float, float, float, str] | None:
    """(count, base, printed share, printed text) for a sentence that opens "Of these, N (P%)", when the
    sentence before printed one count only, the whole it speaks of (years and percentages are not counts).
    With two counts before, which one "these" are is a guess, and nothing is checked."""
    part = OF_THESE.match(sentence)
    if not part:
        return None
    bases = [b for found in COUNTS.finditer(previous) if (b := amount(found["n"])) is not None]
    count = amount(part["x"])
    if len(bases) != 1 or count is None or not 0 < count <= bases[0]:
        return None
    return count, bases[0], float(to_number(part["z"])), part["z"]


def half_unit(value: float) -> float:
    """Half a unit of the last printed decimal of a figure that shows decimals (a whole
    count is exact): "£5.2m" may be anything from £5.15m to £5.25m."""
    if float(value).is_integer():
        return 0.0
    return 0.5 * 10 ** -decimals(repr(float(value)))


def within_rounding(old: float, new: float, printed: float, raw: str) -> bool:
    """METHODS.md §6: with rounded inputs, any change their rounding allows holds."""
    ho, hn = half_unit(old), half_unit(new)
    if not ho and not hn:
        return False
    corners = [abs((n - o) / o * 100) for o in (old - ho, old + ho) for n in (new - hn, new + hn) if o]
    slack = 0.5 * 10 ** -decimals(raw)
    return min(corners) - slack <= printed <= max(corners) + slack


MULTIPLES = {
    "doubled": 2,
    "doubling": 2,
    "tripled": 3,
    "trebled": 3,
    "tripling": 3,
    "halved": 0.5,
    "halving": 0.5,
}
MULTIPLE = re.compile(
    r"(?P<hedge>more than |over |almost |nearly |around |about |)(?P<word>doubled|doubling|tripled|"
    r"trebled|tripling|halved|halving)",
    re.I,
)


def says_multiple(text: str) -> bool:
    low = text.lower()
    return "doubl" in low or "tripl" in low or "trebl" in low or "halv" in low


def allowed_ratio(match: re.Match) -> tuple[float, float]:
    """The lowest and highest ratio the words of a MULTIPLE allow: "almost doubled" is 1.7 to 2 times."""
    factor = MULTIPLES[match["word"].lower()]
    return {
        "more than": (factor, factor * 1.5),
        "over": (factor, factor * 1.5),
        "almost": (factor * 0.85, factor),
        "nearly": (factor * 0.85, factor),
    }.get(match["hedge"].strip().lower(), (factor * 0.9, factor * 1.1))


def multiple_claims(sentence: str) -> list[tuple[float, float, str, float, float]]:
    """(old, new, the words, lowest, highest ratio they allow) for "doubled from X to Y"."""
    claims = []
    spans = list(FROM_TO.finditer(sentence))
    for match in MULTIPLE.finditer(sentence):
        span = nearest(spans, match)
        if not span or amount(span["x"]) in (None, 0) or amount(span["y"]) is None:
            continue
        claims.append((amount(span["x"]), amount(span["y"]), match.group(0), *allowed_ratio(match)))
    return claims


# The column of the period a table's commentary compares with: "Prev Q4", "Last year", "Previous quarter".
EARLIER_COLUMN = re.compile(r"^(?:prev(?:ious)?|last)\b", re.I)
EARLIER_IN_TEXT = re.compile(r"\b(?:prev(?:ious)?|last)\b", re.I)
UNDER_TABLE = 8  # lines below a table in which its commentary is looked for


def multiples_of_rows(document: Document, tables: list[Table]) -> tuple[list[Flag], int]:
    """Commentary under a table that says a row "almost doubled" since the earlier period the table prints.

    "Organisational abuse and sexual exploitation have both almost doubled in comparison to the last
    quarter" under a table with a "Prev Q4" column and the latest quarter last: each row the sentence names
    before its claim is read from the earlier column to the last. Only a sentence that names an earlier
    period, under a table that has a column for one, is read: which periods are compared is otherwise a guess."""
    flags: list[Flag] = []
    checked = 0
    index = {line.number: i for i, line in enumerate(document.lines)}
    for table in tables:
        earlier = [j for j in range(table.width) if EARLIER_COLUMN.search(table.header(j))]
        if len(earlier) != 1 or earlier[0] == table.width - 1 or table.lines[1] not in index:
            continue
        then, now = earlier[0], table.width - 1
        start = index[table.lines[1]] + 1
        labels = sorted(
            (row for row in table.rows if not row.is_total and row.label.strip()),
            key=lambda row: -len(row.label),
        )
        for line in document.lines[start : start + UNDER_TABLE]:
            if not says_multiple(line.text) or fields_of(line.text) is not None:
                continue
            for sentence in SENTENCE.split(line.text):
                claim = MULTIPLE.search(sentence)
                if not claim or not EARLIER_IN_TEXT.search(sentence) or FROM_TO.search(sentence):
                    continue
                subject = sentence[: claim.start()].lower()
                low, high = allowed_ratio(claim)
                for row in labels:
                    at = re.search(rf"\b{re.escape(row.label.lower())}\b", subject)
                    if not at or now >= len(row.cells):
                        continue
                    subject = subject[: at.start()] + " " * len(at.group(0)) + subject[at.end() :]
                    old, new = row.cells[then], row.cells[now]
                    if not old.is_number or not new.is_number or not old.value:
                        continue
                    checked += 1
                    ratio = new.value / old.value
                    if not low <= ratio <= high:
                        flags.append(
                            Flag(
                                "ratio",
                                [row.line, line.number],
                                f"Printed '{claim.group(0)}' for {row.label}; {table.header(then)} {old.raw} → "
                                f"{table.header(now)} {new.raw} is {ratio:.2f} times",
                                round(ratio, 6),
                                claim.group(0),
                                "medium",
                            )
                        )
    return flags, checked


def check_prose(document: Document, table_lines: set[int]) -> tuple[list[Flag], int]:
    flags: list[Flag] = []
    checked = 0
    for line in document.lines:
        for bad in MALFORMED.finditer(line.text) if QUICK_MALFORMED.search(line.text) else ():
            checked += 1
            flags.append(
                Flag(
                    "format",
                    [line.number],
                    f"'{bad.group(0)}' is not a well-formed number: its digits are grouped in fours",
                    "not a well-formed number",
                    bad.group(0),
                    "medium",
                    note="a digit dropped or added when the figure was typed",
                )
            )
        if line.number in table_lines or ("%" not in line.text and not says_multiple(line.text)):
            continue
        previous = ""
        for sentence in SENTENCE.split(line.text):
            parts = [(claim, "high") for claim in share_claims(sentence)]
            if (of_previous := part_of_previous(previous, sentence)) is not None:
                parts.append(
                    (of_previous, "medium")
                )  # which whole "these" are is read from the sentence before
            previous = sentence
            for (count, base, printed, raw), confidence in parts:
                checked += 1
                computed = count / base * 100
                if not rounds_to(computed, printed, decimals(raw)):
                    flags.append(
                        Flag(
                            "percent_of",
                            [line.number],
                            f"Printed {raw}%; {show(count)} of the {show(base)} in all is {computed:.1f}%",
                            round(computed, 6),
                            printed,
                            confidence,
                        )
                    )
            multiples = multiple_claims(sentence) if says_multiple(sentence) else []
            for old, new, words, low, high in multiples:
                checked += 1
                ratio = new / old
                if not low <= ratio <= high:
                    flags.append(
                        Flag(
                            "ratio",
                            [line.number],
                            f"Printed '{words}'; {show(old)} → {show(new)} is {ratio:.2f} times",
                            round(ratio, 6),
                            words,
                            "medium",
                        )
                    )
            for old, new, printed, raw in change_claims(sentence) if CHANGE_WORD.search(sentence) else ():
                checked += 1
                computed = (new - old) / old * 100
                if rounds_to(abs(computed), printed, decimals(raw)) or within_rounding(
                    old, new, printed, raw
                ):
                    continue
                flags.append(
                    Flag(
                        "pct_change",
                        [line.number],
                        f"Printed {raw}%; {show(old)} → {show(new)} is {computed:+.0f}%",
                        round(computed, 6),
                        printed,
                    )
                )
    return flags, checked
