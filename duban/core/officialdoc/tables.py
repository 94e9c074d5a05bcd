"""Column widths that fit the type area without ever breaking a number.

Word and LibreOffice break a cell's text wherever the column is too narrow, "94.79" included
("94.\\n79"). So widths are not left to the word processor: each column's natural width is
measured from its text at the table's font size, numeric columns get at least their widest
value, text columns share the rest (they may wrap, Chinese wraps between any two characters),
and when even that does not fit the whole table steps down a font size.

Widths are estimated from character classes rather than one font's metrics, deliberately on
the generous side, because the same .docx is shown with 仿宋_GB2312/Times New Roman on an
office PC and with Noto CJK/Liberation Serif on the server that makes the PDF.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from duban.core.officialdoc.gbt9704 import SIZES

# Table sizes tried in turn: 四号, 小四, 五号, 小五.
TABLE_SIZES: tuple[float, ...] = (SIZES["四号"], SIZES["小四"], SIZES["五号"], SIZES["小五"])
CELL_PADDING_PT = 2.85  # left and right cell margin each (0.1 cm)
SAFETY = 1.08  # measurement slack: the same text is shown in two different font families
# A text column is first kept at least as wide as its text up to this many characters (unit
# names stay on one line) at any size; only when that fits at no size may it narrow to two.
COMFORT_TEXT_CHARS = 8
MIN_TEXT_CHARS = 2
HEADING_CHARS = 4.0

# Advance widths in em, generous for Times New Roman / Liberation Serif.
_NARROW = {".": 0.3, ",": 0.3, ":": 0.3, ";": 0.3, " ": 0.3, "-": 0.36, "(": 0.36, ")": 0.36}
_WIDE = {"%": 0.86, "W": 0.95, "M": 0.9, "m": 0.8, "w": 0.74, "@": 0.95}


def char_em(ch: str) -> float:
    """The advance of one character in em (Chinese characters and full-width forms are 1)."""
    if ch.isdigit() and ch.isascii():
        return 0.52
    if ch in _NARROW:
        return _NARROW[ch]
    if ch in _WIDE:
        return _WIDE[ch]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch.isascii():
        return 0.74 if ch.isupper() else 0.56
    return 1.0  # anything else (— … “ ”) is set in the Chinese face, full width


def text_em(text: str) -> float:
    """Width of a one-line text in em."""
    return sum(char_em(ch) for ch in text)


def widest_line_em(text: str) -> float:
    return max((text_em(line) for line in text.split("\n")), default=0.0)


@dataclass(frozen=True)
class Fit:
    """A table's font size and its column widths in points (summing to the given width)."""

    size: float
    widths_pt: tuple[float, ...]


def _cell_pt(em: float, size: float) -> float:
    return em * size * SAFETY + 2 * CELL_PADDING_PT


def fit_columns(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    available_pt: float,
    sizes: Sequence[float] = TABLE_SIZES,
) -> Fit:
    """The largest size at which every numeric cell fits on one line, and widths filling
    `available_pt`. Header labels may wrap (down to two characters); text columns keep up to
    `COMFORT_TEXT_CHARS` characters on a line if any size allows, else wrap down to
    `MIN_TEXT_CHARS`. Raises ValueError when no size fits: such a table has too many numeric
    columns for a portrait A4 page and must be split."""
    ncols = len(header)
    if any(len(r) != ncols for r in rows) or len(numeric) != ncols:
        raise ValueError("每行的列数应与表头一致")
    for text_min in (COMFORT_TEXT_CHARS, MIN_TEXT_CHARS):
        for size in sizes:
            widths = _widths_at(header, rows, numeric, available_pt, size, text_min)
            if widths is not None:
                return Fit(size, widths)
    raise ValueError("表格数字列过多，A4纵向版心放不下，请拆分表格")


def _widths_at(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    available_pt: float,
    size: float,
    text_min: int,
) -> tuple[float, ...] | None:
    ncols = len(header)
    values = [[widest_line_em(r[c]) for r in rows] for c in range(ncols)]
    head = [widest_line_em(h) for h in header]
    natural, required = [], []
    for c in range(ncols):
        body = max(values[c], default=0.0)
        # A heading label wraps (新开工\n完成率): it asks for at most four characters, so the
        # spare width goes to the unit and project names rather than to long labels.
        natural.append(_cell_pt(max(body, min(head[c], HEADING_CHARS)), size))
        floor_em = min(head[c], 2.0) if header[c] else 0.0  # a label wraps, two characters stay
        if numeric[c]:
            required.append(_cell_pt(max(body, floor_em), size))
        else:
            required.append(_cell_pt(min(max(body, floor_em), text_min), size))
    if sum(required) > available_pt:
        return None
    if sum(natural) <= available_pt:
        # Everything fits on one line: spread the spare width in proportion, so the table
        # spans the type area as tables in official documents do.
        scale = available_pt / sum(natural)
        return tuple(w * scale for w in natural)
    # Every column gets what it needs; the spare width goes first to the text columns (a unit
    # or project name on one line reads better than a heading label on one line), then to
    # the numeric columns' labels, each in proportion to what it would still like.
    widths = list(required)
    spare = available_pt - sum(required)
    for group in ([c for c in range(ncols) if not numeric[c]], list(range(ncols))):
        wants = {c: natural[c] - widths[c] for c in group if natural[c] > widths[c]}
        total_want = sum(wants.values())
        if total_want <= 0 or spare <= 0:
            continue
        share = min(1.0, spare / total_want)
        for c, want in wants.items():
            widths[c] += want * share
        spare -= total_want * share
    return tuple(widths)
