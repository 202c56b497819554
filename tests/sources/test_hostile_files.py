"""Readers facing damaged and hostile files: a clear refusal naming the file and the limit, in bounded time.

Each case here once crashed a batch, hung, or took gigabytes (issue 9, findings 6, 7 and 11); the
timeouts bound a hang, they do not measure speed.
"""

import zipfile

import pytest

from minutebook.sources.document import MAX_DEPTH, MAX_TEXT_BYTES, SourceError
from minutebook.sources.read import read_bytes

from ..documents import docx_from_text
from .malformed import (
    MINUTES,
    broken_deflate_docx,
    deep_html,
    document_xml,
    many_paragraphs_docx,
    numbered_docx,
    rewrite_docx,
    zip_bomb_docx,
)


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(SourceError) as caught:
        read_bytes(data, name)
    assert caught.value.name == name
    return caught.value.problem


@pytest.mark.parametrize(
    "data, problem",
    [
        (numbered_docx(["Apologies", "Minutes"], ilvl="first"), ["Apologies", "Minutes"]),
        (numbered_docx(["Apologies", "Minutes"], start="one"), ["1. Apologies", "2. Minutes"]),
        (
            rewrite_docx(
                docx_from_text("x"), {"word/document.xml": b"<w:document xmlns:w='x'><w:body><w:p>"}
            ),
            "Word",
        ),
        (broken_deflate_docx(), "damaged Word document"),
        (docx_from_text(MINUTES)[:20_000], "Word"),
    ],
    ids=["word-level-not-a-number", "word-start-not-a-number", "xml-cut-short", "zlib-error", "truncated"],
)
def test_a_damaged_word_file_is_read_or_refused_never_a_crash(data, problem):
    if isinstance(problem, list):  # a level that is no level is not numbered; a start that is none is 1
        assert [ln.text for ln in read_bytes(data, "list.docx").lines if ln.text][1:] == problem
    else:
        assert problem in refusal(data, "damaged.docx")


@pytest.mark.timeout(30)
def test_numbering_from_a_huge_start_value_is_bounded():
    huge = numbered_docx(["Apologies", "Minutes"], fmt="lowerRoman", start="2000000000")
    lines = [ln.text for ln in read_bytes(huge, "huge.docx").lines if ln.text]
    assert lines[1:] == ["i. Apologies", "ii. Minutes"]  # a start Word would refuse counts from 1
    big = numbered_docx(["Apologies", "Minutes"], fmt="upperRoman", start="3999")
    assert [ln.text for ln in read_bytes(big, "big.docx").lines if ln.text][1:] == [
        "MMMCMXCIX. Apologies",
        "4000. Minutes",  # past Word's last roman numeral, the number is printed as it is
    ]


@pytest.mark.timeout(60)
def test_a_word_file_of_millions_of_paragraphs_is_refused_before_it_is_built():
    # 3 million empty paragraphs are a 60 KB file; once compressed the ratio gives it away.
    assert "zip bomb" in refusal(many_paragraphs_docx(3_000_000), "flood.docx")
    stored = rewrite_docx(
        docx_from_text("x"),
        {"word/document.xml": document_xml("<w:p/>" * 300_000)},
        method=zipfile.ZIP_STORED,
    )
    assert "paragraphs, over the limit" in refusal(stored, "stored.docx")


@pytest.mark.timeout(60)
def test_a_zip_bomb_is_refused_from_its_declared_sizes():
    assert "zip bomb" in refusal(zip_bomb_docx(50_000_000), "bomb.docx")


def test_text_too_large_or_of_too_many_lines_is_refused_naming_the_limit():
    assert f"{MAX_TEXT_BYTES:,}" in refusal(b"Minutes of the meeting\n" * (MAX_TEXT_BYTES // 20), "dump.txt")
    assert "lines or paragraphs, over the limit" in refusal(b"a\n" * 300_000, "lines.txt")


@pytest.mark.parametrize("levels", [254, 255, 300])
def test_a_page_nested_a_few_hundred_deep_is_read(levels):
    # libxml2 stops at 256 levels unless told otherwise, and the page then read as empty.
    lines = [ln.text for ln in read_bytes(deep_html(levels), "deep.html").lines]
    assert lines == ["Minutes of the meeting held on 4 March 2024"]


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 3000])
def test_a_page_nested_deeper_than_any_real_page_is_refused_saying_so(levels):
    assert "nested too deeply" in refusal(deep_html(levels), "deep.html")


@pytest.mark.parametrize(
    "body",
    [
        "<p>&lt;scr<script>alert(1)</script>ipt&gt;alert(2)&lt;/scr<style>x</style>ipt&gt;</p>",
        "<p>&lt;&lt;script&gt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<p>&lt;img src=x onerror=alert(1)&gt; and &lt;sc&lt;b&gt;ript&gt;</p>",
        "<p><scr<script>ipt>alert(1)</script></p>",
    ],
)
def test_no_markup_survives_from_a_web_page(body):
    page = (
        f"<html><body><p>Minutes of the meeting</p>{body}<p>pupils aged &lt; 5 &amp; &lt;5</p></body></html>"
    )
    text = "\n".join(ln.text for ln in read_bytes(page.encode(), "page.html").lines)
    assert "<script" not in text.lower() and "<img" not in text.lower() and "<sc" not in text.lower()
    assert "pupils aged < 5 & <5" in text  # a "<" that starts no tag is text and stays
