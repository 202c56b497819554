"""People as minutes list them: present, in attendance, apologies, substitutes.

Attendance lists come in every shape: one per line with a role after a
comma ("Jane Moore, Director of Public Health"), several run together on a
line ("Councillor J Clifford Councillor D Kershaw"), names followed by their
directorate with no separator ("V Castree, Place Directorate L Gaulton, ..."),
plain comma lists ("J Fowles, L Gaulton, R Chapman"), and names that a
converter wrapped onto the next line ("Councillor J" / "Lepoidevin").
"""

from __future__ import annotations

import re

from .records import Apology, Attendee, Span
from .text import Row

HONORIFIC = re.compile(
    r"^(?:(?:councillors?|cllrs?|mr|mrs|ms|miss|mx|dr|professor|prof|sir|dame|rev(?:erend)?|the\s+rt\.?\s+hon|"
    r"lord|lady|baroness|baron|chief\s+superintendent|superintendent|chief\s+inspector|inspector|"
    r"chief\s+constable|alderman|county\s+councillor|city\s+councillor)\.?\s+)+",
    re.I,
)
# Initials and a surname: "D Gannon", "J. P. Smith", "A Bayliss-Pratt", "M O'Hara".
INITIALS_NAME = re.compile(
    r"(?:(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr|Professor)\.?\s+)?\b[A-Z](?:\.?\s?[A-Z])?\.?\s+[A-Z][A-Za-z'’\-]+(?:-[A-Z][a-z]+)?"
)
ROLE_WORDS = re.compile(
    r"\b(director|chief|officer|manager|head|chair|chairman|chairperson|member|lead|consultant|executive|"
    r"commissioner|cabinet|leader|mayor|secretary|clerk|adviser|advisor|co-ordinator|coordinator|"
    r"superintendent|portfolio|deputy|vice|principal|nurse|governor|president|independent|administrator|"
    r"assistant|solicitor|accountant|analyst|lawyer|treasurer|auditor|specialist|practitioner|support)\b",
    re.I,
)
ORGANISATION_WORDS = re.compile(
    r"\b(council|nhs|trust|ccg|icb|board|university|police|healthwatch|partnership|directorate|services?|"
    r"hospitals?|group|limited|ltd|federation|alliance|england|commissioning|authority|team|care|public health|"
    r"governance|law|voluntary|action|college|fire|rescue|ambulance|community|foundation|department)\b",
    re.I,
)
NOT_A_NAME = re.compile(
    r"\b(the|was|were|is|are|had|has|have|be|been|would|will|and the|of the|meeting|noted|present|attended|"
    r"received|apologies|none|nil|no|there|item|minutes?|report)\b",
    re.I,
)
# "and" joins two people only where a name visibly starts after it: an honorific or initials.
AND_NEXT_PERSON = re.compile(
    r";|\s+and\s+(?=(?:Councillors?|Cllr|Dr|Mr|Mrs|Ms|Miss|Professor)\b|[A-Z]\.?\s+[A-Z])"
)
CHAIR_ROLE = re.compile(r"\((?P<role>[^()]{2,60})\)")
NAME_TOKEN = re.compile(r"^[A-Z][\w'’\-.]*$")


def strip_honorifics(name: str) -> str:
    return HONORIFIC.sub("", name.strip()).strip(" ,.;:")


def looks_like_name(text: str) -> bool:
    """A person's name as printed: two to five capitalised words, or a lone surname."""
    text = strip_honorifics(text)
    tokens = text.split()
    if not 1 <= len(tokens) <= 5 or len(text) > 60:
        return False
    if any(not NAME_TOKEN.match(t) for t in tokens):
        return False
    if ORGANISATION_WORDS.search(text) or NOT_A_NAME.search(text) or ROLE_WORDS.search(text):
        return False
    return True


