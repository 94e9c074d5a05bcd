"""Numbers in and out: parsing what people typed, and the one policy for printing them.

Printing (the end of this module) is one policy for pages, exports, documents, the screen and
JSON: scores with 2 decimals, rates as percentages with 1 decimal, money in 万元 or 亿元 with
its unit (`duban.core.money.format_wan`), counts as integers, never exponent notation ("4E+1")
and never more digits than the policy says.

Parsing is shared by every part of duban that reads numbers people typed.

Targets, Excel ledgers and forms carry numbers written the way Chinese officials write them:
Arabic digits (sometimes full-width, ``１２３．５``), thousands separators, Chinese numerals
(``一百零八``, ``二千``, ``一万五千``, ``两``, ``〇``), the financial forms (``壹贰叁``) and mixed
forms (``1.2万``, ``1.5万亿``). Everything is exact :class:`~decimal.Decimal` arithmetic: a
target of ``0.1`` must never become ``0.1000000000000000055``.

Both functions are pure and never raise on bad input: garbage gives ``None`` so that callers
(an import preview, a form) can show a clear message instead of a 500.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "BIG_UNITS",
    "CHINESE_DIGITS",
    "RATE_PLACES",
    "SCORE_PLACES",
    "SMALL_UNITS",
    "format_count",
    "format_percent",
    "format_ratio",
    "format_score",
    "normalize_digits",
    "parse_number",
    "percent_number",
    "plain",
    "score_number",
]

# Full-width ASCII (U+FF01..U+FF5E) maps one-to-one onto ASCII, so normalising keeps the
# length of the text: offsets computed on the normalised text stay valid in the original.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x3002] = 0x3002  # keep the Chinese full stop: it ends sentences, it is no decimal point

CHINESE_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "壹": 1,
    "幺": 1,
    "二": 2,
    "贰": 2,
    "貳": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL_UNITS: dict[str, int] = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
}
BIG_UNITS: dict[str, int] = {
    "万": 10_000,
    "萬": 10_000,
    "亿": 100_000_000,
    "億": 100_000_000,
}

_ARABIC = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_POINTS = "点點"


def normalize_digits(s: str) -> str:
    """Return ``s`` with full-width digits, letters and punctuation made half-width.

    The mapping is one character to one character, so offsets into the result are offsets
    into ``s``: the intake highlights spans in the original text using them.
    """
    return s.translate(_FULLWIDTH)


def parse_number(s: str) -> Decimal | None:
    """Parse one number as written in a Chinese document; ``None`` when it is not one.

    Accepts ``168``, ``１６８``, ``1,234.5``, ``-3``, ``一百零八``, ``二千``, ``一万五千``,
    ``三十六``, ``两``, ``二〇二一``, ``壹仟贰佰``, ``三点五``, ``1.2万``, ``3亿``, ``1.5万亿``,
    ``5千``. 万 and 亿 multiply here because the caller asked for a number; the intake keeps
    them with the unit instead and only calls this on the digits.
    """
    if not isinstance(s, str):
        return None
    text = normalize_digits(s).strip().replace(" ", "")
    if not text:
        return None
    sign = Decimal(1)
    if text[0] in "+-−":
        sign = Decimal(-1) if text[0] != "+" else Decimal(1)
        text = text[1:]
    elif text[0] == "负" or text[0] == "負":
        sign = Decimal(-1)
        text = text[1:]
    if not text:
        return None
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    value = _parse_unsigned(text)
    if value is None:
        return None
    return sign * value


def _parse_unsigned(text: str) -> Decimal | None:
    """Parse a number without sign: Arabic, Chinese, or Arabic followed by Chinese magnitudes."""
    if _ARABIC.fullmatch(text):
        return _to_decimal(text)
    point = next((i for i, ch in enumerate(text) if ch in _DECIMAL_POINTS), -1)
    if point >= 0:
        return _parse_chinese_decimal(text[:point], text[point + 1 :])
    return _parse_chinese(text)


def _to_decimal(text: str) -> Decimal | None:
    """Decimal from a plain Arabic literal, or ``None`` (never an exception)."""
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _parse_chinese_decimal(integer: str, fraction: str) -> Decimal | None:
    """``三点五`` → 3.5: the fraction is read digit by digit, as people say it."""
    if not fraction or not all(ch in CHINESE_DIGITS or ch.isdigit() for ch in fraction):
        return None
    whole = _parse_chinese(integer) if integer else None
    if whole is None:
        return None
    digits = "".join(str(CHINESE_DIGITS.get(ch, ch)) for ch in fraction)
    return _to_decimal(f"{whole}.{digits}")


def _tokenize(text: str) -> list[tuple[str, Decimal]] | None:
    """Split into ('d', digit value), ('s', small unit), ('b', big unit) tokens."""
    tokens: list[tuple[str, Decimal]] = []
    i = 0
    while i < len(text):
        match = _ARABIC.match(text, i)
        if match:
            value = _to_decimal(match.group())
            if value is None:
                return None
            tokens.append(("a", value))
            i = match.end()
            continue
        ch = text[i]
        if ch in CHINESE_DIGITS:
            tokens.append(("d", Decimal(CHINESE_DIGITS[ch])))
        elif ch in SMALL_UNITS:
            tokens.append(("s", Decimal(SMALL_UNITS[ch])))
        elif ch in BIG_UNITS:
            tokens.append(("b", Decimal(BIG_UNITS[ch])))
        else:
            return None
        i += 1
    return tokens


def _parse_chinese(text: str) -> Decimal | None:
    """Read Chinese (or mixed Arabic + magnitude) numerals with exact arithmetic."""
    tokens = _tokenize(text)
    if not tokens:
        return None
    kinds = [kind for kind, _ in tokens]
    # 二〇二一: a run of plain digits is read digit by digit (years, codes).
    if len(tokens) > 1 and all(kind == "d" for kind in kinds):
        return Decimal("".join(str(int(v)) for _, v in tokens))
    total = Decimal(0)
    section = Decimal(0)
    pending: Decimal | None = None
    last_small: Decimal | None = None
    last_big: Decimal | None = None
    previous_kind = ""
    for kind, value in tokens:
        if kind in ("d", "a"):
            # 一二 or 1一: two numbers side by side are not one number (一百零八 is fine).
            if previous_kind in ("d", "a") and not (previous_kind == "d" and pending == 0):
                return None
            if kind == "a" and previous_kind == "s":
                return None
            pending = value
        elif kind == "s":
            if last_small is not None and value >= last_small:
                return None
            if pending is not None and pending == 0:
                return None
            if pending is None and previous_kind != "":
                return None  # 百十: a magnitude needs a digit unless it starts the number (十五)
            section += (pending if pending is not None else Decimal(1)) * value
            pending = None
            last_small = value
        else:  # big unit
            if previous_kind == "b" and not (last_big is not None and value > last_big):
                return None
            amount = section + (pending if pending is not None else Decimal(0))
            if amount == 0 and previous_kind != "b":
                if total == 0 and previous_kind == "":
                    amount = Decimal(1)  # 万 alone means ten thousand
                else:
                    return None
            if last_big is None or value > last_big:
                total = (total + amount) * value
            else:
                total += amount * value
            last_big = value if last_big is None or value > last_big else last_big
            section = Decimal(0)
            pending = None
            last_small = None
        previous_kind = kind
    if pending is not None and len(tokens) > 1 and tokens[-1][0] == "d" and tokens[-2][0] in "sb":
        # 一万五, 三千五, 一百五: a last digit right after a magnitude counts in the next lower
        # place, as everyone says it (一万零五 keeps its 零 and is read literally).
        pending *= tokens[-2][1] / 10
    return total + section + (pending if pending is not None else Decimal(0))


# --- printing: the one number policy ----------------------------------------------------------

SCORE_PLACES = 2  # 得分 94.79
RATE_PLACES = 1  # 完成率 11.2%
Number = Decimal | int | float | str


def _decimal(value: Number) -> Decimal:
    """Exact Decimal of a value; a float goes through its shortest repr (0.1 stays 0.1)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _round(value: Number, places: int) -> Decimal:
    return _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _fixed(value: Decimal) -> str:
    """Fixed-point text of a Decimal: never exponent notation, "-0" printed as "0"."""
    if value == 0:
        value = abs(value)  # -0.00 → 0.00
    return f"{value:f}"


