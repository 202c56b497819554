"""Making PDF and Word files from fixture text, so readers can be tested on files the tests wrote."""

from __future__ import annotations

import io


def latin1(text: str) -> str:
    """The PDF core fonts cover Latin-1 only: dashes and curly quotes become their plain forms."""
    return (
        text.replace("–", "-")
        .replace("—", "-")
        .replace("’", "'")
        .replace("‘", "'")
        .replace("“", '"')
        .replace("”", '"')
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def pdf_from_text(text: str, *, encrypt: bool = False, like_a_council: bool = False) -> bytes:
    """A PDF of the text. By default on wide pages in a small font, so no line wraps and the PDF reads back as
    the same lines; ``like_a_council`` sets it as published packs are (A4, 11 point, lines wrapped)."""
    from fpdf import FPDF

    if like_a_council:
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(True, margin=20)
        pdf.set_font("Helvetica", size=11)
        pdf.add_page()
        for line in latin1(text).split("\n"):
            if line == "\f":
                pdf.add_page()
            elif not line.strip():
                pdf.ln(6)
            else:
                pdf.multi_cell(0, 5.5, line.replace("\t", "    "), new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
    pdf = FPDF(orientation="L", format="A3")
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_font("Helvetica", size=8)
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    for line in latin1(text).split("\n"):
        if line == "\f":
            pdf.add_page()
            continue
        if not line.strip():
            pdf.ln(5)
            continue
        cells = line.split("\t")
        width = (pdf.w - 20) / len(cells) if len(cells) > 1 else 0
        for k, cell in enumerate(cells):
            pdf.cell(
                width,
                4,
                cell,
                new_x="RIGHT" if k < len(cells) - 1 else "LMARGIN",
                new_y="TOP" if k < len(cells) - 1 else "NEXT",
            )
    return bytes(pdf.output())


def docx_from_text(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
