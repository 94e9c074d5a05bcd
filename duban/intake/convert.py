"""A same-length *matching copy* of a document: Simplified Chinese, half-width digits.

The extractor's cue words are written once, in Simplified Chinese; Traditional documents are
converted with OpenCC before matching. Offsets found on the copy must be offsets into the
original, so the copy has exactly the original's length: OpenCC's phrase conversion is used
when it keeps the length (it nearly always does for Traditional → Simplified), otherwise the
text is converted line by line and, for a line that still changes length, character by
character. Full-width digits and punctuation are made half-width one for one.
"""

from __future__ import annotations

from functools import lru_cache

from duban.core.numbers import normalize_digits

__all__ = ["matching_copy"]


@lru_cache(maxsize=1)
def _converter() -> object:
    """The OpenCC Traditional → Simplified converter (dictionaries ship with the package)."""
    # deferred: OpenCC loads its dictionaries; only Traditional input needs them.
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters that OpenCC would change; a text without any of them needs no conversion."""
    # deferred: kept beside the OpenCC import it serves.
    from pathlib import Path

    import opencc

    path = Path(opencc.__file__).with_name("dictionary") / "TSCharacters.txt"
    chars: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            key = line.split("\t", 1)[0]
            if len(key) == 1:
                chars.add(key)
    return frozenset(chars)


def _convert(text: str) -> str:
    """OpenCC t2s on one piece of text."""
    return _converter().convert(text)  # type: ignore[attr-defined, no-any-return]


def to_simplified(text: str) -> str:
    """Traditional → Simplified with the guarantee ``len(result) == len(text)``."""
    if not _traditional_chars().intersection(text):
        return text
    whole = _convert(text)
    if len(whole) == len(text):
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
