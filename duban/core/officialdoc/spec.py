"""What an official document says, as plain data; `docx.render_docx` lays it out.

A generator (the bulletin, the supervision letter, later the meeting minutes and the target
responsibility letter) fills an `OfficialDocument` with its wording and figures and never
touches layout: the page, fonts, masthead, numbering of headings, table widths, page numbers
and the imprint (版记) are the standard's, decided in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from duban.core.officialdoc.gbt9704 import chinese_ordinal


class Layout(StrEnum):
    """The two formats of GB/T 9704-2012 this builder lays out."""

    FILE = "file"  # 文件格式: red 发文机关标志 and 发文字号 over a red rule (通报, 纪要 …)
    LETTER = "letter"  # 信函格式 (10.1): 发文机关标志 between red double rules (函, 督办函)


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: 3号仿宋, first line indented two characters (左空二字)."""

    text: str
    indent: bool = True
    align: Align = Align.JUSTIFY
    # Kept on the page of the next paragraph (lines that belong together, such as the two
    # parties of an agreement above their signature).
    keep_with_next: bool = False


@dataclass(frozen=True)
class Heading:
    """A structural heading (7.3.3): level 1 一、 in 黑体, level 2 （一） in 楷体, level 3 1. and
    level 4 （1） in 仿宋. Numbered automatically unless `numbered` is False."""

    text: str
    level: int = 1
    numbered: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 4:
            raise ValueError(f"标题层级应为1至4: {self.level}")


@dataclass(frozen=True)
class Column:
    """A table column. A numeric column never wraps: its width is taken from its widest
    value; text columns share what is left and may wrap."""

    label: str
    numeric: bool = False
    align: Align | None = None

    @property
    def cell_align(self) -> Align:
        return self.align or (Align.CENTER if self.numeric else Align.LEFT)


@dataclass(frozen=True)
class Table:
    """A table fitted to the type area; its header row repeats on every page it runs over."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]
    caption: str = ""  # 表题, centred above the table
    note: str = ""  # 注, below the table

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"表格行有{len(row)}列，表头有{len(self.columns)}列")


@dataclass(frozen=True)
class Chart:
    """A picture (PNG) set to the width of the type area unless told narrower."""

    png: bytes
    caption: str = ""
    width_mm: float | None = None


Block = Paragraph | Heading | Table | Chart


@dataclass(frozen=True)
class Imprint:
    """版记 (7.4): 抄送机关 and 印发机关 with 印发日期, on the foot of the last page."""

    cc: Sequence[str] = ()
    printer: str = ""
    printed_on: dt.date | None = None


@dataclass
class OfficialDocument:
    """One document: 版头, 主体 and 版记 (GB/T 9704-2012 §7)."""

    issuer_mark: str  # 发文机关标志, e.g. 福州市鼓楼区发展和改革局文件
    title: str  # 标题
    number: str = ""  # 发文字号, e.g. 鼓发改〔2021〕15号
    addressee: str = ""  # 主送机关 (a colon is added when missing)
    body: Sequence[Block] = field(default_factory=list)
    attachments: Sequence[str] = ()  # 附件说明
    signature: str = ""  # 发文机关署名
    date: dt.date | None = None  # 成文日期
    closing: str = ""  # e.g. 特此通报。 — its own paragraph after the body
    imprint: Imprint | None = None
    layout: Layout = Layout.FILE


def heading_labels(body: Sequence[Block]) -> list[str]:
    """The text of every block as numbered (一、 （一） 1. （1）, counters restarting under a
    higher level), "" for blocks that are not headings: the .docx and the page agree."""
    counters = [0, 0, 0, 0]
    labels = []
    for block in body:
        if not isinstance(block, Heading):
            labels.append("")
            continue
        level = block.level
        counters[level - 1] += 1
        for deeper in range(level, 4):
            counters[deeper] = 0
        n = counters[level - 1]
        prefix = ""
        if block.numbered:
            prefix = {1: f"{chinese_ordinal(n)}、", 2: f"（{chinese_ordinal(n)}）",
                      3: f"{n}.", 4: f"（{n}）"}[level]  # fmt: skip
        labels.append(prefix + block.text)
    return labels


def chinese_date(day: dt.date) -> str:
    """成文日期 (7.3.5.1): Arabic numerals, the year in full, no padding: 2021年9月8日."""
    return f"{day.year}年{day.month}月{day.day}日"
