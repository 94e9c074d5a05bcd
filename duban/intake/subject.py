"""Which place and which year a document is about.

A plan pasted from another district (泉港区's plan into 鼓楼区) must not slip into the live
target table, so the intake reads the document's subject area and plan year and the review
asks for an explicit choice when they differ from the table's.

The area is the district or county the article names most, with its title weighing more: a
two-character name followed by 区/县/旗 (or 市, for a county-level city), such as 鼓楼区,
泉港区, 清江县, 花都區 (read on the Simplified matching copy). Generic words that end the same
way (全区, 园区, 示范区, 高新区 …) are not names. The year is the plan year the tense rules
already use (``cues.document_context``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from duban.intake import cues
from duban.intake.clean import article_lines, split_lines
from duban.intake.convert import matching_copy

__all__ = ["DocumentFacts", "document_facts", "same_area", "subject_area"]


def _words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and extend)."""
    return frozenset(text.split())


_NAME = re.compile(r"([\u4e00-\u9fff]{2})([区县旗市])")
# Words ending in 区/县/市 that name no place; checked on the last two characters and on the
# whole three.
_GENERIC_TAILS = _words(
    "全区 我区 本区 该区 各区 城区 园区 片区 社区 辖区 景区 街区 小区 校区 郊区 山区 库区 新区 "
    "市区 老区 地区 省区 矿区 厂区 营区 分区 专区 岛区 县区 "
    "全县 我县 本县 该县 各县 区县 市县 "
    "全市 我市 本市 该市 各市 城市 都市 超市 股市 楼市 车市 县市 省市 上市 门市 夜市 "
    "全旗 我旗 本旗"
)
_GENERIC_NAMES = _words(
    "示范区 开发区 试验区 实验区 功能区 集聚区 聚集区 高新区 自贸区 核心区 保税区 风景区 "
    "中心区 先行区 引领区 创新区 产业区 商务区 生态区 旅游区 工业区 服务区 保护区 承载区 "
    "重点区 大湾区 合作区 经济区 综合区 新城区 老城区 主城区 中城区 心城区 管理区 "
    "所在区 所在县 所在市 各区县 本区县 城乡区 市辖区"
)
# 落实市委、按照区政府: a verb before 区委/市政府 is no place name.
_VERB_NAMES = _words(
    "落实 按照 根据 贯彻 结合 围绕 对照 报送 上报 会同 配合 经过 服务 推动 全面 认真 坚决 "
    "报请 提请 经报 请示 报告 汇报 呈报 参照 遵照 依照 执行 传达 学习"
)
_STRONG_AFTER = re.compile(r"^(?:人民政府|委|政府|召开|\d{4}年|发改|重点|人大|政协)")
_SUFFIX_RANK = {"区": 0, "县": 0, "旗": 0, "市": 1}


@dataclass(frozen=True)
class DocumentFacts:
    """What a document says about itself: plan year and subject area (either may be None)."""

    year: int | None
    area: str | None


def subject_area(lines: Sequence[str]) -> str | None:
    """The district or county the article lines (Simplified) are about, if they name one."""
    scores: Counter[str] = Counter()
    for index, line in enumerate(lines):
        weight = 3 if index < 3 else 1
        for match in _NAME.finditer(line):
            name = match.group()
            if name[1:] in _GENERIC_TAILS or name in _GENERIC_NAMES or name[:2] in _VERB_NAMES:
                continue
            strong = bool(_STRONG_AFTER.match(line[match.end() :]))
            scores[name] += weight + (2 if strong else 0)
    if not scores:
        return None
    # A district's own name beats the city it belongs to (福州市鼓楼区); then the score.
    best = min(scores, key=lambda name: (_SUFFIX_RANK[name[-1]], -scores[name], name))
    return best if scores[best] >= 2 else None


def same_area(document_area: str, district_name: str) -> bool:
    """True when a document's area names the district (鼓楼区 = 鼓楼 = 福州市鼓楼区)."""

    def stem(name: str) -> str:
        name = name.strip()
        if len(name) > 2 and name[-1] in "区县旗市":
            name = name[:-1]
        return name

    a, b = stem(matching_copy(document_area)), stem(matching_copy(district_name))
    return bool(a) and bool(b) and (a == b or a.endswith(b) or b.endswith(a))


def document_facts(text: str, chrome: Sequence[tuple[int, int]] = ()) -> DocumentFacts:
    """Plan year and subject area of a document's text as read (the visible text of a page)."""
    copy = matching_copy(text)
    lines = [line.text for line in article_lines(copy, chrome, split_lines(copy))]
    year = cues.document_context("\n".join(lines)).target_year
    return DocumentFacts(year, subject_area(lines))
