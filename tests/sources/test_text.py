import pytest

from minutebook.sources.document import SourceError
from minutebook.sources.read import read_document, sniff
from minutebook.sources.text import read_text


def test_page_stamps_set_pages_and_are_taken_out():
    doc = read_text(b"first\nPage 3\nsecond\n2 of 5 Page 4\nthird\n", "pack.txt")
    assert [(ln.number, ln.page, ln.text) for ln in doc.lines] == [
        (1, 3, "first"),
        (3, 4, "second"),
        (5, 5, "third"),
    ]


def test_form_feeds_and_blank_pages_start_new_pages():
    doc = read_text(b"one\ftwo\nThis page is intentionally left blank\nfour\n", "pack.txt")
    assert [(ln.page, ln.text) for ln in doc.lines] == [(1, "one"), (2, "two"), (4, "four")]


def test_a_stamp_glued_to_a_table_row_is_removed():
    doc = read_text(b"Page 266\t10\tProtecting Social Care\n", "bcf.txt")
    assert doc.lines[0].text == "10\tProtecting Social Care"


def test_undecodable_bytes_are_reported_with_the_file_name():
    with pytest.raises(
        SourceError, match=r"^minutes\.txt: not UTF-8 text: undecodable byte 0xff at offset 4"
    ):
        read_text(b"abc \xff def", "minutes.txt")


def test_utf16_with_a_byte_order_mark_is_read():
    assert read_text("Present:".encode("utf-16"), "x.txt").lines[0].text == "Present:"


def test_content_decides_the_type_not_the_name():
    assert sniff(b"%PDF-1.7 ...", "agenda.txt") == "application/pdf"
    assert sniff(b"<!DOCTYPE html><html>", "minutes.txt") == "text/html"
    assert sniff(b"Minutes of the meeting", "minutes.md") == "text/markdown"


def test_empty_and_missing_files_are_refused_by_name(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(SourceError, match="empty.txt: is empty"):
        read_document(empty)
    with pytest.raises(SourceError, match="missing.txt: cannot be read"):
        read_document(tmp_path / "missing.txt")
