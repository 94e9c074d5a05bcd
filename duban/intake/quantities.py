"""Find quantities (a number with its unit) and drop those that are names, not amounts.

A quantity is a number (Arabic, full-width, Chinese, ``百分之…``, or mixed like ``1.2万``)
followed by a unit (``个``, ``亿元``, ``%``, ``个工作日`` …). 万/亿 after a number go to the
unit (``26亿元`` is 26 of ``亿元``), so the reviewer sees the figure as written; a Chinese
numeral that is a whole number (``一万五千``) keeps its value.

What is not an amount, by form alone (the sentence's meaning is judged in ``cues``):
ordinals (第44届, 十二届十二次全会), numbers in quotes and book titles (“142”产业体系,
《…2021年…方案》), numbers glued to Latin letters (5G, PM2.5, 营商环境4.0), rankings
(后两名), summaries of an enumeration (等三组, 上述十二项指标), counts of the plan's own
parts (五个一批, 六大提升工程), a bare "one" (一批, 一次, 一个时期), and thresholds that
qualify a noun (10亿元以上项目, 5000万元以上的项目) rather than state a goal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from duban.core.numbers import BIG_UNITS, CHINESE_DIGITS, SMALL_UNITS, parse_number

__all__ = ["COUNT_UNITS", "Quantity", "find_quantities"]

# Counters: the noun that follows is what is counted (168个项目 is a count of projects).
COUNT_UNITS = [
    "个工作日",
    "个百分点",
    "个月",
    "个",
    "家",
    "项",
    "件",
    "户",
    "人次",
    "人",
    "名",
    "位",
    "所",
    "座",
    "条",
    "处",
    "栋",
    "幢",
    "套",
    "台",
    "辆",
    "张",
    "间",
    "批",
    "场",
    "次",
    "期",
    "部",
    "篇",
    "种",
    "宗",
    "笔",
    "支",
    "只",
    "头",
    "株",
    "棵",
    "床",
    "架次",
    "标箱",
    "天",
    "小时",
    "分钟",
    "倍",
]
# Measures: a noun after them makes the amount an attribute (500万元项目), not a goal.
MEASURE_UNITS = [
    "元",
    "美元",
    "欧元",
    "亩",
    "公顷",
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "千米",
    "公里",
    "米",
    "吨标准煤",
    "吨",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "千克",
    "公斤",
    "微克/立方米",
    "毫克/立方米",
    "%",
    "‰",
]
# Spellings of the same unit in real documents, each read as the unit the target table uses:
# air quality is written μg/m³ (Greek mu or the micro sign, superscript or plain 3), ug/m3 …
UNIT_SPELLINGS: dict[str, str] = {
    f"{micro}g/{cube}": "微克/立方米"
    for micro in ("μ", "µ", "u")
    for cube in ("m³", "m3", "立方米")
} | {"mg/m³": "毫克/立方米", "mg/m3": "毫克/立方米", "微克每立方米": "微克/立方米"}
_UNITS = sorted(COUNT_UNITS + MEASURE_UNITS + list(UNIT_SPELLINGS), key=len, reverse=True)
_UNIT_RE = re.compile("|".join(re.escape(unit) for unit in _UNITS))
_SCALES = ("万亿", "万", "亿")
_CHINESE_CHARS = "".join(CHINESE_DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_NUMBER_RE = re.compile(
    r"(?P<pct>百分之)?"
    r"(?:(?P<arabic>\d+(?:,\d{3})*(?:\.\d+)?)(?:(?:-|~|至)(?P<upper>\d+(?:\.\d+)?))?"
    rf"|(?P<chinese>[{_CHINESE_CHARS}]+))"
)
_SUFFIX_RE = re.compile(r"以上|以下|以内|左右")
_APPROX_RE = re.compile(r"余|多")
# Verbs after which even a single Chinese numeral is an amount (新建三个公园).
_QUANTITY_VERBS = re.compile(
    r"(?:新增|新建|建成|建设|新开工|开工|竣工|投产|完成|培育|引进|打造|创建|落地|签约|增加|"
    r"达到|达|突破|超过|不少于|不低于|实施|改造|认定|争创|招引|储备|谋划|举办|新培育|新认定|"
    r"提高|提升|增长|下降|降低|减少|压缩至|压缩到|控制在)$"
)
_PARTS_NOUNS = re.compile(
    r"方面|工程|行动|措施|举措|原则|机制|环节|阶段|步骤|部分|指标|要求|品牌|战略|体系|理念|"
    r"会议|全会|代表大会|常委会|一批|如何|维护|自信|全面|坚持|务必|毫不动摇|服务"
)
_ENUMERATION_BEFORE = re.compile(r"(?:等|上述|以下|下列|如下|这|前述)$")
_TOTAL_BEFORE = re.compile(r"(?:等)?(?:共计|总共|合计|共)$")
_CLAUSE_START = re.compile(r"[,;:。!?(]")
_TARGET_NOUNS_AFTER_DE = re.compile(r"的(?:目标|任务|水平|规模|增幅|增速|要求|总量)")
_CONNECTORS = set("和及与或并且同其")
_QUOTES = {"“": "”", "「": "」", "『": "』", '"': '"', "‘": "’"}


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, located in the text (offsets are the same in the original)."""

    start: int  # number start
    end: int  # after the unit and any 以上/以下/以内/左右
    value: Decimal
    unit: str  # with its 万/亿 scale: 亿元, 万人次, %
    base_unit: str  # without the scale: 元, 人次, %
    suffix: str
    chinese: bool


