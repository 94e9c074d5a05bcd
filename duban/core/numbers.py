"""Reading numbers as districts write them: full-width digits, separators, Chinese numerals.

Exact Decimal arithmetic throughout; unreadable input gives None, never an exception.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")
_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "兩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8,
    "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_ARABIC_RE = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def normalize_digits(text: str) -> str:
    """Full-width digits and punctuation to half-width."""
    return text.translate(_FULLWIDTH)


def _chinese_integer(text: str) -> int | None:
    total = section = digit = 0
    seen = False
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
            seen = True
        elif ch in _SMALL:
            section += (digit or 1) * _SMALL[ch]
            digit = 0
            seen = True
        elif ch in _LARGE:
            total = (total + section + digit) * _LARGE[ch]
            section = digit = 0
            seen = True
        else:
            return None
    return total + section + digit if seen else None


def parse_number(text: str) -> Decimal | None:
    """168, １６８, 1,680.5, 一百零八, 二千, 1.2万, 3亿, 一万五千 → Decimal; else None."""
    if text is None:
        return None
    s = normalize_digits(str(text)).strip().replace(",", "").replace(" ", "")
    if not s:
        return None
    if _ARABIC_RE.match(s):
        try:
            return Decimal(s)
        except InvalidOperation:
            return None
    mixed = re.match(r"^([+-]?\d+(?:\.\d+)?)([万萬亿億]+)$", s)
    if mixed:
        value = Decimal(mixed.group(1))
        for ch in mixed.group(2):
            value *= _LARGE[ch]
        return value
    # Pure Chinese numerals written digit by digit (二〇二一) read as digits.
    if all(ch in _DIGITS for ch in s) and len(s) > 1 and not any(ch in "十百千" for ch in s):
        return Decimal("".join(str(_DIGITS[ch]) for ch in s))
    value = _chinese_integer(s)
    return Decimal(value) if value is not None else None
