"""Turning a printed line into plain words, and reading list markers.

PDF converters leave markdown emphasis, HTML fragments, bullets and stray
symbols in the text; every rule in ``extract`` reads lines cleaned here, so
that "**RESOLVED that:**", "### 13. Declarations" and "- (1) The report"
look the same as their plain forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.sources.document import Document, Line

_LINK = re.compile(r"\[([^\]\n]{0,300})\]\((?:[^)\s]{0,500})\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]{1,500})>")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>]{0,300})?/?>")
_EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{2,3}|_{2,3}(?!\w)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_ESCAPE = re.compile(r"\\([_*#\[\]()\\.-])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
# White space that str.split() folds but _SPACES keeps.
_ODD_SPACE = re.compile("[\x0b\x0c\x1c-\x1f\x85\u1680\u2028\u2029\u205f]")
# Bullet glyphs a converter may leave, including private-use symbol-font glyphs.
_BULLET = re.compile(
    r"^(?:[-\u2010-\u2015\u2022\u2023\u2043\u25aa-\u25cf\u25e6\u2219\u00b7\uf000-\uf0ff*>•▪◦●■□➢✓]\s*)+"
)


def clean(text: str) -> str:
    """The words of a line: no markdown, HTML, link targets or repeated spaces."""
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _TAG.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "#" in text:
        text = _HEADING.sub("", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    if "&" in text:
        text = text.replace("&amp;", "&").replace("&nbsp;", " ")
    if _folded(text):
        return text
    if text.isprintable():
        return " ".join(text.split())
    # Every character of _ODD_SPACE is unprintable: a printable line (most) is not searched for them.
    if _ODD_SPACE.search(text):
        return _SPACES.sub(" ", text).strip()
    # str.split() folds the same runs of spaces as _SPACES, and more cheaply, when none of the characters
    # it alone treats as space (form feed, line separators) is there.
    return " ".join(text.replace("\u200b", " ").split())


def _folded(text: str) -> bool:
    """Whether a line's white space is folded already (most lines): a printable line's only white space is the
    ASCII space (no tab, no other space, no zero-width space), so one with no two spaces together and none at
    either end."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


# What ``clean`` takes out is marked by one of these characters; a line with none needs only its spaces folded.
MARKUP = ("[", "<", "\\", "#", "*", "_", "&")


def lines_holding(joined: str, count: int, words: tuple[str, ...]) -> set[int]:
    """The indexes of the lines of ``joined`` (``count`` texts joined by line breaks) that hold one of ``words``:
    found by str.find in the whole text, a line's index being the number of line breaks before the word, rather
    than by searching every line for every word. When a text holds a line break itself, every line is given."""
    if joined.count("\n") != max(count - 1, 0):
        return set(range(count))
    found: set[int] = set()
    for word in words:
        index = counted = 0
        at = joined.find(word)
        while at >= 0:
            index += joined.count("\n", counted, at)
            counted = at
            found.add(index)
            at = joined.find(word, at + 1)
    return found


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text).strip()


# List markers, tried in order: "(1)", "(a)", "(iv)", "1)", "a)", "iv)", "2.1", "1.", "a.", "iv.".
_MARKERS = [
    ("paren_num", re.compile(r"^\((\d{1,3})\)\s*")),
    ("paren_roman", re.compile(r"^\(((?:x{0,3})(?:ix|iv|v?i{0,3}))\)\s*", re.I)),
    ("paren_alpha", re.compile(r"^\(([a-z])\)\s*", re.I)),
    ("num_paren", re.compile(r"^(\d{1,3})\)\s*")),
    ("roman_paren", re.compile(r"^((?:x{0,3})(?:ix|iv|v?i{0,3}))\)\s+", re.I)),
    ("alpha_paren", re.compile(r"^([a-z])\)\s+")),
    (
        "decimal",
        re.compile(r"^(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?(?:\s+|$)(?!(?:am|pm|a\.m|p\.m|hrs)\b)", re.I),
    ),
    ("num_dot", re.compile(r"^(\d{1,3})\.(?:\s+|$)")),
    ("roman_dot", re.compile(r"^((?:x{0,3})(?:ix|iv|v?i{0,3}))\.\s+")),
    ("alpha_dot", re.compile(r"^([a-z])\.\s+")),
]