def parse_person(chunk: str) -> tuple[str, str | None] | None:
    """One entry of a list: ("D Gannon", "Chair") from "Councillor D Gannon (Chair)"."""
    chunk = chunk.strip(" ,;:-–.")
    role = None
    m = CHAIR_ROLE.search(chunk)
    if m:
        inner = m.group("role").strip()
        if ROLE_WORDS.search(inner) or inner.lower() in ("chair", "vice-chair", "vice chair", "deputy chair"):
            role = inner
        chunk = (chunk[: m.start()] + chunk[m.end() :]).strip(" ,")
    name, _, rest = chunk.partition(",")
    name = strip_honorifics(name)
    if not looks_like_name(name):
        return None
    rest = rest.strip(" ,")
    if rest and role is None:
        first = rest.split(",")[0].strip()
        if ROLE_WORDS.search(first):
            role = first
    return name, role


def split_people(text: str) -> list[tuple[str, str | None]]:
    """Every person named in a stretch of an attendance list."""
    text = text.strip()
    if not text:
        return []
    # Several "Councillor X" run together on one line.
    councillor_runs = COUNCILLOR_RUN.split(text)
    councillor_runs = [c for c in councillor_runs if c.strip(" ,;")]
    if len(councillor_runs) > 1:
        return [p for c in councillor_runs for p in split_people_simple(c)]
    return split_people_simple(text)


def _whole_name(text: str) -> bool:
    """A list piece that is a person by itself: two or more name words, or a titled surname."""
    bare = CHAIR_ROLE.sub("", text).strip()
    return looks_like_name(bare) and (len(strip_honorifics(bare).split()) >= 2 or bool(HONORIFIC.match(bare)))


COUNCILLOR_RUN = re.compile(r"(?=\b(?:Councillor|Cllr)\.?\s)")  # where the next "Councillor X" starts
PLURAL = re.compile(r"^(?:Councillors|Cllrs)\s+(.*)$")  # "Councillors Clifford, Gannon and Walsh"
LIST_SEPARATOR = re.compile(r",|\s+and\s+")


def split_people_simple(text: str) -> list[tuple[str, str | None]]:
    parts = [p.strip() for p in AND_NEXT_PERSON.split(text)]
    people: list[tuple[str, str | None]] = []
    for part in parts:
        if not part:
            continue
        # "Councillors Clifford, Gannon and Walsh"
        plural = PLURAL.match(part)
        if plural:
            part = plural.group(1)
            pieces = [strip_honorifics(p) for p in LIST_SEPARATOR.split(part)]
            people += [(p, None) for p in pieces if looks_like_name(p)]
            continue
        # "J Fowles, L Gaulton, R Chapman", "Dr Ruth Lowe (ICB), Sarah Price (Director of Public Health)",
        # "Lee Brown and Helen Ward": a list in which every piece is a person
        pieces = [c.strip(" .") for c in LIST_SEPARATOR.split(part) if c.strip(" .")]
        if len(pieces) > 1 and all(_whole_name(c) for c in pieces):
            people += [p for c in pieces if (p := parse_person(c))]
            continue
        initials = list(INITIALS_NAME.finditer(part))
        if len(initials) >= 2 and initials[0].start() <= 30:
            # "V Castree, Place Directorate L Gaulton, People Directorate": names with their directorate.
            people += [(strip_honorifics(m.group(0)), None) for m in initials]
            continue
        person = parse_person(part)
        if person:
            people.append(person)
        elif initials:
            people += [(strip_honorifics(m.group(0)), None) for m in initials]
    return people


