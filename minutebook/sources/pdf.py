"""PDF files, read with pypdfium2 (PDFium, the engine Chrome uses).

Text is rebuilt line by line from PDFium's text runs: runs that share a
baseline make one line, a wide gap between runs (a table's columns)
becomes a tab, so table rows stay rows, and a paragraph's white space
becomes a blank line. Each line gets its true page
number; page stamps and blank-page notices are dropped as in text files.
"""

from __future__ import annotations

import ctypes
import re
import threading
from operator import itemgetter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .document import Document, Line, SourceError
from .pages import GLUED_STAMP, is_furniture

COLUMN_GAP = 14.0  # points between two runs on one line that mean "next column"
INDENT = 3 * COLUMN_GAP  # points from the margin to a row's first run that mean its first cells are empty
# A line of the page's text (between the line breaks PDFium puts in), and what a rectangle's stretch of it must
# not hold to be taken as PDFium's selection of the rectangle: the characters PDFium selects otherwise (a
# hyphen's marker, a character with no Unicode, control characters; line breaks are between lines) and two
# spaces, which a selection may make one.
LINE_BREAK = re.compile(r"[\r\n]")
UNLIKE_SELECTION = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\ufffe]|  ")
NO_RECTANGLE = [0.0, 0.0, 0.0, 0.0]  # what PDFium gives for a stretch with no character that has a box
# A line of more rectangles than this (a character a text object, as some writers set text) is read by its
# rectangles: finding where each starts costs a count over the line each halving, more than reading them.
MANY_RECTANGLES = 32


def _unchecked(function):
    """One of PDFium's functions as pypdfium2 binds it, called without ctypes checking each argument against
    its declared type: a page's reading calls ``FPDFText_CountRects`` and ``FPDFText_GetRect`` about twice a
    line, and the checks took twice as long as the calls. Only for functions whose arguments are the text
    page, ints and pointers to doubles, and whose result is an int (ctypes' own conversions for those)."""
    return ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.cast(function, ctypes.c_void_p).value)


_count_rects = _unchecked(pdfium_c.FPDFText_CountRects)
_get_rect = _unchecked(pdfium_c.FPDFText_GetRect)


# PDFium is not thread-safe: a process may call into it from one thread at a time (pypdfium2's own rule). A
# worker reads its next document in a thread of its own (``governance.reading``) while its main thread may be
# reading another (a figure check reading a stored original), and a web process serves requests in threads.
_PDFIUM = threading.Lock()


def read_pdf(data: bytes, name: str) -> Document:
    with _PDFIUM:
        return _read_pdf(data, name)


def _read_pdf(data: bytes, name: str) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        problem = str(exc).lower()
        if "password" in problem or "security" in problem:
            raise SourceError(name, "is an encrypted PDF; save an unprotected copy to import it") from None
        raise SourceError(name, f"is not a readable PDF ({exc})") from None
    lines: list[Line] = []
    number = 0
    try:
        for index in range(len(pdf)):
            # PDFium's own handles, not pypdfium2's page and text page objects: the same calls, without the
            # finalizers and bookkeeping each object costs (about a tenth of reading a page).
            page = pdfium_c.FPDF_LoadPage(pdf, index)
            if not page:
                raise pdfium.PdfiumError("Failed to load page.")
            textpage = pdfium_c.FPDFText_LoadPage(page)
            try:
                if not textpage:
                    raise pdfium.PdfiumError("Failed to load text page.")
                page_number = index + 1
                for text in page_lines(textpage):
                    number += 1
                    if is_furniture(text):
                        continue
                    glued = GLUED_STAMP.match(text) if "\t" in text else None  # the stamp ends in a tab
                    lines.append(Line(number, page_number, text[glued.end() :] if glued else text))
            finally:
                if textpage:
                    pdfium_c.FPDFText_ClosePage(textpage)
                pdfium_c.FPDF_ClosePage(page)
    except pdfium.PdfiumError as exc:
        raise SourceError(name, f"is a damaged PDF ({exc})") from None
    finally:
        pdf.close()
    if not any(line.text.strip() for line in lines):
        raise SourceError(name, "has no text layer (a scan?); run it through OCR first")
    return Document(name=name, lines=lines, media_type="application/pdf")


