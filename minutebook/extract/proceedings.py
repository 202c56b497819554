"""What a set of minutes records about people: who was there, who sent apologies
and who stood in for them, who declared an interest.

Each is read from sentences and lists in any council's wording, wherever in
the document they are: under a "Present:" label, in a minute titled
"Apologies", or in a sentence in the middle of a welcome item. The wording
differs; the conventions do not:

- apologies: "Apologies for absence were received from ...", "... were
  reported on behalf of ...", "An apology for absence was intimated on behalf
  of ...", "X sent his apologies", "X and Y apologised for their inability to
  attend", "Apologies: ...";
- substitutes: "(X substituting)", "(substituted by X)", "(being represented by
  X)", "X attended as substitute for Y", "X was substituting for Y", "X
  attended in place of Y" (pairs "respectively"), "X was attending as her
  substitute", "his deputy X attended in his place";
- declarations: "Councillor X declared a personal interest in item 6 ...",
  "Councillors A and B declared ...", "X stated/noted/advised that ..." in a
  minute about interests, tables of name / item / nature, lists of
  "Councillor X, Non-statutory interest, ..." under an item number, and the
  sentences that say there were none.
"""

from __future__ import annotations

import re

from .people import INITIALS_IN_BRACKETS, TITLES, people_in, person_of, starts_with_person
from .records import Apology, Attendee, Declaration
from .text import split_marker

# A person as running text names one: titles, initials, one to three names.
_TITLE = (
    r"(?:(?:County\s+|City\s+|District\s+|Borough\s+|Town\s+)?(?:Councillors?|Cllrs?\.?)|Alderman|Provost|Bailie|"
    r"Mr|Mrs|Ms|Miss|Mx|Dr|Professor|Prof|Sir|Dame|Rev|Fr)\.?"
)
_NAME = r"(?:(?:[A-Z]\.?\s*){1,3}\s)?[A-Z][\w'’\-]+(?:\s+(?:[A-Z]\.?\s)?[A-Z][\w'’\-]+){0,2}"
PERSON = rf"(?:{_TITLE}\s+)?{_NAME}"
PEOPLE = rf"(?:{_TITLE}\s+)?{_NAME}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:{_TITLE}\s+)?{_NAME})*"

APOLOGY_LEAD = re.compile(
    r"\bapolog(?:y|ies)\b[^.:]{0,80}?\b(?:received|reported|presented|intimated|submitted|tendered|noted|given|"
    r"recorded|made)\s+(?:on\s+behalf\s+of|from|by|for)\s*:?\s*[-–]?\s*"
    r"|^(?:an?\s+)?apolog(?:y|ies)(?:\s+for\s+(?:absence|inability\s+to\s+attend))?\s*(?:[:\-–]+|\s+from)\s*"
    r"|\bapolog(?:y|ies)\s+(?:have\s+been\s+|were\s+|was\s+)?received\s+from\s*:?\s*"
    r"|\b(?:received|noted|accepted|reported)\s+(?:an\s+)?apolog(?:y|ies)(?:\s+for\s+absence)?\s+(?:from|on\s+behalf\s+of)"
    r"\s*:?\s*",
    re.I,
)
# "X sent his apologies", "Councillors A and B apologised for their inability to attend"
APOLOGY_AFTER = re.compile(
    r"^(?P<who>.{2,400}?)\s*,?\s+(?:also\s+)?(?:sent|tendered|gave|offered|submitted)\s+(?:his|her|their)?\s*apolog"
    r"|^(?P<who2>.{2,400}?)\s*,?\s+(?:also\s+)?apologi[sz]ed\b",
    re.I,
)
NO_APOLOGIES = re.compile(
    r"\bno\s+apologies\b|\bthere\s+were\s+no\s+apologies\b|"
    r"^apolog\w*(?:\s+for\s+absence)?\s*[:\-–]?\s*(?:none|nil|n/a)\b",
    re.I,
)
NOT_APOLOGIES = re.compile(r"\bapolog\w*\s+for\s+(?:lateness|late\s+arrival|leaving\s+early)", re.I)