def plain(value: Number | None, places: int | None = SCORE_PLACES) -> str:
    """A number as people write it: at most `places` decimals, trailing zeros dropped, never
    exponent notation (Decimal("40").normalize() prints "4E+1"; this prints "40").
    `places=None` keeps every digit: for a value put back into a form, which must round-trip."""
    if value is None:
        return "—"
    exact = _decimal(value)
    text = _fixed(exact if places is None else _round(exact, places))
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_score(value: Number | None) -> str:
    """得分: always two decimals (94.79, 72.00)."""
    if value is None:
        return "—"
    return _fixed(_round(value, SCORE_PLACES))


def format_percent(value: Number | None, places: int = RATE_PLACES) -> str:
    """A rate already in percent, as a percentage with one decimal: 11.19751… → "11.2%"."""
    if value is None:
        return "—"
    return f"{_fixed(_round(value, places))}%"


def format_ratio(value: Number | None, places: int = RATE_PLACES) -> str:
    """A rate held as a ratio (0.8333) as a percentage with one decimal: "83.3%"."""
    if value is None:
        return "—"
    return format_percent(_decimal(value) * 100, places)


def format_count(value: Number | None) -> str:
    """A count: an integer (12, never 12.00)."""
    if value is None:
        return "—"
    return _fixed(_round(value, 0))


def score_number(value: Number | None) -> float | None:
    """A score for JSON: a number with at most two decimals."""
    return None if value is None else float(_round(value, SCORE_PLACES))


def percent_number(value: Number | None) -> float | None:
    """A percentage for JSON (12.3 for 12.3%): a number with at most one decimal."""
    return None if value is None else float(_round(value, RATE_PLACES))