def _inside_quotes(line: str, pos: int) -> bool:
    """True inside a short quotation (a name or slogan) or anywhere inside 《book titles》."""
    open_title = line.rfind("《", 0, pos)
    if open_title >= 0 and line.rfind("》", 0, pos) < open_title and line.find("》", pos) >= 0:
        return True
    for opening, closing in _QUOTES.items():
        left = line.rfind(opening, 0, pos)
        if left < 0:
            continue
        if opening == closing:
            if line.count(opening, 0, pos) % 2 == 0:
                continue
        elif line.rfind(closing, 0, pos) > left:
            continue
        right = line.find(closing, pos)
        if right >= 0 and right - left <= 22:
            return True
    return False


def _read_unit(line: str, pos: int) -> tuple[str, str, int] | None:
    """(unit with scale, base unit, end) at ``pos``: an optional 万/亿 then a unit."""
    scale = ""
    for candidate in _SCALES:
        if line.startswith(candidate, pos):
            scale = candidate
            break
    after_scale = pos + len(scale)
    approx = _APPROX_RE.match(line, after_scale)
    unit_pos = approx.end() if approx else after_scale
    match = _UNIT_RE.match(line, unit_pos)
    if match:
        base = UNIT_SPELLINGS.get(match.group(), match.group())
        return scale + base, base, match.end()
    if scale and (unit_pos >= len(line) or not _is_cjk(line[unit_pos])):
        return scale, "", after_scale  # 突破3亿, : a bare scale is an amount too
    return None


def _is_cjk(ch: str) -> bool:
    """A Chinese character (the attributive test asks whether a noun follows)."""
    return "\u4e00" <= ch <= "\u9fff"


def _chinese_value(run: str) -> tuple[Decimal, str] | None:
    """Value of a Chinese numeral and the 万/亿 scale left for the unit (二万亩 → 2, 万)."""
    for scale in _SCALES:
        head = run[: -len(scale)]
        if run.endswith(scale) and head and not any(ch in BIG_UNITS for ch in head):
            value = parse_number(head)
            if value is not None:
                return value, scale
    value = parse_number(run)
    return (value, "") if value is not None else None