SUB_BRACKETED = re.compile(
    rf"\(\s*(?:(?:who\s+was\s+|being\s+|was\s+)?(?:substituted|replaced|represented|deputised)\s+(?:for\s+)?by\s+"
    rf"(?P<a>{PERSON})|(?P<b>{PERSON})\s+(?:substituting|deputising|attended\s+as\s+(?:a\s+|the\s+)?substitute|"
    rf"attending\s+as\s+(?:a\s+|the\s+)?substitute|as\s+substitute|was\s+present\s+as\s+(?:a\s+)?substitute))\s*\)"
)
SUB_CLAUSE = re.compile(
    rf",?\s*(?:who\s+was\s+|being\s+|was\s+)?(?:substituted|replaced|represented|deputised)\s+(?:for\s+)?by\s+(?P<a>{PERSON})"
    rf"|\b(?:and\s+)?(?:in\s+accordance\s+with[^,.;]*?\s+)?(?P<b>{PERSON})\s+(?:was|is)\s+(?:attending|present|in\s+attendance)"
    rf"\s+as\s+(?:his|her|their)\s+substitute"
    rf"|\b(?P<d>{PERSON})\s+(?:was|acted\s+as)\s+(?:his|her|their)\s+substitute"
    rf"|[.,;]?\s*(?:his|her|their)\s+deputy,?\s+(?P<c>{PERSON}),?\s+attended\s+in\s+(?:his|her|their)\s+place",
    re.I,
)
SUB_FOR = re.compile(
    rf"(?P<sub>{PEOPLE})\s+(?:(?:attended|was\s+in\s+attendance|was\s+present|was\s+attending|attending)\s+as\s+"
    rf"(?:a\s+|the\s+)?substitutes?\s+for|(?:was\s+|were\s+)?substitut(?:ed|ing)\s+for|(?:attended|were\s+present|"
    rf"was\s+present)\s+in\s+place\s+of|deputi[sz]ed\s+for)\s+(?P<for>{PEOPLE})(?P<resp>\s+respectively)?"
)

SAID_NONE = re.compile(
    r"^(?:none|nil|n/a)\b|\bnone\s+(?:were\s+)?(?:declared|disclosed|received|made|recorded|reported)\b|"
    r"\bno\s+(?:\w+\s+){0,2}(?:declarations?|disclosures?|interests?)\b|\bthere\s+were\s+(?:none|no)\b|"
    r"\bno\s+(?:member|councillor)s?\s+(?:declared|disclosed)\b|\bwere\s+not\s+any\b|^there\s+was\s+none\b",
    re.I,
)
DECLARE_VERB = re.compile(
    r"\b(?:declared|disclosed|declares|discloses|indicated|registered|reported)\b[^.]{0,60}?\binterests?\b|"
    r"\bdeclared\s+that\b|\b(?:declared|disclosed)\s+(?:an?|their|his|her)\b",
    re.I,
)
SAYING = re.compile(
    r"^(?:stated|noted|advised|said|explained|indicated|informed|reported|confirmed|made|declared)$", re.I
)
ITEM_REF = re.compile(
    r"\b(?:agenda\s+item|item|minute(?:\s+number)?|minute\s+no\.?|application|paragraph)\s*(?:no\.?\s*)?"
    r"(?P<n>[A-Z]{1,4}[./]?\d{1,4}[a-z]?|\d{1,4}[a-z]?(?:\.\d{1,2})?)\b",
    re.I,
)
TABLE_HEAD = re.compile(r"^(?:name\s+of\s+)?(?:councillor|member|name)s?$", re.I)
ITEM_CELL = re.compile(
    r"^(?:item\s+(?:no\.?\s*)?|minute\s+)?(?P<n>(?:[A-Z][A-Za-z]{0,3}\.?\s?)?\d{1,4}[a-z]?)\b\s*[:–-]?", re.I
)


