"""Reading one cell as districts type it: text numbers, 万元/亿元, several date forms, 是/否.

Each reader returns the clean value or raises `CellError` with a plain Chinese message; the
caller adds the sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from duban.core.money import to_wan
from duban.core.numbers import parse_number

EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_RE = re.compile(
    r"^(\d{4})\s*(?:[-./年]\s*(\d{1,2})\s*(?:[-./月]\s*(?:(\d{1,2})\s*[日号]?)?)?)?\s*(?:年|月)?$"
)
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
TRUE_WORDS = {"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "属于", "○"}
FALSE_WORDS = {"否", "×", "✗", "n", "no", "false", "0", "无", "不属于", "", "-", "—", "/"}
CENT = Decimal("0.01")
# Full-width digits and point → ASCII, as a sequence indexed by code point: one lookup per
# character and no KeyError for the characters it leaves alone (str.translate with a dict
# raises and clears one per unmapped character, which made reading 10,000 amounts slow).
_HALF_WIDTH = "".join(
    chr(cp - 0xFEE0) if 0xFF10 <= cp <= 0xFF19 or cp == 0xFF0E else chr(cp) for cp in range(0xFF20)
)
_PLAIN_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


class CellError(ValueError):
    """A value that cannot be read; the message is shown to the person who typed it."""


_SPACE_RE = re.compile(r"\s+")


def normalize(text: Any) -> str:
    """Full-width to half-width, all whitespace removed: how headers and names are compared."""
    if text is None:
        return ""
    return _normalized(str(text))


@lru_cache(maxsize=1 << 16)
def _normalized(text: str) -> str:
    # A ledger repeats the same unit names, kinds and 是/否 thousands of times: cached.
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as text; 3.0 read back from Excel is "3", not "3.0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def number(value: Any) -> Decimal | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("应为数字"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    cleaned = str(value).strip().rstrip("元万亿个家项%").strip()
    plain = cleaned.translate(_HALF_WIDTH)
    if _PLAIN_NUMBER_RE.fullmatch(plain):
        # What parse_number gives for plain digits, without its general Chinese-numeral path.
        return Decimal(plain)
    parsed = parse_number(cleaned)
    if parsed is None:
        raise CellError(_("“%(value)s”不是数字") % {"value": str(value)[:30]})
    return parsed


def money(value: Any, unit: str) -> Decimal | None:
    """An amount in the column's unit (万元 or 亿元) → 万元, two decimals, never negative."""
    amount = number(value)
    if amount is None:
        return None
    if amount < 0:
        raise CellError(_("金额不能为负数"))
    try:
        wan = to_wan(amount, unit)
        return wan.quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise CellError(_("金额“%(value)s”无法换算") % {"value": value}) from exc


def date(value: Any) -> dt.date | None:
    """2021.3, 2021年3月, 2021-03-01, 2021/3/1, 20210301, an Excel serial or a date cell."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1900 <= value <= 2100:
            # 2021.3 typed into a number cell; 2021 alone means the year's first month.
            raw = text(value)
        elif 20000 <= value <= 80000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        else:
            raise CellError(_("“%(value)s”不是有效日期") % {"value": value})
    else:
        raw = normalize(value)
    match = _DATE_RE.match(raw) or _COMPACT_RE.match(raw)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            return dt.date(year or 0, month or 1, day or 1)
        except ValueError as exc:
            raise CellError(_("“%(raw)s”不是有效日期") % {"raw": raw}) from exc
    if raw.isdigit() and 20000 <= int(raw) <= 80000:
        return EXCEL_EPOCH + dt.timedelta(days=int(raw))
    raise CellError(
        _("“%(value)s”不是可识别的日期（可写 2021-03-01、2021.3 或 2021年3月）")
        % {"value": str(value)[:30]}
    )


def flag(value: Any) -> bool:
    word = normalize(text(value)).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s”应填“是”或“否”") % {"value": text(value)[:20]})


def choice(value: Any, options: dict[str, str], what: str) -> str | None:
    """A label (新开工, 二产 …) → its stored value; normalised, so 新 开工 also matches."""
    if is_blank(value):
        return None
    word = normalize(text(value))
    if word in options:
        return options[word]
    allowed = "、".join(dict.fromkeys(k for k in options if len(k) > 1))
    raise CellError(
        _("%(what)s“%(value)s”无法识别，可填：%(allowed)s")
        % {"what": what, "value": text(value)[:20], "allowed": allowed}
    )
