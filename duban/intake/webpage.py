"""The visible text of a saved web page, with where each of its characters sits in the source.

A proposal's offsets index the page's *source* as decoded (the HTML a reviewer can open in any
editor), not the visible text the rules read; so the reader records, for every visible
character, the source range it was written in: one character of text, or a whole character
reference (``&gt;``, ``&#20159;``). Block elements end a line; runs of white space become one
space; scripts, styles, ruby annotations (pinyin) and the ``<head>`` are not visible. Text
inside ``<nav>``, ``<footer>``, ``<aside>``, ``<header>``, ``<form>`` or an element whose
class/id says navigation, footer, related news or comments stays in the text (the reviewer
sees the page as it was) but is reported as chrome for the cleaner.

The standard library's tokenizer (``html.parser``, the one BeautifulSoup's default builder
uses) is driven with ``convert_charrefs=False`` so that every piece of text and every
character reference arrives with its own source position.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["Page", "read_page"]

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "title",
    ]
)
# <rt>/<rp> hold ruby annotations: the pinyin a machine-converted page prints over each
# character (計<rt>jì</rt>) is not part of the sentence.
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "head",
        "rt",
        "rp",
    ]
)
CHROME_TAGS = frozenset(["nav", "footer", "aside", "header", "form"])
VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# What may stand inside <head>; anything else means the author left </head> out.
HEAD_TAGS = frozenset(["title", "meta", "link", "style", "script", "base", "noscript", "template"])
CHROME_NAMES = re.compile(
    r"nav|menu|footer|foot|copyright|breadcrumb|crumb|login|share|sidebar|side-bar|"
    r"related|recommend|comment|toolbar|banner|topbar|header|ad-|ads|links",
    re.IGNORECASE,
)
_SPACE = frozenset(" \t\r\n\f\v\u00a0")


@dataclass(frozen=True)
class Page:
    """A page's visible text, the chrome ranges in it, and the map back to the source.

    ``starts[i]``/``ends[i]`` are the source offsets of visible character ``i``; a line break
    between blocks is zero-width at the end of the line it closes.
    """

    text: str
    chrome: tuple[tuple[int, int], ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of the visible span ``text[start:end]`` (non-empty)."""
        return self.starts[start], self.ends[end - 1]

    def to_visible(self, start: int, end: int) -> tuple[int, int]:
        """The visible span a source span made by :meth:`to_source` came from."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.ends, end, lo=first)
        return first, max(first + 1, last + 1)


class _Walker(HTMLParser):
    """Collects visible characters with source positions, line by line."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, chrome, skipped)
        self.lines: list[tuple[list[tuple[str, int, int]], bool]] = []
        self.current: list[tuple[str, int, int]] = []
        self.current_chrome = False

    # -- where we are -------------------------------------------------------------------
    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _chrome(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    # -- text ---------------------------------------------------------------------------
    def _add(self, text: str, start: int, end: int) -> None:
        if self._skipped():
            return
        if text.strip(" \t\r\n\f\v\u00a0"):
            self.current_chrome = self.current_chrome or self._chrome()
        if len(text) == end - start:
            self.current.extend((ch, start + i, start + i + 1) for i, ch in enumerate(text))
        else:  # a character reference: every character it stands for spans all of it
            self.current.extend((ch, start, end) for ch in text)

    def handle_data(self, data: str) -> None:
        start = self._offset()
        self._add(data, start, start + len(data))

    def handle_entityref(self, name: str) -> None:
        start = self._offset()
        end = start + 1 + len(name)
        if self.source.startswith(";", end):
            end += 1
        written = self.source[start:end]
        reference = written if written.endswith(";") else written + ";"
        text = html.unescape(reference)
        # An unknown name is shown as written, as browsers do.
        self._add(written if text == reference else text, start, end)

    def handle_charref(self, name: str) -> None:
        start = self._offset()
        end = start + 2 + len(name)
        if self.source.startswith(";", end):
            end += 1
        self._add(html.unescape(self.source[start:end].rstrip(";") + ";"), start, end)

    # -- structure ----------------------------------------------------------------------
    def _is_chrome_element(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in CHROME_TAGS:
            return True
        marks = " ".join(value or "" for name, value in attrs if name in ("class", "id"))
        return bool(marks.strip()) and bool(CHROME_NAMES.search(marks))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if any(t == "head" for t, _, _ in self.stack) and tag not in HEAD_TAGS:
            self._close("head")
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in VOID_TAGS:
            return
        chrome = self._chrome() or self._is_chrome_element(tag, attrs)
        self.stack.append((tag, chrome, self._skipped() or tag in SKIP_TAGS))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._flush()
        self._close(tag)

    def _close(self, tag: str) -> None:
        """Pop up to the innermost open ``tag``; a stray end tag closes nothing."""
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def _flush(self) -> None:
        """End the current line: collapse white space, drop it when empty."""
        collapsed: list[tuple[str, int, int]] = []
        for ch, start, end in self.current:
            if ch in _SPACE:
                if collapsed and collapsed[-1][0] == " ":
                    continue
                collapsed.append((" ", start, end))
            else:
                collapsed.append((ch, start, end))
        while collapsed and collapsed[0][0] == " ":
            collapsed.pop(0)
        while collapsed and collapsed[-1][0] == " ":
            collapsed.pop()
        if collapsed:
            self.lines.append((collapsed, self.current_chrome))
        self.current = []
        self.current_chrome = False

    def close(self) -> None:
        super().close()
        self._flush()


def read_page(source: str) -> Page:
    """Read a decoded HTML page (see the module docstring)."""
    walker = _Walker(source)
    walker.feed(source)
    walker.close()
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    chrome: list[tuple[int, int]] = []
    for index, (chars, is_chrome) in enumerate(walker.lines):
        if index:
            text.append("\n")
            starts.append(ends[-1])
            ends.append(ends[-1])
        begin = len(text)
        for ch, start, end in chars:
            text.append(ch)
            starts.append(start)
            ends.append(end)
        if is_chrome:
            chrome.append((begin, len(text)))
    return Page("".join(text), tuple(chrome), tuple(starts), tuple(ends))
