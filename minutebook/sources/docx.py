"""Word (.docx) files, read with python-docx.

Paragraphs and tables are read in the order they stand in the body; a table
row becomes one line of tab-separated cells. Word's automatic numbering
("1.", "(a)", "iv)") is not in the paragraph text, so it is rebuilt from
the numbering definitions: minutes and agendas depend on those numbers.
Page breaks (explicit, or where Word last laid out a new page) set pages.

A .docx is a zip of XML, so a small file can stand for gigabytes: the zip's
declared sizes, its compression ratios and the number of XML elements and
paragraphs are checked, reading the XML in bounded chunks, before python-docx
builds anything. Numbering values come from the file and are clamped to what
Word itself accepts.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
import zlib

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn as namespaced

from .document import MAX_LINES, Document, Line, SourceError
from .pages import is_furniture

MAX_UNPACKED = 256 * 1024 * 1024  # every part of the zip, images included, as declared
MAX_XML = 64 * 1024 * 1024  # the XML parts, which are parsed into memory
MAX_RATIO = 200  # a part over 1 MB that expands more than this is a zip bomb, not a document
MAX_ELEMENTS = 2_000_000  # XML elements in all parts: a 400-page report has a few hundred thousand
MAX_PARAGRAPHS = MAX_LINES // 2  # each paragraph is a line and the blank line after it
MAX_NUMBER = 32767  # Word's own largest list start value
LEVELS = range(9)  # Word's list levels, 0 to 8
PARAGRAPH = re.compile(rb"<w:p[\s>/]")
CHUNK = 1024 * 1024
qn = functools.cache(namespaced)  # "w:p" -> "{http://...}p", asked for several times per paragraph


def read_docx(data: bytes, name: str) -> Document:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SourceError(name, f"is not a readable Word document ({exc})") from None
    try:
        with package:
            _check_package(package, name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise SourceError(name, f"is a damaged Word document ({type(exc).__name__}: {str(exc)[:200]})") from None
    try:
        doc = open_docx(io.BytesIO(data))
    except PackageNotFoundError as exc:
        raise SourceError(name, f"is not a readable Word document ({exc})") from None
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged zip or XML fails in many library-specific ways
        raise SourceError(
            name, f"is not a readable Word document ({type(exc).__name__}: {str(exc)[:200]})"
        ) from None
    numbering = Numbering(doc)
    lines: list[Line] = []
    page = 1
    number = 0
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            page += _page_breaks(element)
            texts = [numbering.label(element) + _text(element)]
        elif element.tag == qn("w:tbl"):
            texts = [
                "\t".join(_text(cell).strip() for cell in row.iterchildren(qn("w:tc")))
                for row in element.iterchildren(qn("w:tr"))
            ]
        else:
            continue
        for text in texts:
            number += 1
            if not text.strip() or is_furniture(text):
                continue
            lines.append(Line(number, page, text))
            if element.tag == qn("w:p"):
                number += 1
                lines.append(Line(number, page, ""))  # paragraphs are separated as in a text file
    if not any(line.text.strip() for line in lines):
        raise SourceError(name, "has no text")
    return Document(
        name=name,
        lines=lines,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _check_package(package: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip bomb or a flood of paragraphs before anything is parsed, naming the limit hit."""
    entries = package.infolist()
    declared = sum(info.file_size for info in entries)
    if declared > MAX_UNPACKED:
        raise SourceError(name, f"would unpack to {declared:,} bytes, over the limit of {MAX_UNPACKED:,}")
    xml = [info for info in entries if info.filename.lower().endswith((".xml", ".rels"))]
    if sum(info.file_size for info in xml) > MAX_XML:
        raise SourceError(name, f"has over {MAX_XML:,} bytes of Word XML, over the limit")
    for info in xml:
        if info.file_size > CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SourceError(
                name,
                f"is not a plausible Word document: its part {info.filename} expands "
                f"{info.file_size // max(info.compress_size, 1):,} times (a zip bomb?)",
            )
    elements = paragraphs = 0
    for info in xml:
        tail = b""
        with package.open(info) as part:  # zipfile stops at the declared size, so a lie cannot go further
            while chunk := part.read(CHUNK):
                elements += chunk.count(b"<")
                # The 4 bytes before the chunk catch a "<w:p " cut in two; no match fits in 4 bytes alone.
                paragraphs += len(PARAGRAPH.findall(tail + chunk))
                tail = chunk[-4:]
                if elements > MAX_ELEMENTS:
                    raise SourceError(name, f"has over {MAX_ELEMENTS:,} XML elements, over the limit")
                if paragraphs > MAX_PARAGRAPHS:
                    raise SourceError(name, f"has over {MAX_PARAGRAPHS:,} paragraphs, over the limit")