def _sentences(text: str) -> list[str]:
    """Sentences of a paragraph; a full stop after an initial ("K. Etheridge") does not end one."""
    return [s[:LONGEST] for s in re.split(r"(?<=[a-z0-9)\]’'][.;!?])\s+(?=[A-Z][a-z]|\()", text) if s.strip()]


# No sentence about who attended or declared runs this long; a longer "sentence" is not read further, which
# keeps the name patterns' work proportional to the text.
LONGEST = 1500
SUBSTITUTE_WORDS = re.compile(r"substitut|place\s+of|deputi[sz]|deputy|represent|replaced", re.I)


def _name(raw: str) -> str | None:
    person = person_of(raw)
    return person[0] if person else None


def apologies_in(
    paragraphs: list[str], heading_says_apologies: bool = False, listed: bool = False
) -> list[Apology] | None:
    """The apologies (with substitutes) these paragraphs record; [] where they say there were none; None
    where they say nothing about apologies. ``listed``: the paragraphs stand under an "Apologies:" label,
    so a line that is not a sentence about apologies is a list of names."""
    found: list[Apology] = []
    said = False
    for paragraph in paragraphs:
        paragraph = split_marker(paragraph).text
        lead = APOLOGY_LEAD.search(paragraph) if "polog" in paragraph else None
        if lead and re.search(r"[·•]", paragraph[lead.end() :]):
            # a bulleted list runs on over sentences: "... received from: · A, NHS England · B. His deputy ..."
            said = True
            _read_list(paragraph[lead.end() :], found)
            continue
        for sentence in _sentences(paragraph):
            said |= _substitutions(sentence, found)
            alone = SUB_CLAUSE.search(sentence) if SUBSTITUTE_WORDS.search(sentence) else None
            if alone and found and not APOLOGY_LEAD.search(sentence) and alone.start() < 3:
                # "Councillor Ash sent his apology. Councillor Bell was his substitute."
                found[-1].substitute = found[-1].substitute or _name(
                    next(v for v in alone.groupdict().values() if v)
                )
                continue
            if "apolog" not in sentence.lower() and not (listed or heading_says_apologies):
                continue
            if heading_says_apologies and re.fullmatch(
                r"(?:none|nil|none\s+received)\.?", sentence.strip(), re.I
            ):
                said = True
                continue
            if NOT_APOLOGIES.search(sentence):
                continue
            if NO_APOLOGIES.search(sentence):
                said = True
                continue
            names = _apology_list(sentence)
            if (
                names is None
                and (listed or (heading_says_apologies and not found))
                and _is_bare_list(sentence)
            ):
                names = sentence
            if names is None:
                continue
            said = True
            _read_list(names, found)
    return found if (found or said) else None


def _apology_list(sentence: str) -> str | None:
    m = APOLOGY_LEAD.search(sentence)
    if m:
        return sentence[m.end() :]
    m = APOLOGY_AFTER.match(sentence)
    if m:
        return m.group("who") or m.group("who2")
    return None


def _is_bare_list(sentence: str) -> bool:
    """Only names: "Councillors Lee, Shah and Ward" (a minute titled "Apologies", or an "Apologies:" label)."""
    if re.search(r"\b(?:was|were|had|has|is|are|welcomed|noted|said|reported)\b", sentence):
        return False
    lowercase = [
        w
        for w in re.sub(r"[(\[][^)\]]*[)\]]", "", sentence).split()
        if w[:1].islower() and w not in ("and", "of", "de", "van")
    ]
    return len(lowercase) <= 2 and bool(people_in(sentence))


