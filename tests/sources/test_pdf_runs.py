"""The PDF reader's runs, taken from each page's text read once, are the runs PDFium selects rectangle by rectangle.

``page_runs`` finds each of PDFium's text rectangles in the page's text instead of asking PDFium for the text
inside each rectangle, which walks every character of the page once a rectangle. The reference here is that
older reader, kept for this comparison: on PDFs of many shapes (made by fpdf2 and by WeasyPrint: tables,
columns, several fonts, bold and italic words inside a line, small type, superscripts, hyphenated lines,
tightly set lines that overlap, rotated text and rotated pages, empty pages) both must give the same runs,
hence the same lines. The documents are in the tests' own words.
"""

from __future__ import annotations

import ctypes
import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from minutebook.sources.pdf import _overlapping, _runs_from_text, page_lines, page_runs

from ..documents import latin1, pdf_from_text
from ..extract.helpers import FIXTURES

PROSE = (
    "The Board received a report on the joint plan for community services. Members asked how the "
    "co-ordination of discharge from hospital would be measured, and whether the voluntary sector had been "
    "involved in setting the priorities. The officer replied that a dashboard would be shared each quarter. "
)
# A line in runs of several styles: (style, words).
RESOLUTION = [
    ("", "The Board "),
    ("B", "RESOLVED"),
    ("", " that the plan be "),
    ("I", "approved"),
    ("", "(subject to (a) and ("),
    ("B", "b"),
    ("", ")).")
]
TABLE = [
    ["Scheme", "2023/24", "2024/25", "Change"],
    ["Home care", "1,204", "1,310", "106"],
    ["Reablement", "412", "398", "-14"],
    ["Carers' support", "96", "120", "24"],
]


def reference_runs(textpage) -> list[tuple]:
    """The runs as the reader made them before: the text PDFium selects inside each of its rectangles, put in
    reading order."""
    runs = []
    edges = [ctypes.c_double() for _ in range(4)]
    for k in range(pdfium_c.FPDFText_CountRects(textpage, 0, -1)):
        assert pdfium_c.FPDFText_GetRect(textpage, k, *(ctypes.byref(e) for e in edges))
        left, top, right, bottom = (e.value for e in edges)
        needed = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, None, 0)
        buffer = (ctypes.c_ushort * (needed + 1))()
        written = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, buffer, needed + 1)
        text = ctypes.string_at(buffer, 2 * written).decode("utf-16-le", "ignore").rstrip("\x00").strip()
        if text:
            runs.append((top, bottom, left, right, text))
    runs.sort(key=lambda run: (-run[0], run[2]))  # reading order as the lines were made from runs before
    return runs


def both_readers(data: bytes) -> tuple[list, list, int, int]:
    """Every page's runs by ``page_runs`` and by the reference, page by page; how many pages have more than one
    rectangle, and how many of those were read from their text (not all by rectangles, as the reference)."""
    ours, theirs, several, from_text = [], [], 0, 0
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdfium_c.FPDF_LoadPage(pdf, index)
            textpage = pdfium_c.FPDFText_LoadPage(page)
            try:
                ours.append(page_runs(textpage))
                theirs.append(reference_runs(textpage))
                count, total = pdfium_c.FPDFText_CountChars(textpage), pdfium_c.FPDFText_CountRects(textpage, 0, -1)
                buffer = (ctypes.c_ushort * (2 * count + 16))()
                several += total > 1
                from_text += total > 1 and _runs_from_text(textpage, count, total, buffer, len(buffer)) is not None
            finally:
                pdfium_c.FPDFText_ClosePage(textpage)
                pdfium_c.FPDF_ClosePage(page)
    finally:
        pdf.close()
    return ours, theirs, several, from_text