def page_lines(textpage) -> list[str]:
    """The page's text as lines, table cells separated by tabs."""
    runs = page_runs(textpage)  # in reading order already
    out: list[str] = []
    if not runs:
        return out
    margin = min([r[2] for r in runs])
    previous_bottom = None
    row: list[tuple] = []
    first_top = first_bottom = 0.0  # the row's first run's, which each next run is compared with
    # one row at a time: its runs gathered, then written out when the next run starts a new row (or at the end)
    for run in (*runs, None):
        if run is not None:
            top, bottom = run[0], run[1]
            if row:
                # runs come down the page: this run's top is not above the row's first
                overlap = top - (bottom if bottom > first_bottom else first_bottom)
                height, first_height = top - bottom, first_top - first_bottom
                if overlap > 0.5 * (height if height < first_height else first_height):
                    row.append(run)
                    continue
        if row:
            if len(row) == 1:  # most rows: one run
                only = row[0]
                top_of_row, bottom_of_row, height = only[0], only[1], only[0] - only[1]
                # A row that starts far in from the margin starts in a later column: its first cells are empty.
                text = ("\t" + only[4]) if only[2] - margin > INDENT else only[4]
            else:
                top_of_row = max([r[0] for r in row])
                height = max([r[0] - r[1] for r in row])
                bottom_of_row = min([r[1] for r in row])
                row.sort(key=_LEFT)
                text = ("\t" if row[0][2] - margin > INDENT else "") + row[0][4]
                for previous, cell in zip(row, row[1:], strict=False):
                    text += ("\t" if cell[2] - previous[3] > COLUMN_GAP else " ") + cell[4]
            if previous_bottom is not None and previous_bottom - top_of_row > 0.8 * height:
                out.append("")  # a paragraph's worth of white space: the blank line a text file would have
            previous_bottom = bottom_of_row
            out.append(text)
        if run is not None:
            row = [run]
            first_top, first_bottom = run[0], run[1]
    return out


_TOP, _LEFT = itemgetter(0), itemgetter(2)


def reading_order(runs: list) -> None:
    """Sort (top, bottom, left, right, ...) runs down the page, then from the left, those at one place in
    PDFium's order: two sorts on C-level keys, each stable, cheaper than one on a key made per run."""
    runs.sort(key=_LEFT)
    runs.sort(key=_TOP, reverse=True)


def page_runs(textpage) -> list[tuple[float, float, float, float, str]]:
    """The page's text runs as (top, bottom, left, right, text), in reading order (``reading_order``): one
    for each of PDFium's text rectangles (``FPDFText_CountRects``: the characters of one text object, side by
    side), with the text PDFium selects inside it (``FPDFText_GetBoundedText``), stripped; runs with no text
    are left out.

    Asking PDFium for each rectangle's text walks every character of the page once a rectangle (runs x
    characters: a third of reading a page). The same text is read here from the page's text, taken once:
    PDFium makes its rectangles by walking the characters in order, starting a new one where the text object
    changes (generated characters and empty boxes passed over), so each rectangle is a stretch of the page's
    text. Where it starts is found by counting rectangles over stretches of the page's text: each line (up to
    a line break PDFium put in) on its own, then, for a line of several rectangles, over its first characters,
    halving. A rectangle's selection is its stretch's characters exactly when no other character lies in it:
    so a rectangle that overlaps another, or whose stretch holds a character PDFium selects otherwise
    (``UNLIKE_SELECTION``), is read by its rectangle as before, and a page whose rectangles the lines do not
    add up to, or whose text does not hold one character for each of PDFium's, is read all by rectangles.
    One case the text cannot tell: a printable character whose box PDFium makes empty (a glyph with no outline
    and no width), which a selection leaves out and the page's text keeps; the comparison with the old reading
    (tests/sources/test_pdf_runs.py) met none.
    """
    count = pdfium_c.FPDFText_CountChars(textpage)
    total = pdfium_c.FPDFText_CountRects(textpage, 0, -1)
    # One buffer for the page's text, and every rectangle's (none holds more than the page's characters and
    # the line breaks a selection adds), of a size rounded up to a power of two: ctypes makes a type for each
    # size of array, once for each size it meets.
    size = 1 << (2 * count + 16).bit_length()
    buffer = (ctypes.c_ushort * size)()
    if total > 1 and (runs := _runs_from_text(textpage, count, total, buffer, size)) is not None:
        return runs
    edges = [ctypes.c_double() for _ in range(4)]
    pointers = [ctypes.byref(e) for e in edges]
    runs = []
    for k in range(total):
        if not _get_rect(textpage, k, *pointers):
            raise pdfium.PdfiumError("Failed to get rectangle.")
        left, top, right, bottom = (e.value for e in edges)
        if text := _selected(textpage, left, top, right, bottom, buffer, size):
            runs.append((top, bottom, left, right, text))
    reading_order(runs)
    return runs