@dataclass(frozen=True, slots=True)
class Marked:
    """A line split into its list marker (if any) and the text after it."""

    kind: str | None  # which marker style: "num_dot", "paren_alpha", "bullet" ... or None
    label: str | None
    text: str


def split_marker(text: str) -> Marked:
    """Read the list marker a cleaned line starts with, if any."""
    body = strip_bullet(text)
    bulleted = body != text
    for kind, pattern in _MARKERS:
        m = pattern.match(body)
        if m and m.group(1):
            rest = body[m.end() :].strip()
            return Marked(kind, m.group(1), rest)
    return Marked("bullet" if bulleted else None, None, body)


@dataclass(slots=True, unsafe_hash=True)
class Row:
    """A line of the document, cleaned once, with where it came from. Not frozen, though nothing changes a row
    once made, for the reason ``Line`` is not: rows are made for every line, and again by the readers that
    split or join them."""

    index: int  # position in the document's line list
    line: Line
    text: str

    @property
    def number(self) -> int:
        return self.line.number

    @property
    def page(self) -> int | None:
        return self.line.page


def rows_of(document: Document) -> list[Row]:
    """The document's lines, each cleaned: those holding no markup (found in the whole text at once) and folded
    already, most, are kept as they are without going through ``clean``."""
    lines = document.lines
    texts = [line.text for line in lines]
    marked = lines_holding("\n".join(texts), len(texts), MARKUP)
    return [
        Row(i, line, text if i not in marked and _folded(text) else clean(text))
        for i, (line, text) in enumerate(zip(lines, texts, strict=True))
    ]


TERMINAL = (".", ";", "!", "?")


def words(text: str) -> int:
    return len(text.split())


def is_sentence(text: str) -> bool:
    return text.rstrip().endswith(TERMINAL)


NUMBER_CELL = re.compile(r"\d{1,4}\.?")


def join_number_cells(rows: list[Row]) -> list[Row]:
    """A web page's table puts an item's number in one cell and its title in the next ("1." / "Apologies"):
    join them into the one line a printed agenda or set of minutes would have."""
    out: list[Row] = []
    skip = -1
    for k, row in enumerate(rows):
        if k <= skip:
            continue
        if NUMBER_CELL.fullmatch(row.text):
            following = next((j for j in range(k + 1, min(k + 4, len(rows))) if rows[j].text), None)
            if following is not None and not rows[following].text[:1].isdigit():
                out.append(Row(row.index, row.line, f"{row.text} {rows[following].text}"))
                skip = following
                continue
        out.append(row)
    return out


# "pdf icon PDF 297 KB", "(19.00)", "(attached)": page furniture and notes after a title
TITLE_FURNITURE = re.compile(
    r"\s*(?:pdf\s+icon\s+)?PDF\s+\d+(?:\.\d+)?\s*[KM]B\b|\s*\((?:\d{1,2}[.:]\d{2}(?:\s*[ap]m)?|attached|"
    r"report\s+attached|copy\s+enclosed|enclosed|to\s+follow|report\s+to\s+follow|to\s+be\s+tabled|"
    r"report\s+to\s+be\s+tabled|verbal(?:\s+report)?)\)?|\s+ref:\s*\d+.*$|\s+recommendations\s+approved\s*$|"
    r"^\d{1,2}/\d{1,2}/\d{2,4}\s*[-–]\s*|\s*\(\s*agenda\s+item\s+\d{1,3}[a-z]?\s*\)",
    re.I,
)


def strip_furniture(title: str) -> str:
    """An item's title without what a web page or PDF prints around it: "pdf icon PDF 297 KB", "(19.00)",
    "(report attached)", a decision list's "ref: 1513 Recommendations Approved"."""
    previous = None
    while previous != title:
        previous = title
        title = TITLE_FURNITURE.sub("", title).strip()
    return title