def _read_list(text: str, found: list[Apology]) -> None:
    # substitutes named inside the list belong to the person just before them
    cursor = 0
    pending: list[tuple[int, int, str | None]] = []
    text = text[:LONGEST]
    marks = (
        [*SUB_BRACKETED.finditer(text), *SUB_CLAUSE.finditer(text)] if SUBSTITUTE_WORDS.search(text) else []
    )
    for m in marks:
        pending.append((m.start(), m.end(), _name(next((v for v in m.groupdict().values() if v), ""))))
    pending.sort()
    for start, end, sub in pending:
        if start < cursor:
            continue
        names = [_add(found, n) for n, _ in people_in(text[cursor:start])]
        target = names[-1] if names else (found[-1] if found else None)
        if target is not None and sub:
            target.substitute = target.substitute or sub
        cursor = end
    for name, _ in people_in(
        re.split(r"\s+(?:who|which|because|due\s+to|as\s+(?:he|she|they))\b", text[cursor:])[0]
    ):
        _add(found, name)


def _substitutions(sentence: str, found: list[Apology]) -> bool:
    """ "X attended as substitute for Y", "X and Z attended in place of Y and W respectively"."""
    hit = False
    if not SUBSTITUTE_WORDS.search(sentence):
        return False
    for m in SUB_FOR.finditer(sentence):
        subs = [n for n, _ in people_in(m.group("sub"))]
        absent = [n for n, _ in people_in(m.group("for"))]
        if not subs or not absent:
            continue
        hit = True
        if len(subs) == len(absent):
            for s, a in zip(subs, absent, strict=True):
                _add(found, a).substitute = s
        else:
            _add(found, absent[0]).substitute = subs[0]
    return hit


def _add(found: list[Apology], name: str) -> Apology:
    for a in found:
        if same_person(a.name, name):
            if len(name) > len(a.name):
                a.name = name
            return a
    found.append(Apology(name))
    return found[-1]


def same_person(a: str, b: str) -> bool:
    """ "Burrage" and "Anna Burrage" are one person; "G. A. Davies" and "G. L. Davies" are two."""
    if a == b:
        return True
    wa, wb = a.replace(".", " ").split(), b.replace(".", " ").split()
    if not wa or not wb or wa[-1].lower() != wb[-1].lower():
        return False
    return len(wa) == 1 or len(wb) == 1


def _surname(name: str) -> str:
    return name.split()[-1].lower().strip(".") if name.split() else ""


def _initial(name: str) -> str | None:
    words = name.split()
    return words[0][0].lower() if len(words) > 1 else None


# --- declarations ---------------------------------------------------------


def declarations_in(paragraphs: list[str], about_interests: bool) -> list[Declaration] | None:
    """Declarations in these paragraphs; [] where they say there were none; None where they say nothing.

    ``about_interests``: the paragraphs are a minute about interests, so a
    member's statement there ("Councillor X stated that she was a governor")
    is a declaration even without the word "declared".
    """
    found: list[Declaration] = []
    said_none = False
    table = _table(paragraphs) if about_interests else None
    if table:
        return table
    current_item: str | None = None
    under_heading = False  # the paragraph before was a heading "Declarations of Interest" inside a minute
    for paragraph in paragraphs:
        if DECLARATIONS_HEADING.match(split_marker(paragraph).text):
            under_heading = True
            continue
        if about_interests:
            heading = re.match(r"^(?P<n>\d{1,4}[a-z]?)\.\s+\S", paragraph)
            if heading and not re.match(rf"^{_TITLE}\s", paragraph[heading.end() - 1 :]):
                current_item = heading.group("n")  # "7. Land at Mill Lane": the application the list is under
                continue
            alone = re.match(rf"^(?P<who>{PERSON})$", paragraph.strip(" .,"))
            if alone and re.match(rf"^{_TITLE}\s", paragraph):
                found.append(Declaration(_name(alone.group("who")) or alone.group("who"), None, ""))
                continue
            if found and found[-1].text == "":
                ref = ITEM_REF.search(paragraph) or ITEM_CELL.match(paragraph)
                found[-1].item, found[-1].text = (ref.group("n") if ref else None), paragraph
                continue
        for sentence in _sentences(split_marker(paragraph).text):
            if SAID_NONE.search(sentence) and (
                about_interests or under_heading or re.search(r"declar|disclos|interest", sentence, re.I)
            ):
                said_none = True
                continue
            _declared(sentence, found, about_interests, current_item)
        under_heading = False
    if found:
        return found
    return [] if said_none else None


