"""A report's agenda item is the one difflib would choose, though most titles are passed over on a bound.

``_agenda_item`` skips a title when the longest common subsequence of it and the report's title bounds
difflib's ratio at or under the best so far. The reference here compares every title with difflib alone, as
the reader did before; both must choose the same item for any titles, including empty ones, repeated ones,
titles that differ by one word and titles in other letters.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.extract.pack import _agenda_item, _fold
from minutebook.extract.records import AgendaItem, Report, SubItem

WORDS = [
    "care",
    "fund",
    "better",
    "plan",
    "health",
    "board",
    "annual",
    "report",
    "the",
    "of",
    "étude",
    "a",
    "",
]


def reference(report: Report, items: list[AgendaItem]) -> str | None:
    best, best_score = None, 0.6
    title = _fold(report.title)
    for item in items:
        candidates = [(item.number, item.title)] + [
            (f"{item.number}({s.label})", s.title) for s in item.sub_items
        ]
        for number, text in candidates:
            score = SequenceMatcher(None, title, _fold(text)).ratio()
            if score > best_score:
                best, best_score = number, score
    return best


titles = st.lists(st.sampled_from(WORDS), max_size=7).map(" ".join) | st.text(alphabet="abcde -", max_size=30)
agendas = st.lists(
    st.tuples(titles, st.lists(titles, max_size=2)),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(agendas, st.lists(titles, min_size=1, max_size=4))
def test_the_closest_title_is_the_one_difflib_chooses(agenda, report_titles):
    items = [
        AgendaItem(str(k), title, sub_items=[SubItem(chr(97 + j), sub) for j, sub in enumerate(subs)])
        for k, (title, subs) in enumerate(agenda, start=1)
    ]
    matchers: dict = {}  # kept over the document's reports, as the reader keeps them
    for title in report_titles:
        report = Report(agenda_item=None, kind="report", title=title)
        assert _agenda_item(report, items, None, matchers) == reference(report, items)


def test_a_stamp_before_the_report_wins_over_titles():
    items = [AgendaItem("4", "Better Care Fund plan")]
    report = Report(agenda_item=None, kind="report", title="Better Care Fund plan")
    assert _agenda_item(report, items, "7", {}) == "7"
    assert _agenda_item(report, items, None, {}) == "4"
