"""What a proposed target counts, read from its own words: commitment, period, scope.

A target accepted into the table must count what the text says, or its completion rate is
meaningless (工业新开工13个 accepted without 工业 counts every new start). So besides value,
unit, comparator and metric, each proposal carries:

* **commitment** — 确保 is the floor the district must reach, 力争/争取/力求/努力 the stretch
  it strives for; a plan that gives both (确保增长8%，力争10%) gives two figures.
* **due month** — the period's last month: 全年/年底 12, 上半年 6, 一季度 3, 前三季度 9,
  9月底前 9.
* **investment floor** — 亿元以上 projects are those of at least 1亿元 (10000万元); 5亿元以上
  5亿元; stated once with (下同), it holds for the rest of the document.
* **category** — 工业, 服务业, 数字经济 … from the clause or the numbered lead-in of its line
  ((一)工业项目。…), as a hint the review page matches against the district's categories.
* **strategic / foreign** — 战略性新兴产业 and 外资 restrict a count to those projects.
* **respective subjects** — in 固定资产投资、工业投资分别增长10%和12% each figure measures its
  own subject, in order.

All functions read the matching copy (Simplified, half-width) and are pure.
"""

from __future__ import annotations

import re
from decimal import Decimal

from duban.core.numbers import parse_number

__all__ = [
    "CATEGORY_WORDS",
    "FLOOR",
    "STRETCH",
    "category_of",
    "commitment_of",
    "counts_project_stages",
    "due_month_of",
    "floor_of",
    "joined_to_previous",
    "respective_subject",
]

FLOOR = "floor"  # 确保
STRETCH = "stretch"  # 力争
_COMMITMENT = re.compile(r"确保|力争|争取|力求|努力")
_CLAUSE_BREAK = re.compile(r"[,;:。!?]")
# Most specific first: 生态及民生 before 民生, 数字经济 before 经济-free words.
CATEGORY_WORDS = (
    "数字经济",
    "生态及民生",
    "社会民生",
    "服务业",
    "工业",
    "民生",
    "招商",
    "基础设施",
    "社会事业",
    "农业",
    "城建",
    "文旅",
)
_CATEGORY = re.compile("|".join(CATEGORY_WORDS))
_LEAD_IN = re.compile(r"^\s*[(（]?[一二三四五六七八九十\d]+[)）、.]\s*([^,。;:]{1,12})[。:]")
_FLOOR = re.compile(
    r"(?P<number>\d+(?:\.\d+)?|[一二三四五六七八九十百千两]+)?(?P<unit>亿元|万元)以上"
    r"(?P<same>\(下同\))?"
)
_WAN = {"亿元": Decimal(10000), "万元": Decimal(1)}
_DUE = (
    (re.compile(r"(\d{1,2})月(?:底|末)"), None),
    (re.compile(r"前三季度|第?三季度"), 9),
    (re.compile(r"上半年|第?二季度"), 6),
    (re.compile(r"第?一季度"), 3),
)
_JOINER = re.compile(r"\s*(?:[、,和及与]|以及)?\s*(?:力争|确保|争取|力求|努力)?\s*(?:达到|为)?\s*")


def commitment_of(clause: str) -> str:
    """确保 → floor, 力争 (争取, 力求, 努力) → stretch, else "": the last such word in the
    quantity's clause (the text from its clause's start up to the number)."""
    found = list(_COMMITMENT.finditer(clause))
    if not found:
        return ""
    return FLOOR if found[-1].group() == "确保" else STRETCH


def due_month_of(period: str | None) -> int:
    """The month by whose end a target is due, from the period words (12 when none)."""
    if not period:
        return 12
    for pattern, month in _DUE:
        match = pattern.search(period)
        if match:
            due = month if month is not None else int(match.group(1))
            return due if 1 <= due <= 12 else 12
    return 12


def floor_of(clause: str) -> tuple[Decimal | None, bool]:
    """(investment floor in 万元, whether it is stated "下同" for what follows) of a clause."""
    found = list(_FLOOR.finditer(clause))
    if not found:
        return None, False
    match = found[-1]
    number = match.group("number")
    value = parse_number(number) if number else Decimal(1)
    if value is None:
        return None, False
    return value * _WAN[match.group("unit")], bool(match.group("same"))


_STAGES = re.compile(r"开工|建成|竣工|投产|续建")


def counts_project_stages(metric: str) -> bool:
    """True for counts and totals of projects by stage (新开工, 建成投产 …): the figures an
    investment floor stated earlier (亿元以上项目新开工168个、建成118个; 亿元以上(下同)) holds for.
    Landings and enterprise counts state their own criteria."""
    return "项目" in metric and bool(_STAGES.search(metric))


def category_of(clause: str, line: str) -> str:
    """The category word of a clause, else of its line's numbered lead-in ((一)工业项目。)."""
    found = _CATEGORY.search(clause)
    if found:
        return found.group()
    lead = _LEAD_IN.match(line)
    if lead:
        found = _CATEGORY.search(lead.group(1))
        if found:
            return found.group()
    return ""


def joined_to_previous(between: str) -> bool:
    """True when only a list joiner (、 和 ，力争 …) separates a figure from the one before, so
    the figure is another value of the same kind (分别增长8%、9%; 增长7%左右，力争8%)."""
    return bool(_JOINER.fullmatch(between))


def respective_subject(sentence: str, position: int, ordinal: int) -> tuple[int, int] | None:
    """The span of the ``ordinal``-th subject listed before 分别, for the figure at ``position``.

    固定资产投资、工业投资分别增长10%和12%: the figures after 分别 measure the listed subjects
    in order. Returns None when there is no 分别 governing ``position`` or the counts differ.
    """
    respective = sentence.rfind("分别", 0, position)
    if respective < 0 or _CLAUSE_BREAK.search(sentence, respective, position):
        return None
    breaks = list(_CLAUSE_BREAK.finditer(sentence, 0, respective))
    begin = breaks[-1].end() if breaks else 0
    subjects: list[tuple[int, int]] = []
    start = begin
    for match in re.finditer(r"[、和及与]", sentence[begin:respective]):
        subjects.append((start, begin + match.start()))
        start = begin + match.end()
    subjects.append((start, respective))
    if len(subjects) < 2 or ordinal >= len(subjects):
        return None
    return subjects[ordinal]