# "(b) Declarations of Interest" as a heading within a minute; "There were none." below it.
DECLARATIONS_HEADING = re.compile(
    r"^(?:declarations?|disclosures?)\s+of\s+(?:[\w'’]+\s+){0,2}interests?\s*:?$", re.I
)
DECLARER = re.compile(
    rf"(?P<who>{PEOPLE})\s*,?\s+(?:(?:also|each|both|then|had|has|have|duly)\s+)?(?P<verb>declared|disclosed|declares|"
    r"discloses|indicated|registered|reported|stated|noted|advised|said|explained|informed|confirmed|made)\b"
)
# "Dr Jo Lee, Vice-Chair of the Board, declared a non-pecuniary interest ...": the member's role between
# the name and the verb.
DECLARER_WITH_ROLE = re.compile(
    rf"^(?P<who>{PERSON})\s*,\s+(?P<role>[^,.;()]{{2,80}}?)\s*,?\s+(?:also\s+)?(?P<verb>declared|disclosed)\b"
)
PASSIVE_DECLARATION = re.compile(
    rf"\binterests?\b[^.]{{0,120}}?\b(?:was|were)\s+declared\s+by\s+(?P<who>{PEOPLE})"
)
# "Councillor Lee, Non-statutory interest, as a member of the town council"
DECLARED_IN_LIST = re.compile(
    rf"^(?P<who>{PERSON})(?:\s*[,:]|\s+[–-])\s*(?P<what>[^.]*\binterest\b.*)$", re.I
)


def _declared(
    sentence: str, found: list[Declaration], about_interests: bool, current_item: str | None
) -> None:
    if re.search(r"\blobb(?:y|ied|ying)\b", sentence, re.I):
        return  # being lobbied is not an interest
    if not about_interests and not re.search(r"declar|disclos|interest", sentence, re.I):
        return
    passive = PASSIVE_DECLARATION.search(sentence)
    if passive:
        # "A personal interest in item 7 was declared by Councillor Lee"
        who, text = passive.group("who"), sentence
        ref = ITEM_REF.search(sentence)
        for name, _ in people_in(who):
            found.append(Declaration(name, ref.group("n") if ref else current_item, text))
        return
    listed = DECLARED_IN_LIST.match(sentence) if about_interests else None
    if listed and re.search(r"\b(?:declared|disclosed|stated|advised|indicated)\b", listed.group("what")):
        listed = None  # "Councillors Lee, Shah and Ward declared ...": a sentence, not a list entry
    if listed and re.match(rf"^{_TITLE}\s", sentence):
        who, text = listed.group("who"), listed.group("what")
    else:
        declares = DECLARE_VERB.search(sentence)
        m = None
        for candidate in DECLARER.finditer(sentence):
            if candidate.group("verb").lower() in ("declared", "disclosed", "declares", "discloses"):
                m = candidate
                break
            if declares and candidate.end() >= declares.start() - 1:
                m = candidate
                break
            if about_interests and candidate.start() == 0:
                m = candidate
                break
        if m is None or not _names_someone(m.group("who"), sentence):
            m = DECLARER_WITH_ROLE.match(sentence)
            if m is None or not _names_someone(m.group("who"), sentence) or m.group("who").startswith("The "):
                return  # "She advised", "Reported that", "The Monitoring Officer, ...": no one named
            who, text = m.group("who"), sentence[m.start("verb") :].strip(" ,")
        else:
            who, text = m.group("who"), sentence[m.end("who") :].strip(" ,")
    ref = ITEM_REF.search(sentence)
    item = ref.group("n") if ref else None
    if item is None and re.search(r"\bthe\s+same\s+item\b", sentence, re.I) and found:
        item = found[-1].item
    item = item or current_item
    for name, _ in people_in(who):
        if any(same_person(d.member, name) and (d.item == item or item is None) for d in found[-6:]):
            continue
        found.append(Declaration(name, item, text))