# Labels that open a part of the attendance list, and the category they give.
LABELS = [
    (re.compile(r"^(?:present|attendance)\s*:?\s*", re.I), "member"),
    (
        re.compile(
            r"^(?:(?:board|committee|panel|voting|council|elected)\s+)?members?(?:\s+present)?\s*:\s*", re.I
        ),
        "member",
    ),
    (
        re.compile(r"^(?:co-?opted|other|non-voting|independent)\s+members?\s*(?:present)?\s*:?\s*", re.I),
        "member",
    ),
    (re.compile(r"^(?:councillors?)\s*:\s*", re.I), "member"),
    (
        re.compile(
            r"^(?:employees|officers?)(?:\s*\(by\s+directorate\))?(?:\s+(?:present|in\s+attendance))?\s*:?\s*",
            re.I,
        ),
        "officer",
    ),
    (re.compile(r"^(?:council\s+)?officers?\s+in\s+attendance\s*:?\s*", re.I), "officer"),
    (
        re.compile(
            r"^(?:other\s+representatives?|representatives?|partners?|(?:also\s+)?in\s+attendance|also\s+present|"
            r"guests?|others?\s+present|observers?|witnesses)\s*:?\s*",
            re.I,
        ),
        "other",
    ),
]
APOLOGY_LABEL = re.compile(
    r"^apologi(?:es|sed)(?:\s+for\s+absence)?(?:\s+were\s+received\s+from)?\s*[:\-–]?\s*", re.I
)
NO_APOLOGIES = re.compile(r"\b(?:there\s+were\s+)?no\s+apologies\b|^apologies\s*:?\s*(?:none|nil)\b", re.I)
SECTION_HEADING = re.compile(r"^(?:public|private|open|exempt)\s+(?:business|items?|session)\b", re.I)
SUBSTITUTE_LABEL = re.compile(r"^substitutes?(?:\s+present)?\s*:\s*", re.I)


def is_attendance_label(text: str) -> bool:
    """A line that opens part of an attendance list: "Members:", "Apologies:", "In attendance:" ..."""
    if APOLOGY_LABEL.match(text) and text.lower().startswith("apolog"):
        return True
    return any(
        label.match(text) and text[: label.match(text).end()].strip().endswith(":") for label, _ in LABELS
    )


def read_attendance(rows: list[Row]) -> tuple[list[Attendee], list[Apology] | None]:
    """The attendance block of a set of minutes: who was present, who sent apologies."""
    present: list[Attendee] = []
    apology_rows: list[Row] = []
    substitutes: list[tuple[str, str | None, Row]] = []
    category = "member"
    mode = "present"
    said_none = False
    texts = _join_wrapped(rows)
    for row, text in texts:
        if not text:
            continue
        if SECTION_HEADING.match(text):
            break
        if NO_APOLOGIES.search(text):
            said_none = True
            mode = "skip"
            continue
        m = APOLOGY_LABEL.match(text)
        if m and text.lower().startswith("apolog"):
            mode = "apologies"
            text = text[m.end() :]
            apology_rows.append(Row(row.index, row.line, text))
            continue
        m = SUBSTITUTE_LABEL.match(text)
        if m:
            mode = "substitutes"
            text = text[m.end() :]
        else:
            for label, cat in LABELS:
                m = label.match(text)
                if m and (m.end() > 0) and (text[: m.end()].strip().endswith(":") or _is_bare_label(text, m)):
                    category, mode = cat, "present"
                    text = text[m.end() :]
                    break
        if mode == "apologies":
            apology_rows.append(Row(row.index, row.line, text))
        elif mode == "substitutes":
            for name, _role in split_people(text):
                substitutes.append((name, None, row))
        elif mode == "present":
            for name, role in split_people(text):
                present.append(Attendee(name, role, category, Span.of([row])))
    apologies = read_apologies(apology_rows) if apology_rows else ([] if said_none else None)
    return present, apologies


def _is_bare_label(text: str, m: re.Match) -> bool:
    """A label printed without a colon ("Employees (by Directorate)") alone on its line."""
    return not text[m.end() :].strip() or bool(re.match(r"^(?:employees|officers)\s*\(by", text, re.I))


def _join_wrapped(rows: list[Row]) -> list[tuple[Row, str]]:
    """Mend names a converter broke over lines: "Councillor J" + "Lepoidevin"."""
    out: list[tuple[Row, str]] = []
    for row in rows:
        text = row.text
        if not text:
            continue
        if (
            out
            and re.search(r"\b(?:Councillor|Cllr|Mr|Mrs|Ms|Dr)?\s*[A-Z]\.?$", out[-1][1])
            and re.match(r"^[A-Z][a-z'’\-]+\b", text)
            and len(text.split()) <= 3
        ):
            prev_row, prev = out[-1]
            out[-1] = (prev_row, f"{prev} {text}")
            continue
        out.append((row, text))
    return [(r, t) for r, t in out]


