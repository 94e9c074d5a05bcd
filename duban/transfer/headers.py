"""Finding the header in a sheet laid out by a district, and naming its columns.

Districts put a title (and a "单位：亿元" line) above the header, merge a parent header over two
children (投资情况 → 总投资 / 年度计划投资), write the same column five ways (项目名称, 项目 名称,
名称) and put the money unit in the header. This module finds the header rows, combines parent
and child text, reads the unit and year out of it and matches each column to a field by
synonyms, after full-width/space normalisation; what it cannot name is reported, not dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from duban.transfer.values import is_blank, normalize

SCAN_ROWS = 20
_PAREN_RE = re.compile(r"\(.*?\)|\[.*?\]|【.*?】|〔.*?〕")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})年度?")
_UNIT_RE = re.compile(r"(亿元|万元)")
SUMMARY_WORDS = ("合计", "小计", "总计", "共计", "累计")


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    letter: str
    header: str  # the text as written (parent / child)
    field: str | None
    unit: str = ""  # 万元 / 亿元 when the header says so
    year: int | None = None


@dataclass
class Layout:
    """Where the data starts and what each column means."""

    header_row: int  # 1-based, last header row
    columns: list[Column]
    context: str  # the title rows above the header, normalised
    unknown: list[Column] = field(default_factory=list)

    def by_field(self) -> dict[str, Column]:
        out: dict[str, Column] = {}
        for col in self.columns:
            if col.field and col.field not in out:
                out[col.field] = col
        return out

    @property
    def unit(self) -> str:
        match = _UNIT_RE.search(self.context)
        return match.group(1) if match else ""

    @property
    def year(self) -> int | None:
        match = _YEAR_RE.search(self.context)
        return int(match.group(1)) if match else None


def letter(index: int) -> str:
    """0 → A, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def header_key(text: str) -> str:
    """The comparable core of a header: no unit in brackets, no year, no spaces, half-width."""
    core = normalize(text)
    core = _PAREN_RE.sub("", core)
    core = _YEAR_RE.sub("", core)
    core = core.replace("单位:", "").replace("万元", "").replace("亿元", "")
    return core.strip(":：*＊")


def build_index(synonyms: dict[str, list[str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for name, words in synonyms.items():
        for word in words:
            index[header_key(word)] = name
    return index


def _cell_text(row: tuple[Any, ...], i: int) -> str:
    if i >= len(row) or is_blank(row[i]):
        return ""
    return str(row[i]).strip()


def _match(text: str, index: dict[str, str]) -> str | None:
    return index.get(header_key(text)) if text else None


def is_summary(row: tuple[Any, ...], name_index: int | None) -> bool:
    """合计/小计/总计 rows: the label sits in the name column or one of the first two."""
    places = {0, 1}
    if name_index is not None:
        places.add(name_index)
    for i in places:
        word = normalize(_cell_text(row, i))
        if word and (word.startswith(SUMMARY_WORDS) or word.endswith(SUMMARY_WORDS)):
            return True
    return False


def detect(
    rows: list[tuple[Any, ...]],
    index: dict[str, str],
    *,
    required: str,
    mapping: dict[str, str] | None = None,
) -> Layout | None:
    """Find the header: the first row (of the first 20) naming `required` and another field."""
    mapping = mapping or {}
    full = {**index, **{header_key(k): v for k, v in mapping.items()}}
    for r, row in enumerate(rows[:SCAN_ROWS]):
        named = {_match(_cell_text(row, i), full) for i in range(len(row))} - {None}
        if required not in named or len(named) < 2:
            continue
        name_col = next(i for i in range(len(row)) if _match(_cell_text(row, i), full) == required)
        child: tuple[Any, ...] = ()
        if r + 1 < len(rows):
            below = rows[r + 1]
            texts = [_cell_text(below, i) for i in range(len(below))]
            # A sub-header row: the name cell is merged down (blank) and other cells are labels.
            if not _cell_text(below, name_col) and any(t and not _looks_numeric(t) for t in texts):
                child = below
        context = " ".join(
            normalize(" ".join(_cell_text(x, i) for i in range(len(x)))) for x in rows[:r]
        )
        columns = _combine(row, child, full)
        layout = Layout(
            header_row=r + 1 + (1 if child else 0),
            columns=columns,
            context=context,
            unknown=[c for c in columns if c.field is None and c.header],
        )
        return layout
    return None


def _looks_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,\s-]+", text))


def _combine(
    parent: tuple[Any, ...], child: tuple[Any, ...], index: dict[str, str]
) -> list[Column]:
    width = max(len(parent), len(child))
    filled: list[str] = []
    columns = []
    for i in range(width):
        p = _cell_text(parent, i)
        c = _cell_text(child, i)
        if not p and c and i > 0 and filled[i - 1] and _cell_text(child, i - 1):
            p = filled[i - 1]  # the parent header is merged across this column too
        filled.append(p)
        candidates = [c, f"{p}{c}", p] if c else [p]
        name = next((n for n in (_match(t, index) for t in candidates if t) if n), None)
        header = f"{p}/{c}" if p and c else (p or c)
        joined = normalize(f"{p}{c}")
        unit_match = _UNIT_RE.search(normalize(c)) or _UNIT_RE.search(normalize(p))
        year_match = _YEAR_RE.search(joined)
        columns.append(
            Column(
                index=i,
                letter=letter(i),
                header=header,
                field=name,
                unit=unit_match.group(1) if unit_match else "",
                year=int(year_match.group(1)) if year_match else None,
            )
        )
    return columns