def _candidates(line: str) -> list[Quantity]:
    """Every number followed by a unit in one line of the matching copy (offsets in line)."""
    found: list[Quantity] = []
    for match in _NUMBER_RE.finditer(line):
        if match.group("arabic"):
            value = parse_number(match.group("arabic"))
            if value is None:
                continue
            unit: tuple[str, str, int] | None = _read_unit(line, match.end())
            if match.group("pct"):
                unit = ("%", "%", match.end())
            if unit is None:
                continue
            suffix = _SUFFIX_RE.match(line, unit[2])
            end = suffix.end() if suffix else unit[2]
            found.append(
                Quantity(
                    match.start(),
                    end,
                    value,
                    unit[0],
                    unit[1],
                    suffix.group() if suffix else "",
                    False,
                )
            )
            continue
        run = match.group("chinese")
        if not run or (run[0] in "百千万亿" and not match.group("pct")):
            continue
        start = match.start("chinese")
        # 一百二十千米: the longest prefix that reads as a number *and* is followed by a unit.
        for length in range(len(run), 0, -1):
            parsed = _chinese_value(run[:length])
            if parsed is None:
                continue
            value, scale = parsed
            if match.group("pct"):
                unit = ("%", "%", start + length)
            else:
                unit = _read_unit(line, start + length)
                if scale:
                    rest = _read_unit(line, start + length)
                    unit = (scale + rest[0], rest[1], rest[2]) if rest else None
            if unit is None:
                continue
            suffix = _SUFFIX_RE.match(line, unit[2])
            end = suffix.end() if suffix else unit[2]
            found.append(
                Quantity(
                    match.start(),
                    end,
                    value,
                    unit[0],
                    unit[1],
                    suffix.group() if suffix else "",
                    True,
                )
            )
            break
    return found


def _is_name_or_label(line: str, q: Quantity) -> bool:
    """True when the quantity is part of a name, slogan, ordinal, ranking or enumeration."""
    before = line[: q.start]
    after = line[q.end :]
    previous = before[-1:] if before else ""
    if previous.isascii() and (previous.isalnum() or previous in ".+-"):
        return True  # PM2.5, G20, 4.0, 1+N, 2020-12: codes and versions, not amounts
    if after[:1].isascii() and after[:1].isalpha():
        return True  # 5G, 3D
    if previous in ("第", "届") or before.endswith(("第", "届")):
        return True
    if _inside_quotes(line, q.start):
        return True
    if _ENUMERATION_BEFORE.search(before):
        return True
    if _TOTAL_BEFORE.search(before) and _sums_a_list(before, q):
        return True
    if q.base_unit in ("名", "位") and re.search(r"(?:前|后|末|倒数)$", before):
        return True
    if q.value == 1 and q.base_unit in ("次", "批", "期", "个", "种"):
        return True  # 一次, 一批, 一个时期: "one" is an article here, not a target
    number = line[q.start : q.end]
    digits = re.match(rf"[{_CHINESE_CHARS}]+", number)
    single = bool(q.chinese and digits and len(digits.group()) == 1)
    if single and q.base_unit in COUNT_UNITS and not _QUANTITY_VERBS.search(before):
        return True  # 五个一批, 两个毫不动摇, 三组: a small Chinese numeral names a set
    # 十二项指标, 三个方面: the plan counting its own parts.
    return q.base_unit in COUNT_UNITS and bool(_PARTS_NOUNS.match(after))


def _sums_a_list(before: str, q: Quantity) -> bool:
    """True when 共N counts the items just listed (强链、补链、延链共三项), not a total to reach.

    共 also states an amount (全年实施重点项目共260项): only a clause that lists items
    (separated by 、) and then counts them, or says 等 (and others) before 共, is a summary.
    """
    total = _TOTAL_BEFORE.search(before)
    assert total is not None
    head = before[: total.start()]
    if total.group().startswith("等"):
        return True
    breaks = list(_CLAUSE_START.finditer(head))
    clause = head[breaks[-1].end() :] if breaks else head
    items = clause.count("、") + 1
    return items >= 2 and (q.value == items or q.chinese)


def _is_attributive(line: str, q: Quantity) -> bool:
    """True when the amount qualifies the noun after it (10亿元以上项目) instead of being a goal."""
    after = line[q.end :]
    if not after:
        return False
    if after.startswith("的"):
        return not _TARGET_NOUNS_AFTER_DE.match(after)
    first = after[0]
    if not _is_cjk(first) or first in _CONNECTORS or after.startswith("人民币"):
        return False
    if q.suffix in ("以上", "以下"):
        return True
    return q.base_unit in MEASURE_UNITS or q.unit in _SCALES


def find_quantities(line: str) -> list[Quantity]:
    """Quantities in one line (of the matching copy) that may be targets, in order."""
    return [
        q
        for q in _candidates(line)
        if not _is_name_or_label(line, q) and not _is_attributive(line, q)
    ]