def fpdf_document():
    """fpdf2 with its core fonts: runs of several fonts and styles inside lines, a table, two columns,
    small type, superscripts, rotated words, a page with nothing on it and one set in lines too close."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 5.5, "Report of the Director of Public Health", new_x="LMARGIN", new_y="NEXT")
    for family in ("Helvetica", "Times", "Courier"):
        for style, words in RESOLUTION:
            pdf.set_font(family, style, 11)
            pdf.write(5.5, words)
        pdf.ln(8)
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 5.5, PROSE * 3, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)
    pdf.multi_cell(0, 3.5, "Footnote in small type: " + PROSE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.write(5.5, "Spending rose by 12")
    pdf.set_font("Helvetica", size=7)
    pdf.set_y(pdf.get_y() - 1.5)
    pdf.write(5.5, "1")
    pdf.set_y(pdf.get_y() + 1.5)
    pdf.set_font("Helvetica", size=11)
    pdf.write(5.5, " per cent over the year.")
    pdf.ln(10)
    with pdf.table(col_widths=(60, 30, 30, 30)) as table:
        for cells in TABLE:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(5)
    with pdf.text_columns(ncols=2, gutter=8) as columns:
        columns.write(text=PROSE * 4)
    pdf.add_page()  # empty
    pdf.add_page()
    pdf.set_font("Times", size=12)
    for angle in (90, 45, 180):
        with pdf.rotation(angle, x=100, y=150):
            pdf.text(100, 150, f"Draft minutes, turned {angle} degrees")
    pdf.set_xy(20, 200)
    pdf.multi_cell(0, 2.5, PROSE, new_x="LMARGIN", new_y="NEXT")  # lines set closer than the type is tall
    pdf.set_font("Helvetica", size=10)
    for row, words in enumerate(["Apologies were received from", "Councillor Ortiz and Councillor Singh."]):
        x = 20.0
        for letter in words:  # a text object a character, as some writers set text
            pdf.text(x, 250 + 6 * row, letter)
            x += pdf.get_string_width(letter)
    return bytes(pdf.output())


def weasyprint_document():
    """WeasyPrint, as the minute book's own packs are made: embedded fonts, justified text, a table, CSS
    columns, words in bold and italic, superscripts, letter spacing, hyphenation, a landscape page, an empty one."""
    from weasyprint import HTML

    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in TABLE)
    html = f"""<html><head><style>
      @page {{ size: A4; margin: 2cm }}
      @page wide {{ size: A4 landscape }}
      body {{ font-family: sans-serif; font-size: 11pt }}
      p.justified {{ text-align: justify; hyphens: auto }}
      .columns {{ columns: 2; column-gap: 1cm; font-family: serif }}
      .spaced {{ letter-spacing: 0.2em }}
      .small {{ font-size: 7pt }}
      .tight {{ line-height: 0.7 }}
      .wide {{ page: wide }}
      .break {{ break-before: page }}
    </style></head><body lang="en">
      <h1>Health and Wellbeing Board</h1>
      <p class="justified">{PROSE * 2}</p>
      <p>Item 4: <b>Better Care Fund</b> – <i>for decision</i> – see section 3<sup>2</sup>; café and naïve.</p>
      <table border="1">{rows}</table>
      <div class="columns"><p>{PROSE * 3}</p></div>
      <p class="spaced">RESOLVED that the report be noted.</p>
      <p class="small">{PROSE}</p>
      <p class="tight">{PROSE}</p>
      <div class="break"></div>
      <div class="break wide"><p>{PROSE}</p><table>{rows}</table></div>
    </body></html>"""
    return HTML(string=html).write_pdf()


def turned(data: bytes, degrees: int) -> bytes:
    """The PDF with every page's /Rotate set, as scanners and some publishers leave landscape pages."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page.rotate(degrees))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fixture_pdfs() -> list[tuple[str, bytes]]:
    texts = [(p.name, latin1(p.read_text())) for p in sorted(Path(FIXTURES).glob("*.txt"))]
    return [(f"{n} (small, wide)", pdf_from_text(t)) for n, t in texts[:6]] + [
        (f"{n} (A4)", pdf_from_text(t, like_a_council=True)) for n, t in texts[:6]
    ]


@pytest.fixture(scope="module")
def documents() -> list[tuple[str, bytes]]:
    fpdf, weasy = fpdf_document(), weasyprint_document()
    return [
        ("fpdf2", fpdf),
        ("fpdf2, pages turned", turned(fpdf, 90)),
        ("WeasyPrint", weasy),
        ("WeasyPrint, pages turned", turned(weasy, 270)),
        *fixture_pdfs(),
    ]


def test_runs_read_from_the_page_text_are_those_pdfium_selects_by_rectangle(documents):
    compared = read_from_text = 0
    for name, data in documents:
        ours, theirs, several, from_text = both_readers(data)
        for number, (mine, reference) in enumerate(zip(ours, theirs, strict=True), start=1):
            assert mine == reference, f"{name}, page {number}"
        compared, read_from_text = compared + several, read_from_text + from_text
    assert compared > 20
    assert read_from_text == compared  # every page was read from its text, not by the reference's way


def test_the_documents_hold_what_the_comparison_is_about(documents):
    """Pages with no text, runs in several fonts on one line, and rectangles that overlap (read by their
    rectangle) are all there to be compared."""
    shapes = set()
    for _, data in documents[:4]:
        ours, *_ = both_readers(data)
        for runs in ours:
            if not runs:
                shapes.add("empty page")
            rows = {}
            for run in runs:
                rows.setdefault(round(run[0]), []).append(run[4])  # by its top
            if any(len(texts) >= 3 for texts in rows.values()):
                shapes.add("several runs on a line")
            if _overlapping(runs):
                shapes.add("overlapping rectangles")
    assert shapes == {"empty page", "several runs on a line", "overlapping rectangles"}


def test_overlapping_rectangles_are_those_sharing_an_area():
    rects = [
        (100.0, 90.0, 10.0, 50.0),  # top, bottom, left, right
        (95.0, 85.0, 40.0, 80.0),  # shares a corner with the first
        (90.0, 80.0, 90.0, 120.0),  # touches the first's bottom edge only, and the second's nothing
        (60.0, 50.0, 10.0, 50.0),
        (60.0, 50.0, 50.0, 90.0),  # side by side with the one before: an edge, no area
    ]
    assert _overlapping(rects) == {0, 1}
    # a line of a rectangle a character, side by side, and two lines set too close, one word overlapping
    letters = [(20.0, 10.0, 10.0 + 5 * k, 15.0 + 5 * k) for k in range(100)]
    close = [(14.0, 4.0, 0.0, 300.0), (6.0, -4.0, 200.0, 230.0), (6.0, -4.0, 400.0, 430.0)]
    assert _overlapping(letters) == set()
    # the first close line reaches the letters left of x=300 (the first 58) and the word below it; the other
    # word is clear of both
    assert _overlapping(letters + close) == {*range(58), 100, 101}


def test_the_lines_of_a_page_come_from_its_runs(documents):
    name, data = documents[0]
    pdf = pdfium.PdfDocument(data)
    page = pdfium_c.FPDF_LoadPage(pdf, 0)
    textpage = pdfium_c.FPDFText_LoadPage(page)
    try:
        lines = page_lines(textpage)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
        pdfium_c.FPDF_ClosePage(page)
        pdf.close()
    # words in another font join their line; table cells are tab-separated
    assert "The Board RESOLVED that the plan be approved (subject to (a) and ( b ))." in lines
    assert "Scheme\t2023/24\t2024/25\tChange" in lines
    assert "Carers' support\t96\t120\t24" in lines