# A person as named in running text: optional title, up to two initials, one or two capitalised names.
PERSON = (
    r"(?:(?i:councillor|cllr|dr|mr|mrs|ms|miss|professor)\.?\s+)?(?:[A-Z]\.?\s+){0,2}"
    r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?"
)
SUBSTITUTE_AFTER = re.compile(
    r"\(?\s*(?i:substitute(?:d)?(?:\s+by)?|sub(?:stitute)?\s*:|replaced\s+by|represented\s+by)\s*:?\s*"
    rf"(?P<sub>{PERSON})\s*\)?"
)
# "Y attended as (a) substitute for X", "Y substituted for X", "Y attended in place of X", "Y deputised for X"
ATTENDED_AS_SUB = re.compile(
    rf"(?P<sub>{PERSON})\s+(?i:(?:attended|was\s+present)\s+as\s+(?:a\s+|the\s+)?substitute\s+for|"
    rf"substitut(?:ed|ing)\s+for|was\s+substituting\s+for|attended\s+in\s+place\s+of|deputi[sz]ed\s+for)\s+"
    rf"(?P<for>{PERSON})"
)
SUBSTITUTE_IN_BRACKETS = re.compile(
    rf"\(\s*(?P<sub>{PERSON})\s+(?i:attended|was\s+present)\s+(?i:as)\s+(?i:a\s+|the\s+)?(?i:substitute)\s*\)"
)


def read_apologies(rows: list[Row]) -> list[Apology]:
    """Who sent apologies, and who substituted for them."""
    apologies: list[Apology] = []
    text_rows = [(r, r.text) for r in rows if r.text.strip()]
    for row, text in text_rows:
        text = re.sub(r"^(?:were\s+)?received\s+from\s+", "", text.strip(), flags=re.I)
        # "Y attended as a substitute for X"
        for m in ATTENDED_AS_SUB.finditer(text):
            absent = strip_honorifics(m.group("for"))
            sub = strip_honorifics(m.group("sub"))
            _add(apologies, absent, sub, row)
        text = ATTENDED_AS_SUB.sub("", text)
        # "X (Y attended as substitute)", "X (substituted by Y)": Y stands in for the name just before;
        # "X and Z, substitute Y": for the first of the names before it.
        cursor = 0
        marks = sorted(
            [*SUBSTITUTE_IN_BRACKETS.finditer(text), *SUBSTITUTE_AFTER.finditer(text)],
            key=lambda m: m.start(),
        )
        for m in marks:
            if m.start() < cursor:
                continue
            names = [_add(apologies, name, None, row) for name, _ in split_people(text[cursor : m.start()])]
            if names:
                target = names[-1] if m.group(0).lstrip().startswith("(") else names[0]
                target.substitute = target.substitute or strip_honorifics(m.group("sub"))
            cursor = m.end()
        for name, _role in split_people(text[cursor:]):
            _add(apologies, name, None, row)
    return apologies


def _add(apologies: list[Apology], name: str, substitute: str | None, row: Row) -> Apology:
    for a in apologies:
        if a.name == name:
            a.substitute = a.substitute or substitute
            return a
    apologies.append(Apology(name, substitute, Span.of([row])))
    return apologies[-1]


# ---------------------------------------------------------------------------
# Lists of people in any council's style. One parser for every list a clerk
# writes: separators (",", ";", "and", bullets), titles before a name
# ("Councillors", "County Councillor", "Alderman", "Provost", "Bailie", "Fr."),
# post-nominals after it (OBE, MBE, MS), a role in brackets or after a comma
# or dash, and the organisation a guest represents.

