"""The cheap ways extraction reads lines give what the plain ways gave: ``clean`` returns a printable line with
single spaces as it is, without splitting and joining it (the same words as folding every line's white space, as
it did before, kept here as the reference), and the rows naming a word are found in the document's text lowered
once, and
a report's label is looked for only on lines starting with a letter it can start with."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from minutebook.extract import text as T
from minutebook.extract.pack import _agenda_item, _rows_naming
from minutebook.extract.records import AgendaItem, Report
from minutebook.extract.reports import LABEL_STARTS, REPORT_TO, TITLE_LABEL
from minutebook.extract.text import Row, rows_of
from minutebook.sources.document import Document, Line


def reference(text: str) -> str:
    """``clean`` as it was, folding the white space of every line."""
    if "[" in text:
        text = T._LINK.sub(r"\1", text)
    if "<" in text:
        text = T._AUTOLINK.sub(r"\1", text)
        text = T._TAG.sub("", text)
    if "\\" in text:
        text = T._ESCAPE.sub(r"\1", text)
    if "#" in text:
        text = T._HEADING.sub("", text)
    if "*" in text or "_" in text:
        text = T._EMPHASIS.sub("", text)
    if "&" in text:
        text = text.replace("&amp;", "&").replace("&nbsp;", " ")
    if not text.isprintable() and T._ODD_SPACE.search(text):
        return T._SPACES.sub(" ", text).strip()
    return " ".join(text.replace("\u200b", " ").split())


# every kind of white space str.split() and the patterns know, markup, and ordinary words
SPACES = " \t\u00a0\u2002\u200b\u202f\u3000\x0b\x0c\x1c\x1f\x85\u1680\u2028\u2029\u205f"
pieces = st.sampled_from(
    [*SPACES, "a", "B", "é", "1", ".", "*", "_", "#", "&amp;", "&nbsp;", "<b>", "[x](y)", "\\"]
)
lines = st.lists(pieces, max_size=20).map("".join)


@settings(max_examples=200, deadline=None)
@given(lines)
def test_clean_folds_white_space_as_before(text):
    assert T.clean(text) == reference(text)


def test_clean_keeps_a_plain_line_and_folds_the_rest():
    assert T.clean("The Board noted the report.") == "The Board noted the report."
    assert T.clean(" The  Board\tnoted\u00a0the report. ") == "The Board noted the report."
    assert T.clean("**RESOLVED** that\u200bthe plan be approved") == "RESOLVED that the plan be approved"


words_in_rows = st.lists(
    st.lists(
        st.sampled_from(["Minute", "MİNUTE", "minutes", "mi", "nute", "\n", "İ", "Σ", " ", "x"]), max_size=6
    ).map("".join),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(words_in_rows)
def test_the_rows_naming_a_word_are_those_whose_lowered_text_holds_it(texts):
    """``extract`` looks for the rows naming a word in the whole document's text lowered once: the same rows as
    lowering each row, also with rows holding a line break or letters that lower to more than one."""
    rows = [Row(i, Line(i + 1, 1, t), t) for i, t in enumerate(texts)]
    naming = _rows_naming(rows)
    expected = {i for i, t in enumerate(texts) if "minute" in t.lower()}
    assert naming("minute") >= expected
    if not any("\n" in t for t in texts):
        assert naming("minute") == expected


@settings(max_examples=100, deadline=None)
@given(st.from_regex(TITLE_LABEL) | st.from_regex(REPORT_TO))
@example("\u017fubject: Better Care Fund")  # the long s, which IGNORECASE takes for "s"
def test_a_report_label_starts_with_a_letter_the_reader_looks_at(text):
    """``find_reports`` passes over a line whose first character is not in ``LABEL_STARTS`` without trying its
    patterns: any line they match (generated from the patterns themselves) starts with one."""
    if TITLE_LABEL.match(text) or REPORT_TO.match(text):
        assert text[:1] in LABEL_STARTS


def test_the_closest_title_of_a_long_agenda_title_is_its_own():
    """A title of 200 characters or more, which difflib's matcher reads with its junk heuristic, matches
    itself as any other does."""
    long_title = "Better Care Fund " * 14
    items = [AgendaItem("3", "Joint plan"), AgendaItem("4", long_title)]
    report = Report(agenda_item=None, kind="report", title=long_title)
    assert _agenda_item(report, items, None, {}) == "4"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(pieces, max_size=8).map("".join) | st.just("a\nb  c"), max_size=10))
@example(
    ["Item 3\\. Minutes", "Health & Wellbeing Board", "[Report](x)"]
)  # markup each way ``clean`` removes it
def test_rows_are_the_lines_cleaned(texts):
    """``rows_of`` keeps a line holding no markup and folded already as it is: every row is its line cleaned."""
    document = Document(name="t.txt", lines=[Line(k + 1, 1, t) for k, t in enumerate(texts)])
    assert [row.text for row in rows_of(document)] == [T.clean(t) for t in texts]
