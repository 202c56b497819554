"""Page stamps and blank-page notices are found as by trying both patterns on every short line, though most
lines are passed over on not naming the page."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from minutebook.sources.pages import BLANK_PAGE, STAMP, is_furniture

pieces = st.sampled_from(
    [
        "Page",
        "PAGE",
        "pAgE",
        "page",
        " ",
        "12",
        "3 of 5 ",
        " of 12",
        "-",
        "This ",
        "this page is ",
        "intentionally",
        " left",
        " blank",
        "Minutes",
        "\u0130",
        "\u212a",
        "p",
        "age",
        "\t",
    ]
)


def plainly(text: str) -> bool:
    return bool((len(text) < 40 and STAMP.match(text)) or (len(text) < 60 and BLANK_PAGE.match(text)))


@settings(max_examples=200, deadline=None)
@given(st.lists(pieces, max_size=8).map("".join))
@example("3 of 5 Page 37")
@example("PAGE 12")
@example("- This page has been deliberately left blank -")
def test_furniture_is_what_both_patterns_find(text):
    assert is_furniture(text) == plainly(text)


def test_stamps_and_notices_are_furniture_and_words_are_not():
    assert is_furniture("Page 27") and is_furniture("page 4 of 12")
    assert is_furniture("This page is intentionally left blank")
    assert not is_furniture("The Board turned the page on the old plan.")
    assert not is_furniture("")