TITLES = re.compile(
    r"^(?:(?:(?:county|city|district|borough|town|parish|community|lord|deputy|depute|vice)\s+)?"
    r"(?:councillors?|cllrs?|mayor|provost|chairman|chair)\b\.?|aldermen|alderman|bailies?|baillies?|"
    r"mr|mrs|ms|miss|mx|dr|drs|prof(?:essor)?|sir|dame|rev(?:erend)?d?|fr|father|canon|messrs|"
    r"the\s+(?:rt\.?\s+|right\s+)?hon(?:ourable)?|the\s+very\s+rev|hon|lord|lady|baroness|baron|"
    r"(?:chief\s+|deputy\s+|assistant\s+)?(?:inspector|superintendent|constable)|sergeant|pc|"
    r"the)\.?\s+",
    re.I,
)
POST_NOMINALS = re.compile(r"(?:\s+(?:OBE|MBE|CBE|BEM|KBE|DBE|JP|DL|MP|MS|MSP|MLA|AM|QC|KC|FRCP|PhD))+\s*$")
NAME_PART = re.compile(r"^(?:[A-Z][\w'’\-]*\.?|(?:[A-Z]\.){1,4}|de|van|von|ap|le|la|du|da|di|der|den|of)$")
INITIALS_IN_BRACKETS = re.compile(r"\s*\((?:[A-Z][A-Za-z]{0,3}|[A-Z]\.?)\)")
BRACKET = re.compile(r"\s*[(\[](?P<inner>[^()\[\]]{1,120})[)\]]")
LIST_SEPARATOR = re.compile(
    r"\s*(?:;|,|[·•§]|(?<=[a-z]{2})\.\s+(?=[A-Z])|\band\b,?|\s[-–]\s(?=(?:Councillor|Cllr|Dr|Mr|Mrs|Ms)\b))\s*"
)
ROLE_DASH = re.compile(r"\s+[-–—]\s+")
# "Safi - Ngogo": a double-barrelled surname a converter printed with spaces round its hyphen: one word each
# side, the second neither a role, an organisation nor a party (which a dash would introduce).
SPACED_HYPHEN = re.compile(r"(?<![\w-])(?P<a>[A-Z][a-z'’]+)\s-\s(?P<b>[A-Z][a-z'’]+)$")
PARTY = re.compile(r"^(?:Labour|Lab|Conservative|Con|Liberal|Lib|Green|Reform|Plaid|SNP|UKIP|Ind)$")


def _hyphen_closed(piece: str) -> str:
    m = SPACED_HYPHEN.search(piece)
    if m is None or len(piece[: m.start()].split()) > 2:
        return piece
    second = m.group("b")
    if ROLE_WORDS.search(second) or ORGANISATION_WORDS.search(second) or PARTY.match(second):
        return piece
    return f"{piece[: m.start()]}{m.group('a')}-{second}"


def _bare_name(text: str) -> tuple[str, str]:
    """The name at the start of ``text`` (titles and post-nominals removed), and what follows it."""
    previous = None
    while previous != text:
        previous = text
        text = TITLES.sub("", text.strip())
    tokens = text.split()
    taken: list[str] = []
    for k, token in enumerate(tokens):
        if len(taken) >= 2 and _role_starts(tokens, k):
            break  # "Jo Bell Head of Housing": the role printed without a comma after the name
        if NAME_PART.match(token) and (taken or token[:1].isupper()):
            taken.append(token)
            if len(token) > 2 and token.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", token):
                break  # "J. Holt. G. Thomas": a full stop after a surname ends the name
        else:
            break
    while taken and not taken[-1][:1].isupper():
        taken.pop()  # "de" at the end is not a name part
    rest = " ".join(tokens[len(taken) :])
    name = POST_NOMINALS.sub("", " ".join(taken)).strip(" .,")
    if len(name.split()) >= 3 and rest and ORGANISATION_WORDS.search(rest):
        # "Lee Brown Anytown Fire & Rescue Service": the organisation runs on after the name
        words = name.split()
        name, rest = " ".join(words[:2]), " ".join(words[2:] + [rest])
    return name, rest


def _role_starts(tokens: list[str], k: int) -> bool:
    """A role's first word ("Head of", "Director of", "Chief Executive"), not a surname that spells one."""
    following = tokens[k + 1] if k + 1 < len(tokens) else ""
    return bool(ROLE_WORDS.fullmatch(tokens[k])) and (
        following in ("of", "for") or bool(ROLE_WORDS.fullmatch(following))
    )


def starts_with_person(line: str) -> bool:
    """A line that opens with a person's name: one entry of a list printed one a line."""
    head = re.split(r"[,;(\[]|\s[-–]\s", line, maxsplit=1)[0]
    person = person_of(head)
    return bool(person) and (len(person[0].split()) > 1 or bool(TITLES.match(head)))


