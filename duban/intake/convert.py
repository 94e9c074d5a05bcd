"""A same-length *matching copy* of a document: Simplified Chinese, half-width digits.

The extractor's cue words are written once, in Simplified Chinese; Traditional documents are
converted with OpenCC (the maintained ``opencc`` package, a wheel around the C++ library and
its dictionaries) before matching. Offsets found on the copy must be offsets into the
original, so the copy has exactly the original's length: OpenCC's phrase conversion is used
when it keeps the length (it nearly always does for Traditional → Simplified), otherwise the
text is converted line by line and, for a line that still changes length, character by
character. Full-width digits and punctuation are made half-width one for one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

import opencc

from duban.core.numbers import normalize_digits

__all__ = ["matching_copy", "to_simplified"]


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _converter() -> _Converter:
    """The OpenCC Traditional → Simplified converter (its dictionaries ship in the wheel)."""
    converter: _Converter = opencc.OpenCC("t2s")
    return converter


def _convert(text: str) -> str:
    """OpenCC t2s on one piece of text."""
    return _converter().convert(text)


def to_simplified(text: str) -> str:
    """Traditional → Simplified with the guarantee ``len(result) == len(text)``.

    A text that OpenCC leaves unchanged (any Simplified document) costs one pass of the C++
    converter, a few milliseconds for a long report.
    """
    whole = _convert(text)
    if whole == text or len(whole) == len(text):
        return whole
    pieces: list[str] = []
    for line in text.splitlines(keepends=True):
        converted = _convert(line)
        if len(converted) != len(line):
            converted = "".join(c if len(c := _convert(ch)) == 1 else ch for ch in line)
        pieces.append(converted)
    return "".join(pieces)


def matching_copy(text: str) -> str:
    """The text the rules read: Simplified, half-width, same length as ``text``."""
    return normalize_digits(to_simplified(text))
