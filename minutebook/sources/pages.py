"""Finding page breaks in text that a PDF converter flattened.

Published packs carry their pack page numbers as stamps ("Page 27",
"3 of 5 Page 37", "Page 4 of 12"), mark empty pages with "This page is
intentionally left blank", and some converters keep form feeds. Stamps are
taken out of the text (they would split paragraphs) but their numbers set the
page of the lines around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .document import Line

# A stamp alone on a line: "Page 27", "3 of 5 Page 37", "Page 4 of 12", "- 5 -".
STAMP = re.compile(
    r"^\s*(?:\d{1,3}\s+of\s+\d{1,3}\s+)?page\s+(\d{1,4})(?:\s+of\s+\d{1,4})?\s*$", re.IGNORECASE
)
# A stamp the converter glued to the start of the next table row: "Page 266\t10\t...".
GLUED_STAMP = re.compile(r"^\s*Page\s+(\d{1,4})\t")
BLANK_PAGE = re.compile(
    r"^\W*this page (?:is |has been )?(?:intentionally|deliberately) (?:left )?blank\W*$", re.I
)


def is_furniture(text: str) -> bool:
    """A page stamp or a blank-page notice alone on a line, which the readers that know their pages drop. Both
    patterns name the page ("page" in any case, which lowering finds), so most lines are passed over without
    trying them."""
    return (
        len(text) < 60
        and "page" in text.lower()
        and ((len(text) < 40 and STAMP.match(text) is not None) or BLANK_PAGE.match(text) is not None)
    )


def paginate(raw_lines: Iterable[str]) -> list[Line]:
    """Number the lines and give each its page; stamps and blank-page notices are dropped."""
    lines: list[Line] = []
    page = 1
    page_start = 0  # index in ``lines`` where the current page began
    for number, raw in enumerate(raw_lines, start=1):
        chunks = raw.split("\f")
        for i, text in enumerate(chunks):
            if i:
                page, page_start = page + 1, len(lines)
            stamp = STAMP.match(text) if len(text) < 40 else None
            if stamp:
                printed = int(stamp.group(1))
                # The stamp is printed on the page it numbers: relabel that page's lines.
                for j in range(page_start, len(lines)):
                    lines[j] = Line(lines[j].number, printed, lines[j].text)
                page, page_start = printed + 1, len(lines)
                continue
            if BLANK_PAGE.match(text) if len(text) < 60 else False:
                page, page_start = page + 2, len(lines)
                continue
            glued = GLUED_STAMP.match(text)
            if glued:
                text = text[glued.end() :]
            lines.append(Line(number, page, text))
    return lines