def person_of(piece: str) -> tuple[str, str | None] | None:
    """One piece of a list as (name, role): "Councillor D Gannon (Chair)", "Ruth Lake - Director of Care",
    "the Deputy Mayor (Councillor Lee)", "Jo Bell (JB) Clinical Lead"; None when it names nobody."""
    piece = piece.strip(" .,;:-–")
    piece = re.sub(
        r"^(?:and|also|with|from|by|of|his|her|their|its|deputy|substitute)\s+", "", piece, flags=re.I
    )
    piece = re.sub(
        r"^(?:(?:his|her|their)\s+)?(?:deputy|substitute|representative)\s+", "", piece, flags=re.I
    )
    role = None
    m = INITIALS_IN_BRACKETS.search(piece)
    if m and piece[m.end() :].strip():
        # "Jo Bell (JB) Clinical Lead": the initials a minute-taker uses part the name from the role
        piece, role = piece[: m.start()], piece[m.end() :].strip()
    piece = INITIALS_IN_BRACKETS.sub("", piece)
    m = BRACKET.search(piece)
    if m:
        inner = m.group("inner").strip()
        inside = _bare_name(inner)[0] if TITLES.match(inner) else ""
        if inside and not ORGANISATION_WORDS.search(inside):
            return inside, piece[: m.start()].strip() or None  # "the Deputy Mayor (Councillor Lee)"
        inner = re.sub(r"^in\s+the\s+", "", inner, flags=re.I)
        role = (
            inner if ROLE_WORDS.search(inner) else None
        )  # "(Anytown ICB)" names an organisation, not a role
        piece = (piece[: m.start()] + piece[m.end() :]).strip()
    piece = _hyphen_closed(piece)
    parts = ROLE_DASH.split(piece, maxsplit=1)
    if len(parts) == 2 and not TITLES.match(parts[1]):
        piece, role = parts[0], role or parts[1].strip()
    name, rest = _bare_name(piece)
    if not name or len(name.split()) > 5 or len(name) > 60:
        return None
    if ORGANISATION_WORDS.search(name) or NOT_A_NAME.search(name) or ROLE_WORDS.search(name):
        return None
    if (
        rest
        and role is None
        and ROLE_WORDS.search(rest)
        and not re.match(r"^(?:was|were|is|are|had|has)\b", rest)
    ):
        role = rest
    return name, role


def people_in(text: str) -> list[tuple[str, str | None]]:
    """Everyone a list names, in order; a piece naming nobody ("Chief Executive", "Anytown Council")
    is the role of the person before it."""
    out: list[tuple[str, str | None]] = []
    if ";" in text and INITIALS_IN_BRACKETS.search(text):
        # one entry a line, "Jo Bell (JB) Clinical Lead for Care and Health": the role may hold "and" or ","
        for entry in text.split(";"):
            if INITIALS_IN_BRACKETS.search(entry):
                person = person_of(entry)
                if person:
                    out.append(person)
            else:
                out += people_in(entry)
        return out
    protected = re.sub(
        r"[(\[][^()\[\]]{0,120}[)\]]", lambda m: m.group(0).replace(",", "\0").replace(" and ", " \1 "), text
    )
    titled_list = False
    for raw in LIST_SEPARATOR.split(protected):
        piece = raw.replace("\0", ",").replace(" \1 ", " and ").strip()
        if not piece:
            continue
        titled = bool(TITLES.match(re.sub(r"^(?:and|also)\s+", "", piece.strip(" .,;:-–"), flags=re.I)))
        titled_list = titled_list or titled
        person = person_of(piece)
        if person and len(person[0].split()) == 1 and not (titled or titled_list):
            person = None  # a lone word is a surname only in a list of councillors: "Councillors Lee, Shah"
        if person:
            out.append(person)
        elif out and out[-1][1] is None and len(piece.split()) <= 12 and ROLE_WORDS.search(piece):
            out[-1] = (out[-1][0], piece.strip(" .;"))
    return out
