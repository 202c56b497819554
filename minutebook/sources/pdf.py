"""PDF files, read with pypdfium2 (PDFium, the engine Chrome uses).

Text is rebuilt line by line from PDFium's text runs: runs that share a
baseline make one line, a wide gap between runs (a table's columns)
becomes a tab, so table rows stay rows, and a paragraph's white space
becomes a blank line. Each line gets its true page
number; page stamps and blank-page notices are dropped as in text files.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .document import Document, Line, SourceError
from .pages import BLANK_PAGE, GLUED_STAMP, STAMP

COLUMN_GAP = 14.0  # points between two runs on one line that mean "next column"


def read_pdf(data: bytes, name: str) -> Document:
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
                for text in page_lines(textpage):
                    number += 1
                    if (len(text) < 40 and STAMP.match(text)) or (len(text) < 60 and BLANK_PAGE.match(text)):
                        continue
                    glued = GLUED_STAMP.match(text)
                    lines.append(Line(number, index + 1, text[glued.end() :] if glued else text))
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
    runs = []
    # One buffer for every run of the page, each run's text asked for once (pypdfium2's ``get_text_bounded``
    # asks PDFium twice, its length then its text, and each ask walks every character of the page). No run holds
    # more than the page's characters (a line break or two added); a run that fills the buffer is asked again,
    # its length first.
    size = 2 * pdfium_c.FPDFText_CountChars(textpage) + 16
    buffer = (ctypes.c_ushort * size)()
    edges = [ctypes.c_double() for _ in range(4)]
    left_p, top_p, right_p, bottom_p = (ctypes.byref(e) for e in edges)
    bounded, rect = pdfium_c.FPDFText_GetBoundedText, pdfium_c.FPDFText_GetRect
    for k in range(pdfium_c.FPDFText_CountRects(textpage, 0, -1)):
        if not rect(textpage, k, left_p, top_p, right_p, bottom_p):
            raise pdfium.PdfiumError("Failed to get rectangle.")
        left, top, right, bottom = (e.value for e in edges)
        held, written = buffer, bounded(textpage, left, top, right, bottom, buffer, size)
        if written >= size:
            needed = bounded(textpage, left, top, right, bottom, None, 0)
            held = (ctypes.c_ushort * needed)()
            written = bounded(textpage, left, top, right, bottom, held, needed)
        text = (
            ctypes.string_at(held, 2 * max(written, 0)).decode("utf-16-le", "ignore").rstrip("\x00").strip()
        )
        if text:
            runs.append((top, bottom, left, right, text))
    runs.sort(key=lambda r: (-r[0], r[2]))
    rows: list[list[tuple]] = []
    for run in runs:
        top, bottom = run[0], run[1]
        if rows:
            last = rows[-1][0]
            overlap = min(top, last[0]) - max(bottom, last[1])
            if overlap > 0.5 * min(top - bottom, last[0] - last[1]):
                rows[-1].append(run)
                continue
        rows.append([run])
    out = []
    margin = min((r[2] for r in runs), default=0.0)
    previous_bottom = None
    for row in rows:
        top = max(r[0] for r in row)
        height = max(r[0] - r[1] for r in row)
        if previous_bottom is not None and previous_bottom - top > 0.8 * height:
            out.append("")  # a paragraph's worth of white space: the blank line a text file would have
        previous_bottom = min(r[1] for r in row)
        row.sort(key=lambda r: r[2])
        # A row that starts far in from the margin starts in a later column: its first cells are empty.
        text = ("\t" if row[0][2] - margin > 3 * COLUMN_GAP else "") + row[0][4]
        for previous, run in zip(row, row[1:], strict=False):
            text += ("\t" if run[2] - previous[3] > COLUMN_GAP else " ") + run[4]
        out.append(text)
    return out