def _text(element) -> str:
    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:p")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        elif node.tag == qn("w:p") and parts:
            parts.append(" ")
    return "".join(parts)


def _page_breaks(paragraph) -> int:
    explicit = sum(1 for br in paragraph.iter(qn("w:br")) if br.get(qn("w:type")) == "page")
    rendered = sum(1 for _ in paragraph.iter(qn("w:lastRenderedPageBreak")))
    return max(explicit, rendered)


ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _number(value: str | None, allowed: range) -> int | None:
    """A number from the file's XML, or None when it is not one Word would accept."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if n in allowed else None


def _format(n: int, fmt: str) -> str:
    if n < 1 or (n > 3999 and fmt.endswith("Roman")):
        return str(n)  # Word has no letter or roman numeral for these either
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "bullet":
        return "-"
    if fmt == "none":
        return ""
    return str(n)


def _style_numbering(doc) -> dict:
    """Numbering a paragraph takes from its style ("List Number"), following each style's basedOn."""
    try:
        styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iterchildren(qn("w:style"))}
    except (NotImplementedError, KeyError, AttributeError):
        return {}
    found = {}
    for style_id in styles:
        seen, current = set(), styles.get(style_id)
        while current is not None and style_id not in found and current.get(qn("w:styleId")) not in seen:
            seen.add(current.get(qn("w:styleId")))
            num_pr = current.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                found[style_id] = num_pr
                break
            based = current.find(qn("w:basedOn"))
            current = styles.get(based.get(qn("w:val"))) if based is not None else None
    return found


class Numbering:
    """Word list numbering, counted as Word counts it."""

    def __init__(self, doc):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        self.style_numbering = _style_numbering(doc)
        try:
            root = doc.part.numbering_part.element
        except (NotImplementedError, KeyError):
            return
        abstract = {}
        for a in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in a.iterchildren(qn("w:lvl")):
                ilvl = _number(lvl.get(qn("w:ilvl")), LEVELS)
                if ilvl is None:
                    continue
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                start = _number(start.get(qn("w:val")), range(MAX_NUMBER + 1)) if start is not None else 1
                levels[ilvl] = (
                    (fmt.get(qn("w:val")) or "decimal") if fmt is not None else "decimal",
                    (text.get(qn("w:val")) or "") if text is not None else f"%{ilvl + 1}.",
                    1 if start is None else start,
                )
            abstract[a.get(qn("w:abstractNumId"))] = levels
        for num in root.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                for ilvl, level in abstract.get(ref.get(qn("w:val")), {}).items():
                    self.levels[(num.get(qn("w:numId")), ilvl)] = level

    def label(self, paragraph) -> str:
        num_pr = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            num_pr = self.style_numbering.get(style.get(qn("w:val"))) if style is not None else None
        if num_pr is None:
            return ""
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is None:
            return ""
        num = num_id.get(qn("w:val"))
        level = _number(ilvl.get(qn("w:val")), LEVELS) if ilvl is not None else 0
        if (num, level) not in self.levels:
            return ""
        fmt, pattern, start = self.levels[(num, level)]
        self.counters[(num, level)] = self.counters.get((num, level), start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == num and k[1] > level]:
            del self.counters[deeper]
        text = pattern
        for k in range(level + 1):
            lfmt, _, lstart = self.levels.get((num, k), ("decimal", "", 1))
            text = text.replace(f"%{k + 1}", _format(self.counters.get((num, k), lstart), lfmt))
        return f"{text} " if text.strip() else ""
