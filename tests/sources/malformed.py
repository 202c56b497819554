"""Hostile and damaged files, made by the tests: Word files with chosen XML, zip bombs, deep pages.

Each maker starts from a valid file the tests wrote (python-docx, fpdf2, a short page) and changes one
thing, so a test names exactly what is wrong with the file it imports.
"""

from __future__ import annotations

import io
import random
import zipfile

from ..documents import docx_from_text, pdf_from_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MINUTES = """Minutes of the meeting of the Health and Wellbeing Board held on 4 March 2024 at 2.00 pm

Present: Councillor Ann Lucas (Chair), Councillor Ben Ortiz

1. Apologies for absence
Apologies were received from Councillor Cara Singh.

2. Minutes of the previous meeting
RESOLVED that the minutes of the meeting held on 5 February 2024 be approved.
"""


def rewrite_docx(data: bytes, parts: dict, *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of a .docx with some parts replaced: ``parts`` maps a part name to its new bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.get(info.filename, source.read(info)))
    return out.getvalue()


def document_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
        f"{body}</w:body></w:document>"
    ).encode()


def paragraph(text: str, *, num_id: str | None = None, ilvl: str = "0") -> str:
    numbered = (
        f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        if num_id
        else ""
    )
    return f"<w:p>{numbered}<w:r><w:t>{text}</w:t></w:r></w:p>"


def numbered_docx(items: list[str], *, fmt: str = "decimal", start: str = "1", ilvl: str = "0") -> bytes:
    """A Word file whose paragraphs are a list numbered by Word (the numbers are not in the text)."""
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W}">'
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ).encode()
    body = paragraph("Minutes of the meeting") + "".join(paragraph(t, num_id="1", ilvl=ilvl) for t in items)
    return rewrite_docx(
        docx_from_text("x"), {"word/document.xml": document_xml(body), "word/numbering.xml": numbering}
    )


def many_paragraphs_docx(count: int) -> bytes:
    """A small .docx that holds ``count`` empty paragraphs: they compress to almost nothing."""
    return rewrite_docx(docx_from_text("x"), {"word/document.xml": document_xml("<w:p/>" * count)})


def zip_bomb_docx(size: int) -> bytes:
    """A .docx whose document.xml unpacks to about ``size`` bytes of one repeated paragraph (written in
    chunks, so making it costs the test little memory)."""
    unit = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 30_000
    head, tail = document_xml("").split(b"</w:body>")
    source = zipfile.ZipFile(io.BytesIO(docx_from_text("x")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
                continue
            entry = zipfile.ZipInfo(info.filename)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with target.open(entry, "w", force_zip64=True) as part:
                part.write(head)
                for _ in range(size // len(unit)):
                    part.write(unit)
                part.write(b"</w:body>" + tail)
    return out.getvalue()


def broken_deflate_docx() -> bytes:
    """A .docx whose document.xml's compressed bytes are not a deflate stream (zlib fails on them)."""
    data = docx_from_text("Minutes of the meeting")
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return data[:start] + b"\xff" * info.compress_size + data[start + info.compress_size :]


def deep_html(levels: int, text: str = "Minutes of the meeting held on 4 March 2024") -> bytes:
    return (
        b"<!DOCTYPE html><html><body>"
        + b"<div>" * levels
        + text.encode()
        + b"</div>" * levels
        + b"</body></html>"
    )


# -- mutations for the fuzz suite: each takes valid bytes and a seeded Random -------------------------------


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        k = rng.randrange(len(out))
        out[k] ^= 1 << rng.randrange(8)
    return bytes(out)


def corrupt_zip_entry(data: bytes, rng: random.Random) -> bytes:
    """Damage the compressed bytes of one part inside the zip (its local header stays valid)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    info = rng.choice([i for i in source.infolist() if i.compress_size > 8])
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        k = start + rng.randrange(info.compress_size)
        out[k] = rng.randrange(256)
    return bytes(out)


def mangle_xml(data: bytes, rng: random.Random) -> bytes:
    """Rewrite one XML part with a bit of it cut, repeated or replaced by something hostile."""
    source = zipfile.ZipFile(io.BytesIO(data))
    name = rng.choice(["word/document.xml", "word/numbering.xml", "word/styles.xml"])
    xml = source.read(name)
    k = rng.randrange(len(xml))
    xml = rng.choice(
        [
            lambda: xml[:k],
            lambda: xml[:k] + b"<" + xml[k:],
            lambda: xml.replace(b'w:val="', b'w:val="x', 1),
            lambda: xml.replace(b'w:ilvl="0"', b'w:ilvl="-5"'),
            lambda: xml.replace(b"<w:body>", b"<w:body>" + b"<w:p>" * 300, 1),
            lambda: xml.replace(b'encoding="UTF-8"', b'encoding="EBCDIC-US"', 1),
        ]
    )()
    return rewrite_docx(data, {name: xml})


def valid_files(rng: random.Random) -> dict[str, bytes]:
    """The valid files the mutations start from, one of each kind minutebook reads."""
    html = (
        "<!DOCTYPE html><html><head><title>Board</title><script>var x = 1;</script></head><body>"
        "<nav>Home</nav><main>"
        + "".join(f"<p>{line}</p>" for line in MINUTES.splitlines() if line)
        + "<table><tr><td>1</td><td>Item</td></tr></table></main></body></html>"
    ).encode()
    return {
        "pdf": pdf_from_text(MINUTES),
        "docx": docx_from_text(MINUTES),
        "numbered.docx": numbered_docx(["Apologies", "Minutes", "Any other business"], fmt="lowerRoman"),
        "html": html,
        "txt": MINUTES.encode(),
    }
