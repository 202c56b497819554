"""Which council published a document: the council name it prints most often.

UK councils are named in a handful of forms, and a minute book gathering many councils' papers must tell
them apart (two councils' Health and Wellbeing Boards are two boards), so each form is read:

- a place and a kind: "Coventry City Council", "Sandwell Metropolitan Borough Council", "Bridgend County
  Borough Council", "Knutsford Town Council", "Llanfair Community Council";
- a place and "Council" alone, as most unitary, Scottish and Welsh councils are named: "Wiltshire Council",
  "Angus Council", "The Highland Council" (read as "Highland Council"), "City of York Council";
- "London Borough of Camden", "Royal Borough of Kingston upon Thames";
- a combined authority, which publishes committee papers as a council does: "West Midlands Combined Authority".

The kind is found first and the place read backwards from it over a bounded window (forwards after "Borough
of"), so every character of a line is looked at a bounded number of times, however long the line. Mentions
such as "the Council", "Full Council", "the County Council" name no place and are passed over; so is a
title printed in capitals ("ANGUS COUNCIL" is "Angus Council").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from minutebook.sources.document import Document

UNKNOWN = "Unknown council"
KIND = re.compile(
    r"(?<![A-Za-z])(?:(?:(?:Metropolitan|County)\s+Borough|Metropolitan\s+District|City|County|Borough|District"
    r"|Town|Parish|Community)\s+)?Council\b|(?<![A-Za-z])Combined\s+Authority\b",
    re.IGNORECASE,
)
BOROUGH_OF = re.compile(r"(?<![A-Za-z])(?:London|Royal)\s+Borough\s+of\s+", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_][\w'’.]*(?:-[^\W_][\w'’]*)*|&")
# A council named as someone's other role is not the publisher: "as a member of Bicester Town Council"
ROLE_BEFORE = re.compile(
    r"(?:member|employee|governor|trustee|director|worker|works|working|employed|councillor|representative)"
    r"\s+(?:of|for|by|at|on)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
WINDOW = 120  # characters before "City Council" (or after "Borough of") that can hold the place's name
# Words joining a place's name: "Stoke on Trent", "Telford and Wrekin", "Blackburn with Darwen"
JOINING = {"and", "&", "upon", "on", "under", "in", "with", "le"}
# "of" joins only after these: "Isle of Wight Council", "Vale of Glamorgan Council", "City of York Council"
OF_AFTER = {"isle", "isles", "vale", "city", "county"}
# Words a sentence puts before "Council" that are not (the start of) a place
NOT_PLACE = frozenset(
    "the this that our your their its each every any a an full joint whole local said same previous "
    "next other another both which whose".split()
)
# Words that end a place read backwards, in any case ("REPORT TO COUNCIL", "Members of Camden Council")
STOP = frozenset(
    "to for from by at as is was are were be report reports meeting meetings minutes agenda item "
    "items notice members member leader chief director officer officers chair chairman mayor clerk "
    "cllr councillor dear summons decision decisions question questions motion motions cabinet "
    "executive".split()
)
# Words that end a body's name, not a place's: "Youth Council", "Executive Council"
NOT_LAST = frozenset(
    "youth executive cabinet student students schools school advisory research arts sports medical "
    "care partnership area ward neighbourhood locality members member parish town city county borough "
    "district community metropolitan".split()
)


def council_names(text: str) -> Iterator[str]:
    """Each council name in a line, in the form it is printed (capitals read as a title)."""
    end = 0  # names do not overlap: "A City Council and B Borough Council" is two councils
    for kind in KIND.finditer(text):
        if kind.start() < end:
            continue
        words = [
            (w.group(), w.start()) for w in WORD.finditer(text, max(end, kind.start() - WINDOW), kind.start())
        ]
        place = _place_before(words, text, kind.start())
        if place is not None:
            end = kind.end()
            if ROLE_BEFORE.search(text, max(0, place - 40), place):
                continue
            yield _as_printed(f"{text[place : kind.start()].strip()} {kind.group()}")
    for borough in BOROUGH_OF.finditer(text):
        words = [
            (w.group(), w.start(), w.end())
            for w in WORD.finditer(text, borough.end(), borough.end() + WINDOW)
        ]
        last = _place_after(words, text, borough.end())
        if last is not None and not ROLE_BEFORE.search(text, max(0, borough.start() - 40), borough.start()):
            yield _as_printed(text[borough.start() : last])


def _place_before(words: list[tuple[str, int]], text: str, stop: int) -> int | None:
    """Where the place ending just before ``stop`` starts, reading ``words`` backwards; None when there is none."""
    start, at = None, stop
    for n in range(len(words) - 1, -1, -1):
        word, begins = words[n]
        if text[begins + len(word) : at].strip():  # punctuation between: the name ended
            break
        lower = word.lower()
        if lower in STOP:
            break
        if word[0].isupper() and lower not in JOINING:
            start, at = begins, begins
        elif start is not None and (
            lower in JOINING or (lower == "of" and n and words[n - 1][0].lower() in OF_AFTER)
        ):
            at = begins  # a joining word only counts once a place word stands before it
        else:
            break
    if start is None:
        return None
    # the place begins at its first place word: not a joining or sentence word ("The", "Full")
    tail = [(w, b) for w, b in words if b >= start]
    while tail and (
        tail[0][0].lower() in NOT_PLACE or tail[0][0].lower() in JOINING or tail[0][0].lower() == "of"
    ):
        tail.pop(0)
    if not tail or tail[-1][0].lower() in NOT_LAST:
        return None
    return tail[0][1]


def _place_after(words: list[tuple[str, int, int]], text: str, begins: int) -> int | None:
    """Where the place starting at ``begins`` ("London Borough of Camden") ends; None when there is none."""
    last, at, pending = None, begins, False
    for word, starts, ends in words:
        if text[at:starts].strip() or word.lower() in STOP:
            break
        if word[0].isupper() and word.lower() not in JOINING:
            last, pending = ends, False
        elif last is not None and word.lower() in JOINING and not pending:
            pending = True
        else:
            break
        at = ends
    return last


def _as_printed(name: str) -> str:
    name = " ".join(name.split())
    if not any(c.islower() for c in name):  # a title in capitals
        name = " ".join("-".join(_titled(part) for part in word.split("-")) for word in name.split(" "))
    return re.sub(
        r"\b(council|authority|borough|county|city|district|town|parish|community|metropolitan|combined)\b",
        lambda m: m.group().capitalize(),
        name,
    )


def _titled(word: str) -> str:
    lower = word.lower()
    return lower if lower in JOINING or lower == "of" else word.capitalize()


def council_of(document: Document) -> str:
    """The council that published a document: the council name it prints most often."""
    counts: Counter[str] = Counter()
    for line in document.lines[:3000]:
        text = line.text
        if (
            "ouncil" in text
            or "OUNCIL" in text
            or "UTHORITY" in text
            or "uthority" in text
            or "OROUGH" in text
            or "orough" in text
        ):
            counts.update(council_names(text))
    return counts.most_common(1)[0][0] if counts else UNKNOWN


def place_of(council: str) -> str:
    """The place a council's name holds: "Coventry" of "Coventry City Council", "Camden" of "London Borough of
    Camden" (a board's name often starts with it: "Coventry Health and Wellbeing Board")."""
    if borough := BOROUGH_OF.match(council):
        return council[borough.end() :]
    if kind := KIND.search(council):
        return council[: kind.start()].strip()
    return council
