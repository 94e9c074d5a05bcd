"""The figures of GB/T 9704-2012《党政机关公文格式》 that a generated document must keep.

Every number here is the standard's own (section numbers in brackets), so a reader can check
them against the text: paper and type area (5.2), the body grid (7.1: 3号仿宋, 22 lines of 28
characters), the 号 sizes of Chinese typesetting, and the font names government PCs carry.
"""

from __future__ import annotations

import math
from typing import Final

# --- paper and type area (5.2.1, 5.2.2) ---------------------------------------------------------
PAGE_WIDTH_MM: Final = 210.0
PAGE_HEIGHT_MM: Final = 297.0
MARGIN_TOP_MM: Final = 37.0  # 天头
MARGIN_LEFT_MM: Final = 28.0  # 订口
TEXT_WIDTH_MM: Final = 156.0  # 版心宽
TEXT_HEIGHT_MM: Final = 225.0  # 版心高
MARGIN_RIGHT_MM: Final = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_WIDTH_MM  # 26
MARGIN_BOTTOM_MM: Final = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35

# --- the body grid (5.2.3 / 7.1): 22 lines of 28 characters in 3号 -----------------------------
LINES_PER_PAGE: Final = 22
CHARS_PER_LINE: Final = 28

PT_PER_MM: Final = 72 / 25.4
TWIPS_PER_PT: Final = 20


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_MM


def mm_to_twips(mm: float) -> int:
    return round(mm * PT_PER_MM * TWIPS_PER_PT)


TEXT_WIDTH_PT: Final = mm_to_pt(TEXT_WIDTH_MM)  # 442.2
# 225 mm ÷ 22 = 28.95 pt a line; floor to whole twips so 22 lines always fit the block.
LINE_PITCH_TWIPS: Final = int(mm_to_twips(TEXT_HEIGHT_MM) / LINES_PER_PAGE)  # 579

# --- sizes (字号) in points ---------------------------------------------------------------------
SIZES: Final[dict[str, float]] = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
}
TITLE_SIZE: Final = SIZES["二号"]  # 标题 (7.3.3)
BODY_SIZE: Final = SIZES["三号"]  # 正文 (7.1)
PAGE_NUMBER_SIZE: Final = SIZES["四号"]  # 页码 (7.5)
IMPRINT_SIZE: Final = SIZES["四号"]  # 版记 (7.4)
# 28 characters of 3号 (16 pt) are 448 pt, the line is 442.2 pt: each body character is
# condensed by this many twentieths of a point (-0.25 pt → 15.75 pt, 28 × 15.75 = 441 pt).
BODY_CONDENSE_TWENTIETHS: Final = math.floor(
    (mm_to_twips(TEXT_WIDTH_MM) / TWIPS_PER_PT / CHARS_PER_LINE - BODY_SIZE) * TWIPS_PER_PT
)  # -5


# --- fonts (as named on government PCs) ------------------------------------------------------
class Font:
    TITLE = "方正小标宋简体"  # 发文机关标志, 标题
    BODY = "仿宋_GB2312"  # 正文, 发文字号, 署名, 版记, 三级以下标题
    HEADING_1 = "黑体"
    HEADING_2 = "楷体_GB2312"
    PAGE_NUMBER = "宋体"
    # Digits and Latin letters: the face Chinese offices pair with 仿宋 (LibreOffice uses the
    # metric-compatible Liberation Serif where it is missing).
    LATIN = "Times New Roman"


# Where a font is missing, Word substitutes the font table's altName; these are the nearest
# faces every Windows PC has (仿宋_GB2312 and 楷体_GB2312 shipped only with old Windows).
WORD_FALLBACK: Final[dict[str, str]] = {
    Font.TITLE: "宋体",
    Font.BODY: "仿宋",
    Font.HEADING_2: "楷体",
    Font.HEADING_1: "SimHei",
    Font.PAGE_NUMBER: "SimSun",
}

RED: Final = "FF0000"  # 发文机关标志 and 版头 separator (7.2.3, 7.2.6)

# Chinese numerals for the first-level heading sequence (一、二、…).
CN_NUMERALS: Final = "一二三四五六七八九十"


def chinese_ordinal(n: int) -> str:
    """一 … 九十九, as headings count (十一、二十、二十一)."""
    if not 1 <= n <= 99:
        raise ValueError(f"标题序号超出范围: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMERALS[tens - 1] + "十")
    return head + (CN_NUMERALS[ones - 1] if ones else "")