def _runs_from_text(textpage, count: int, total: int, buffer, size: int) -> list | None:
    """``page_runs`` from the page's text; None when the page must be read by rectangles."""
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    try:
        text = ctypes.string_at(buffer, 2 * max(written - 1, 0)).decode("utf-16-le")
    except UnicodeDecodeError:
        return None
    if len(text) != count:  # characters PDFium keeps out of its text: its indexes and the text's part
        return None
    count_rects, get_rect = _count_rects, _get_rect
    # The rectangle's edges land in one array in the order of a run, (top, bottom, left, right), read at once.
    edges = (ctypes.c_double * 4)()
    pointers = [ctypes.byref(edges, 8 * k) for k in (2, 0, 3, 1)]  # GetRect writes left, top, right, bottom
    # The lines: PDFium ends each with "\r\n"; a line break of one character (rare) is found by the pattern.
    if text.count("\r") == text.count("\n") == text.count("\r\n"):
        pieces, step = text.split("\r\n"), 2
    else:
        pieces, step = LINE_BREAK.split(text), 1
    found = []  # [top, bottom, left, right, first character, end of its stretch (None: read by its rectangle)]
    start = 0
    for piece in pieces:
        if not piece:
            start += step
            continue
        end = start + len(piece)
        many = count_rects(textpage, start, end - start)
        get_rect(textpage, 0, *pointers)
        rect = edges[:]
        if many == 1:
            if rect != NO_RECTANGLE:
                rect += (start, end)
                found.append(rect)
            start = end + step
            continue
        rects = [rect]
        for k in range(1, many):
            get_rect(textpage, k, *pointers)
            rects.append(edges[:])
        if many > MANY_RECTANGLES:
            found += [[*rect, None, None] for rect in rects]
            start = end + step
            continue
        firsts = [start]
        for k in range(1, many):
            # the first character of rectangle k: the first whose line so far has more than k rectangles
            low, high = firsts[-1] + 1, end - 1
            while low < high:
                middle = (low + high) // 2
                if count_rects(textpage, start, middle - start + 1) > k:
                    high = middle
                else:
                    low = middle + 1
            firsts.append(low)
        firsts.append(end)
        found += [[*rect, firsts[k], firsts[k + 1]] for k, rect in enumerate(rects)]
        start = end + step
    if len(found) != total:  # a text object across a line break: its rectangle was cut in two
        return None
    reading_order(found)
    overlapping = _overlapping(found) if _banded(found) else ()
    # A printable text with no two spaces together holds nothing UNLIKE_SELECTION finds: the pattern is
    # searched only when that cheap test fails.
    unlike = ("  " in text or not "".join(pieces).isprintable()) and UNLIKE_SELECTION.search(text) is not None
    runs = []
    for k, (high, low, first_x, last_x, first, end) in enumerate(found):
        if first is None or (overlapping and k in overlapping):
            stretch = _selected(textpage, first_x, high, last_x, low, buffer, size)
        else:
            stretch = text[first:end]
            if unlike and UNLIKE_SELECTION.search(stretch):
                stretch = _selected(textpage, first_x, high, last_x, low, buffer, size)
            else:
                stretch = stretch.strip()
        if stretch:
            runs.append((high, low, first_x, last_x, stretch))
    return runs


def _banded(rects: list) -> bool:
    """Whether any two of the (top, bottom, ...) rectangles, in reading order, share a band of the page
    (``_overlapping``): one reaches below the next one's top. On most pages none does, and no rectangle need
    be compared with another."""
    lowest = None
    for rect in rects:
        if lowest is not None and rect[0] > lowest:
            return True
        lowest = rect[1]
    return False


def _overlapping(rects: list[tuple]) -> set[int]:
    """The indexes of the (top, bottom, left, right, ...) rectangles that share some area with another (PDFium's
    test: the intersection is not empty). Only rectangles in one band of the page can: those whose heights
    overlap, one after another from the top (a line, or lines set closer than their type is tall). Within a
    band they are taken from the left, each compared with those not yet ended on its left: a few comparisons
    a rectangle, also on a line of a rectangle a character."""
    order = sorted(range(len(rects)), key=lambda k: -rects[k][0])
    shared = set()
    start = 0
    while start < len(order):
        end, lowest = start + 1, rects[order[start]][1]
        while end < len(order) and rects[order[end]][0] > lowest:
            lowest = min(lowest, rects[order[end]][1])
            end += 1
        if end - start > 1:
            reaching: list[int] = []  # rectangles of the band whose right edge is past the current one's left
            for k in sorted(order[start:end], key=lambda k: rects[k][2]):
                top, bottom, left, right = rects[k][:4]
                reaching = [other for other in reaching if rects[other][3] > left]
                if right > left:
                    for other in reaching:
                        if max(bottom, rects[other][1]) < min(top, rects[other][0]):
                            shared.update((k, other))
                reaching.append(k)
        start = end
    return shared


def _selected(textpage, left, top, right, bottom, buffer, size: int) -> str:
    """The text PDFium selects inside a rectangle, stripped (into ``buffer``; a longer one into its own)."""
    held, written = buffer, pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, buffer, size)
    if written >= size:
        needed = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, None, 0)
        held = (ctypes.c_ushort * needed)()
        written = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, held, needed)
    return ctypes.string_at(held, 2 * max(written, 0)).decode("utf-16-le", "ignore").rstrip("\x00").strip()