def heads_declarations(paragraphs: list[str]) -> bool:
    """A minute with a heading "Declarations of Interest" inside it (under "Procedural Business")."""
    return any(DECLARATIONS_HEADING.match(split_marker(p).text) for p in paragraphs)


def _names_someone(who: str, sentence: str) -> bool:
    """A declarer is a titled name, or a full name in a sentence about an interest."""
    return bool(re.match(rf"^{_TITLE}\s", who)) or (
        len(who.split()) >= 2 and bool(re.search(r"\binterest", sentence, re.I))
    )


def _table(paragraphs: list[str]) -> list[Declaration] | None:
    """A table flattened to lines: "Councillor" / "Item" / "Nature of Interest", then name / item / nature."""
    lines = [p.strip() for p in paragraphs if p.strip()]
    head = next((k for k, t in enumerate(lines[:6]) if TABLE_HEAD.match(t)), None)
    if head is None or not any(re.search(r"\binterest", t, re.I) for t in lines[head : head + 4]):
        return None
    found: list[Declaration] = []
    k = head + 1
    while k < len(lines) and not ITEM_CELL.match(lines[k]) and not person_of(lines[k]):
        k += 1  # the rest of the header row
    while k + 1 < len(lines):
        person = person_of(lines[k]) if len(lines[k].split()) <= 5 else None
        cell = ITEM_CELL.match(lines[k + 1])
        if person and cell:
            nature = lines[k + 2] if k + 2 < len(lines) else ""
            found.append(Declaration(person[0], cell.group("n").strip(), nature))
            k += 3
        else:
            if found and found[-1].text and len(lines[k].split()) <= 6:
                found[-1].text = f"{found[-1].text} {lines[k]}"
            k += 1
    return found or None


# --- attendance -----------------------------------------------------------

ATTENDANCE_LABEL = re.compile(
    r"^(?P<label>(?:(?:members|councillors|board\s+members|committee\s+members|voting\s+members)\s+)?present|"
    r"sederunt|attendees|"
    r"attendance|attending|(?:also\s+)?in\s+attendance|also\s+present|officers?(?:\s+(?:present|in\s+attendance))?|"
    r"(?:co-?opted|other|non-voting|independent)\s+members?(?:\s+present)?|substitutes?(?:\s+members?)?(?:\s+present)?|"
    r"apolog(?:y|ies)(?:\s+for\s+absence)?|chair|guests?|observers?|representatives?)\s*(?:[:\-–]+\s*|$)",
    re.I,
)
OFFICER_ROLE = re.compile(
    r"\b(?:officer|clerk|director|manager|executive|solicitor|administrator|assistant|secretary|head\s+of|"
    r"support|adviser|advisor|accountant|lawyer|treasurer|minute\s+taker)\b",
    re.I,
)
PRESENT_SENTENCE = re.compile(r"^(?P<who>.+?)\s+(?:were|was)\s+(?:also\s+)?present\b", re.I)
IN_THE_CHAIR = re.compile(
    rf"^(?P<who>{PERSON})\s*,?\s*(?:\(\s*in\s+the\s+chair\s*\)|in\s+the\s+chair\b|presided)", re.I
)


