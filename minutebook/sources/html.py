"""Saved council web pages (ModernGov "agenda and minutes" and "agenda item" pages among them).

Navigation, headers, footers, forms and every script are dropped: only the
page's content is kept, as lines. A table row of plain cells becomes one
tab-separated line; a row whose cells hold paragraphs (ModernGov's item
table: number, then title and minutes) becomes those lines in order.

What is kept is text, never markup: a tag that only appears once a script
is dropped (``<scr<script></script>ipt>``) is taken out too, until no tag is
left. A page nested deeper than any real page is refused, saying so.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from .document import MAX_DEPTH, MAX_LINES, Document, SourceError, too_many_lines
from .pages import paginate

DROP = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "template",
    "button",
    "select",
    "input",
    "object",
    "embed",
    "head",
)
CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navigation|menu|breadcrumbs?|footer|header|cookie|skip|sidebar|banner|"
    r"search|masthead|toolbar|share|social)(?:$|[\s_-])",
    re.I,
)
CONTENT = (
    "//main",
    "//*[@role='main']",
    "//*[@id='mgContent']",
    "//*[contains(@class,'mgContent')]",
    "//*[@id='modgov']",
    "//*[@id='content']",
    "//article",
    "//body",
)
BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "section",
    "article",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "br",
    "hr",
    "tbody",
    "thead",
    "caption",
    "main",
    "address",
}


# What a browser reads as a tag: "<p>", "</div >", "<!DOCTYPE x>", "<?php", "<script src=...>";
# not "< 5" or "<5".
TAG = re.compile(r"<[/!?]?[A-Za-z][^<>]*>")
TAG_START = re.compile(r"<(?=[/!?]?[A-Za-z])")
TAG_PASSES = 4


def read_html(data: bytes, name: str) -> Document:
    # huge_tree: without it libxml2 silently drops everything below 256 levels and the page reads as empty.
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError(name, f"is not readable HTML ({exc})") from None
    depth = _depth(root)
    cut = any("depth" in str(error).lower() for error in parser.error_log)  # libxml2 stopped reading
    if depth > MAX_DEPTH or cut:
        levels = f"{'over ' if cut else ''}{depth:,}"
        raise SourceError(
            name, f"is nested too deeply ({levels} levels of elements; the limit is {MAX_DEPTH})"
        )
    for element in root.xpath("|".join(f"//{tag}" for tag in DROP)):
        element.drop_tree()
    for element in root.xpath("//*[@id or @class]"):
        if element.getparent() is not None and CHROME.search(
            f"{element.get('id', '')} {element.get('class', '')}"
        ):
            element.drop_tree()
    content = next((found[0] for xpath in CONTENT if (found := root.xpath(xpath))), root)
    lines: list[str] = []
    _render(content, lines)
    if len(lines) > 2 * MAX_LINES:
        raise too_many_lines(name, f"{len(lines) // 2:,}")
    text_lines = _tidy([_without_markup(line) for line in lines])
    if not any(text_lines):
        raise SourceError(name, "has no text content once navigation and scripts are removed")
    return Document(name=name, lines=paginate(text_lines), media_type="text/html")


def _depth(root) -> int:
    """How deeply elements nest, counted without recursion (a hostile page can nest thousands deep)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _without_markup(text: str) -> str:
    """The text with every tag taken out, including tags that taking one out puts together."""
    for _ in range(TAG_PASSES):
        stripped = TAG.sub("", text)
        if stripped == text:
            return text
        text = stripped
    return TAG_START.sub("", text)  # what is still left cannot start a tag without its "<"


def _render(element, lines: list[str]) -> None:
    """Append the element's text to ``lines``, starting new lines at block boundaries."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "tr":
        cells = [c for c in element if isinstance(c.tag, str) and c.tag in ("td", "th")]
        rendered = []
        for cell in cells:
            cell_lines: list[str] = []
            _render_inline_or_block(cell, cell_lines)
            rendered.append([ln for ln in _tidy(cell_lines) if ln])
        if all(len(r) <= 1 for r in rendered):
            lines.append("\t".join(r[0] if r else "" for r in rendered))
        else:
            for r in rendered:
                lines.extend(r)
                lines.append("")
        lines.append("")
        return
    if tag in BLOCK:
        lines.append("")
    if tag == "li":
        lines.append("- ")
    if element.text and tag not in ("br",):
        _append(lines, element.text)
    for child in element:
        _render(child, lines)
        if child.tail:
            _append(lines, child.tail)
    if tag in BLOCK:
        lines.append("")


def _render_inline_or_block(cell, lines: list[str]) -> None:
    lines.append("")
    if cell.text:
        _append(lines, cell.text)
    for child in cell:
        _render(child, lines)
        if child.tail:
            _append(lines, child.tail)


def _append(lines: list[str], text: str) -> None:
    text = re.sub(r"\s+", " ", text)
    if not lines:
        lines.append("")
    lines[-1] += text


def _tidy(lines: list[str]) -> list[str]:
    """Strip each line and keep at most one blank line between paragraphs."""
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if line == "-":
            continue
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out
