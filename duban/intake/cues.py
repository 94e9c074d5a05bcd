"""Read a quantity's sentence: is it a goal, what does it compare, what does it measure, when.

The rules are cue words of official Chinese prose, not facts about one document:

* **Tense.** Goals are marked by 力争/确保/争取/目标/计划/预期/要/明年/到2025年/the plan's own
  year; results by 已/已经/截至/去年/上年/过去/以来/首次/完成了/取得/共有/现有/预计 (an estimate of
  the year just ending) and by years before the plan's year. The nearest cue before the
  number wins: in 计划新开工80个,已开工65个 the 65 is governed by 已. Base references
  (比上年, 同比, 较2020年) are not tense cues and are masked first. Without a cue in the
  sentence, the latest cue of the paragraph, then the section heading (工作回顾 vs 目标任务),
  then the document's kind (方案/计划/要点 vs 通报/总结) decide.
* **Comparator.** 以上/突破/不低于/不少于/超过 → ≥; 以内/以下/不超过/控制在/压缩至 → ≤;
  增长/比增/提高/下降/净增 or 个百分点 → growth (a fall is a negative growth); otherwise =.
* **Metric.** The clause before the number, without cue and comparator words; a clause that
  only names an attribute (总投资) or nothing (增长15%) continues the previous metric; 其中
  nests a qualifier under its parent.
* **Period.** The nearest 全年/一季度/上半年/2021年/年底前… stated before the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "FUTURE",
    "PAST",
    "DocumentContext",
    "comparator_of",
    "continues_previous",
    "document_context",
    "mask_non_cues",
    "metric_of",
    "period_of",
    "section_tense",
    "tense_before",
]

PAST = "past"
FUTURE = "future"

_BASE_REFERENCE = re.compile(
    r"(?:比|较|与|相比|对比)(?:上年同期|去年同期|上年|去年|前年|\d{4}年(?:底|末)?|同期)(?:相比)?"
    r"|同比|环比|上年同期|去年同期"
)
_BOOK_TITLE = re.compile(r"《[^》]{0,80}》|“[^”]{0,22}”|「[^」]{0,22}」")
# 计划/目标/任务 as the *object* of a share or a completion (占年计划投资的, 完成年度目标任务的,
# 超额完成年度目标任务) name the plan a result is measured against: no future cue there.
_PLAN_OBJECT = re.compile(
    r"(?:占|完成|超额完成|实现|达到|为|相当于|超过)[^,;:。!?]{0,10}?"
    r"(?:计划|目标|任务|预算)(?:任务|投资|数)?"
)
_PAST_CUES = re.compile(
    r"已经|(?<![而不业])已(?![经知])|截至|截止|去年|上年|前年|过去|以来|首次|完成了|实现了|达到了|"
    r"增长了|取得|超额完成|共有|现有|目前|当前|预计|会上|实际(?!利用|使用|到位)|"
    r"\d{1,2}[-至~]\d{1,2}月|前\d{1,2}个月"
)
_FUTURE_CUES = re.compile(
    r"力争|确保|争取|目标|计划(?!的)|(?<![超及于])预期|(?<![主重需纪只摘提概])要(?![求点素])|"
    r"(?<!年度)拟|明年|今后|下一步|努力|力求|到(?=\d{4}年)|将(?=[^,;。]{0,6}(?:完成|实现|达到|"
    r"新增|建成|开工|实施|推进|突破|开展|引进|培育))"
)
_YEAR = re.compile(r"(?<!\d)(\d{4})年(?!\d{1,2}月)")
_THIS_YEAR = re.compile(r"今年|本年|年内")
_CLAUSE_BREAK = re.compile(r"[,;:。!?]")
_PAST_HEADINGS = re.compile(r"回顾|过去|成绩|成效|进展|完成情况|工作总结|基本情况|现状|发展基础")
_FUTURE_HEADINGS = re.compile(
    r"目标|任务|安排|计划|要点|思路|重点工作|举措|措施|部署|主要指标|工作要求|预期|"
    r"下阶段|下一步|下一阶段|下步|下半年"
)
_PLAN_TITLES = re.compile(r"方案|计划|要点|意见|目标|安排|部署|动员|规划|指标")
_REPORT_TITLES = re.compile(r"通报|总结|情况的报告|进展情况|完成情况|回顾")


@dataclass(frozen=True)
class DocumentContext:
    """Facts about the whole document that the sentence rules need."""

    target_year: int | None
    this_year_is_past: bool  # a December text that plans 明年 reviews 今年
    default: str  # PAST or FUTURE when nothing in the sentence or section says


def mask_non_cues(text: str) -> str:
    """Blank out base references, quoted names and plans named as the measure of a result
    (占年计划投资的64.49%) so they cannot act as tense cues.

    The result has the same length, so positions stay valid.
    """

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group())

    return _PLAN_OBJECT.sub(blank, _BOOK_TITLE.sub(blank, _BASE_REFERENCE.sub(blank, text)))


def document_context(article: str) -> DocumentContext:
    """Plan year, whether 今年 means the year under review, and the default tense."""
    masked = mask_non_cues(article)
    planning_years: list[int] = []
    all_years: list[int] = []
    for sentence in re.split(r"[。!?\n]", masked):
        years = [int(y) for y in _YEAR.findall(sentence) if 1990 <= int(y) <= 2100]
        all_years.extend(years)
        if years and re.search(r"力争|确保|目标|计划|方案|要点|预期|安排|任务", sentence):
            planning_years.extend(years)
    titles = re.findall(r"《([^》]{0,80})》", article)
    for title in titles:
        if _PLAN_TITLES.search(title):
            planning_years.extend(int(y) for y in _YEAR.findall(title))
    target = max(planning_years or all_years) if (planning_years or all_years) else None
    # The title: the first short lines that are not sentences (no clause punctuation).
    short_lines = [
        line
        for line in article.split("\n")[:8]
        if len(line.strip()) <= 60 and not re.search(r"[,。;:!?]", line)
    ]
    default = _title_tense(short_lines[:1]) or _title_tense([*titles, *short_lines]) or FUTURE
    return DocumentContext(target, "明年" in masked, default)


def _title_tense(lines: list[str]) -> str | None:
    """The tense a title's kind word gives: the last one wins, since a title names its own
    kind last (关于…主要经济指标完成情况的通报 is a report; 关于印发《…计划》的通知 a plan)."""
    last: tuple[int, str] | None = None
    for line in lines:
        for pattern, tense in ((_PLAN_TITLES, FUTURE), (_REPORT_TITLES, PAST)):
            for match in pattern.finditer(line):
                if last is None or match.end() >= last[0]:
                    last = (match.end(), tense)
        if last is not None:
            return last[1]
    return None


def _cues(masked: str, context: DocumentContext) -> list[tuple[int, int, str]]:
    """All tense cues in a masked sentence as (start, end, tense)."""
    cues = [(m.start(), m.end(), PAST) for m in _PAST_CUES.finditer(masked)]
    cues += [(m.start(), m.end(), FUTURE) for m in _FUTURE_CUES.finditer(masked)]
    for match in _YEAR.finditer(masked):
        if context.target_year is None:
            continue
        year = int(match.group(1))
        if 1990 <= year <= 2100:
            tense = PAST if year < context.target_year else FUTURE
            cues.append((match.start(), match.end(), tense))
    for match in _THIS_YEAR.finditer(masked):
        cues.append((match.start(), match.end(), PAST if context.this_year_is_past else FUTURE))
    return cues


def tense_before(
    masked_sentence: str, position: int, context: DocumentContext
) -> tuple[str | None, bool]:
    """The tense set by the nearest cue before ``position``, and whether it is in the same clause.

    ``masked_sentence`` is the sentence after :func:`mask_non_cues`.
    """
    best: tuple[int, int, str] | None = None
    for cue in _cues(masked_sentence, context):
        if cue[1] <= position and (best is None or cue[1] > best[1]):
            best = cue
    if best is None:
        return None, False
    same_clause = not _CLAUSE_BREAK.search(masked_sentence, best[1], position)
    return best[2], same_clause


def last_tense(masked_sentence: str, context: DocumentContext) -> str | None:
    """The tense of the last cue in a sentence (carried to the paragraph's next sentences)."""
    tense, _ = tense_before(masked_sentence, len(masked_sentence), context)
    return tense


_ELAPSED_OPENER = re.compile(
    r"^\s*(?:\d{4}年)?(?:上半年|第?一季度|前三季度|前\d{1,2}个?月|\d{1,2}[-至~]\d{1,2}月(?:份)?|"
    r"今年以来|年初以来|截至[^,;。]{0,12})\s*,"
)


def opens_with_elapsed_period(sentence: str) -> bool:
    """True for a sentence that opens on a period already over (1-7月，… / 上半年，…).

    Such a sentence reports that period: it never inherits a goal from the sentence before,
    and without a cue of its own it reads as a result.
    """
    return bool(_ELAPSED_OPENER.match(sentence))


def is_heading(line: str) -> bool:
    """A heading: a short line that is not a sentence."""
    stripped = line.strip()
    return 0 < len(stripped) <= 40 and not stripped.endswith(("。", ";"))


def section_tense(line: str) -> str | None:
    """The tense a heading line sets for its section, if it is a heading and says one."""
    stripped = line.strip()
    if not is_heading(stripped):
        return None
    if _PAST_HEADINGS.search(stripped):
        return PAST
    if _FUTURE_HEADINGS.search(stripped):
        return FUTURE
    return None


_GROWTH = re.compile(
    r"(?<!新)(?:净增长|净增加|净增|比增|增长|增加|增|提高|提升|上升|下降|降低|减少|减|增幅|增速)"
    r"(?:率)?(?:达到|达|为|保持在|保持)?$"
)
_DOWN = re.compile(r"下降|降低|减少|减")
_TO_LEVEL = re.compile(r"(?:压缩|压减|缩短|缩减|下降|降低|减少|降|控制)(?:到|至|在)$")
_LE_PREFIX = re.compile(
    r"(?:不超过|不高于|(?<!不)低于|(?<!不)少于|小于|不多于|不大于|控制在|控制到)$"
)
_GE_PREFIX = re.compile(
    r"(?:不低于|不少于|不小于|(?<!不)超过|突破|(?<!不)高于|(?<!不)多于|至少|(?<!不)大于|(?<!不)超)$"
)


_POINTS_DIRECTION = re.compile(
    r"(?P<down>低于|下降|降低|减少|回落|收窄|慢于|落后于?|少于|缩小|减)"
    r"|(?P<up>高于|提高|提升|上升|增加|快于|超过|超出|扩大|增长|超|增)"
)


def _points_fall(prefix: str) -> bool:
    """个百分点 is a difference: its sign comes from the nearest direction word before it
    (低于全省平均水平1.4个百分点 is −1.4, 高于序时进度3个百分点 is +3)."""
    found = list(_POINTS_DIRECTION.finditer(prefix))
    return bool(found) and found[-1].group("down") is not None


def comparator_of(prefix: str, suffix: str, unit: str) -> tuple[str, int, bool]:
    """(comparator, length of the comparator words before the number, value is a fall).

    ``prefix`` is the clause text before the number (matching copy).
    """
    growth = _GROWTH.search(prefix)
    if growth and not _TO_LEVEL.search(prefix):
        return "growth", len(growth.group()), bool(_DOWN.search(growth.group()))
    if unit == "个百分点":
        return "growth", 0, _points_fall(prefix)
    level = _TO_LEVEL.search(prefix)
    le = _LE_PREFIX.search(prefix)
    ge = _GE_PREFIX.search(prefix)
    bound = le or ge or level
    words = bound.group() if bound else ""
    if suffix in ("以内", "以下"):
        return "<=", len(words), False
    if suffix == "以上":
        return ">=", len(words), False
    if le or level:
        return "<=", len(words), False
    if ge:
        return ">=", len(words), False
    return "=", 0, False


_LEADING = re.compile(
    r"^(?:其中|全年|今年|明年|本年|年内|力争|确保|争取|计划|预计|预期|目标是|目标为|目标|同时|并|"
    r"另外|此外|共|合计|分别|要|将|全区|全县|全市|全镇|\d{4}年(?:底|末)?|到|实现|主要预期目标是|"
    r"[(（][一二三四五六七八九十\d]+[)）]|\d+\.|[一二三四五六七八九十]+、|[ \t])+"
)
_TRAILING = re.compile(
    r"(?:(?:提高|提升|增加|增长|下降|降低|减少)(?:到|至))?(?:达到|达|为|是|保持在|保持|实现|完成|在|至|到)*$"
)
_ATTRIBUTES = re.compile(
    r"^(?:总投资|投资|投资额|年度投资|计划投资|年度计划投资|产值|总产值|营收|营业收入|面积|总额|"
    r"规模|金额|税收|增加值)$"
)


_VERB_WORDS = (
    r"建成投产|新开工|开工|建成|竣工|投产|续建|签约|落地|完成|新增|引进|推进|落实|实施|办结|"
    r"开展|启动|推动|新建|改造|培育|招引|储备|谋划|生成|组织|举办"
)
_NOUN_AFTER = re.compile(r"^的?([^,，;；:：。、!！?？\s]{1,16})")
_VERBS = re.compile(rf"(?:{_VERB_WORDS})+")
_VERBS_IN = re.compile(rf"(?:{_VERB_WORDS})+")


_CONTINUATION = re.compile(
    r"(?:其中)?(?:总投资|投资|投资额|年度投资|产值|总产值|营收|面积|总额|金额|规模|"
    r"同比|比上年|较上年)?(?:增长|比增|增幅|增速|提高|下降|降低|净增|增加)?(?:达到|达|为)?"
)


def continues_previous(clause: str) -> bool:
    """True when a clause only adds to the previous quantity (总投资…, 增长…, nothing)."""
    return bool(_CONTINUATION.fullmatch(clause.strip(" \t、")))


@dataclass
class MetricState:
    """What the previous quantities of the sentence measured, for nesting and continuation."""

    last: str = ""
    last_count: str = ""
    parent: str = ""


def metric_of(
    clause: str,
    original: str,
    state: MetricState,
    is_count: bool,
    qualifier: bool,
    after: str = "",
) -> str:
    """The metric for a quantity whose clause before it is ``clause`` (matching copy) and
    ``original`` (the same span in the original script, which the metric is cut from).

    A metric is never only a verb: 新开工168个、建成118个 borrows the subject of the count
    before it (建成 → 建成项目), and 落实12项惠企政策, with nothing before to borrow from,
    takes the noun counted after the number (落实惠企政策). ``after`` is the original text
    after the quantity, up to its clause's end.
    """
    lead = _LEADING.match(clause)
    begin = lead.end() if lead else 0
    trail = _TRAILING.search(clause, begin)
    finish = trail.start() if trail else len(clause)
    local = original[begin:finish].strip(" ,，、:：;；")
    verbs = _VERBS.fullmatch(local)
    if verbs and state.last_count and not qualifier:
        # 新开工168个、建成118个: a bare verb reuses the previous subject with its own verb.
        found = list(_VERBS_IN.finditer(state.last_count))
        if found:
            last = found[-1]
            local = state.last_count[: last.start()] + local + state.last_count[last.end() :]
    elif verbs and not qualifier:
        noun = _NOUN_AFTER.match(after)
        if noun:
            local += noun.group(1)
    if qualifier and state.parent:
        metric = f"{state.parent}，其中{local}" if local else state.parent
    elif not local:
        metric = state.last
    elif _ATTRIBUTES.match(local) and state.last_count:
        metric = state.last_count + local
    else:
        metric = local
        if is_count:
            state.parent = local
    if is_count:
        state.last_count = metric
    state.last = metric
    return metric


_PERIOD = re.compile(
    r"全年|上半年|下半年|前三季度|第?[一二三四]季度|年内|年底前|年底|\d{4}年(?:底|末)?(?:前)?|"
    r"\d{1,2}月底前|\d{1,2}月底|今年|明年|本年"
)


def period_of(original_sentence: str, masked_sentence: str, position: int) -> str | None:
    """The period stated nearest before ``position`` in the sentence (original script)."""
    best: re.Match[str] | None = None
    for match in _PERIOD.finditer(masked_sentence, 0, position):
        best = match
    if best is None:
        return None
    return original_sentence[best.start() : best.end()]