def attendance_in(lines: list[str]) -> tuple[list[Attendee] | None, list[Apology] | None]:
    """Who was present and who sent apologies, from a minutes' attendance block (lines before the first
    item, or a minute titled "Present")."""
    present: list[Attendee] = []
    apology_text: list[str] = []
    chair: str | None = None
    for mode, category, text in _attendance_blocks(lines):
        chaired = IN_THE_CHAIR.match(text)
        if chaired:
            chair = _name(chaired.group("who"))
            text = text[chaired.end() :]
            if chair and not any(a.name == chair for a in present):
                present.append(Attendee(chair, "Chair", "member"))
        if mode == "apologies":
            apology_text.append(text)
        elif mode == "present":
            _attendees(text, present, category)
        elif mode == "sentence":
            _attendees(text, present, "officer" if OFFICER_ROLE.search(text) else "other")
    if chair:
        for a in present:
            if a.name == chair and a.role is None:
                a.role = "Chair"
    apologies = apologies_in(apology_text, listed=True) if apology_text else None
    return (present or None), apologies


def _attendance_blocks(lines: list[str]) -> list[tuple[str, str, str]]:
    """The labelled blocks of an attendance list as (mode, category, text). A block runs from its label to
    the next label or to a blank line after names; lines end to end make one text, entries one per line
    ("Jo Bell (JB) Clinical Lead") are kept apart with ";"."""
    blocks: list[tuple[str, str, list[str]]] = []
    open_block = False
    for raw in _joined_labels(lines):
        text = raw.strip()
        if not text:
            if blocks and blocks[-1][2]:
                open_block = False
            continue
        m = ATTENDANCE_LABEL.match(text)
        if m and (
            text[m.end("label") :].lstrip()[:1] in (":", "-", "–")
            or not text[m.end() :].strip()
            or text[: m.end("label")].isupper()
        ):
            label = m.group("label").lower()
            if label.startswith("apolog"):
                mode, category = "apologies", "member"
            else:
                mode = "present"
                member = (
                    ("present" in label and "also" not in label) or "member" in label or "substitut" in label
                )
                officer = label.startswith("officer") or label == "attending"
                category = "member" if member or label == "chair" else "officer" if officer else "other"
            blocks.append((mode, category, []))
            open_block = True
            rest = text[m.end() :].strip()
            if rest:
                blocks[-1][2].append(rest)
                open_block = not rest.endswith(".")
            continue
        if open_block:
            blocks[-1][2].append(text)
            open_block = not text.endswith(".")
            continue
        sentence = PRESENT_SENTENCE.match(text)
        if sentence and not re.match(r"^no\b", text, re.I):
            blocks.append(("sentence", "other", [sentence.group("who")]))
        elif (
            IN_THE_CHAIR.match(text)
            or re.match(rf"^{_TITLE}\s", text)
            and not re.search(r"\b(?:was|were)\b", text)
        ):
            blocks.append(("present", "member", [text]))
            open_block = True
    out = []
    for mode, category, texts in blocks:
        one_a_line = sum(1 for t in texts if INITIALS_IN_BRACKETS.search(t)) >= 2 or (
            len(texts) >= 2 and sum(1 for t in texts if starts_with_person(t)) >= 0.8 * len(texts)
        )
        joiner = "; " if one_a_line else " "
        out.append((mode, category, joiner.join(texts)))
    return out


def _attendees(text: str, present: list[Attendee], category: str) -> None:
    for name, role in people_in(text):
        if any(a.name == name for a in present):
            continue
        cat = category
        if category == "member" and role and re.search(r"\bclerk\b|\bofficer\b", role, re.I):
            cat = "officer"  # "Eirwen Godden, Clerk" in a list of those present
        present.append(Attendee(name, role, cat))


def _joined_labels(lines: list[str]) -> list[str]:
    """A label a converter broke over two lines: "APOLOGY" / "FOR ABSENCE:"."""
    out: list[str] = []
    for line in lines:
        if (
            out
            and re.fullmatch(r"apolog(?:y|ies)", out[-1].strip(), re.I)
            and re.match(r"^for\s+absence", line.strip(), re.I)
        ):
            out[-1] = f"{out[-1].strip()} {line.strip()}"
            continue
        out.append(line)
    return out


__all__ = ["apologies_in", "attendance_in", "declarations_in", "TITLES"]
