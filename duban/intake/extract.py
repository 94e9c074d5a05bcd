"""Propose every quantitative target stated in a document.

``extract(text)`` returns :class:`Proposal` objects, each pointing at its exact span of the
*original* text. The pipeline: a same-length matching copy (Simplified, half-width), the
article lines of a saved page (``clean``), quantities that are amounts rather than names
(``quantities``), the sentence reading that keeps goals and drops results (``cues``), and
what each goal counts (``attributes``: commitment, period, investment floor, category, 其中).
Nothing here imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from duban.intake import attributes, cues
from duban.intake.clean import Line, article_lines, split_lines
from duban.intake.convert import matching_copy
from duban.intake.quantities import COUNT_UNITS, Quantity, find_quantities

__all__ = ["COMPARATORS", "Proposal", "extract", "plain_decimal", "plain_number"]

COMPARATORS = (">=", "<=", "growth", "=")
_SENTENCE_END = re.compile(r"[。!?]")
_CLAUSE_DELIMITERS = ",;:、"
_GOAL_AFTER = re.compile(r"[^,;。]{0,3}?的(?:预期)?(?:目标|任务)")


@dataclass(frozen=True)
class Proposal:
    """One proposed target: a value with its unit, what it measures, and where it was read.

    ``start``/``end`` index the original text and ``text`` is that slice, so a reviewer sees
    exactly the words the figure came from. ``value`` keeps 万/亿 in ``unit`` (26 亿元); a fall
    (下降3%) is a negative growth. What the target counts: ``commitment`` (``floor`` for 确保,
    ``stretch`` for 力争, else ""), ``due_month`` (12 for the whole year), ``floor_wan`` (the
    亿元以上 investment floor in 万元), ``category`` (a hint such as 工业), ``strategic`` and
    ``foreign`` restrictions, and ``parent``: the index, in the same list, of the broader
    target a 其中 figure narrows.
    """

    value: Decimal
    unit: str
    metric: str
    comparator: str
    period: str | None
    start: int
    end: int
    text: str
    commitment: str = ""
    due_month: int = 12
    floor_wan: Decimal | None = None
    category: str = ""
    strategic: bool = False
    foreign: bool = False
    parent: int | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form used by the CLI (numbers exact for integers, never 4E+1)."""
        return {
            "value": plain_number(self.value),
            "unit": self.unit,
            "metric": self.metric,
            "comparator": self.comparator,
            "period": self.period,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "commitment": self.commitment,
            "due_month": self.due_month,
            "floor_wan": None if self.floor_wan is None else plain_number(self.floor_wan),
            "category": self.category,
            "strategic": self.strategic,
            "foreign": self.foreign,
            "parent": self.parent,
        }


def plain_decimal(value: Decimal) -> str:
    """Positional notation without trailing zeros: 40 (never 4E+1), 0.5, 1.25."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def plain_number(value: Decimal) -> int | float:
    """An int when whole (40, not 4E+1 nor 40.0000), else a float for JSON."""
    return int(value) if value == value.to_integral_value() else float(value)


def _sentences(line: Line) -> list[tuple[int, int]]:
    """(start, end) of the sentences of a line, as offsets into the line text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(line.text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(line.text):
        spans.append((start, len(line.text)))
    return spans


def _clause_start(text: str, position: int, floor: int) -> int:
    """Start of the clause containing ``position`` (not before ``floor``)."""
    best = floor
    for delimiter in _CLAUSE_DELIMITERS:
        found = text.rfind(delimiter, floor, position)
        if found >= 0:
            best = max(best, found + 1)
    # Inside an open parenthesis (技改不低于1亿元) the clause starts at the parenthesis; a closed
    # one before the number (亿元以上(下同)项目40个) is part of the clause.
    opening = text.rfind("(", floor, position)
    if opening >= best and text.find(")", opening, position) < 0:
        best = opening + 1
    return best


def _is_qualifier(text: str, clause_start: int, floor: int) -> bool:
    """True when the clause opens with 其中 (or follows a bare 其中, / 其中:)."""
    clause = text[clause_start:].lstrip()
    if clause.startswith("其中"):
        return True
    return bool(re.search(r"其中\s*[,:]\s*$", text[floor:clause_start]))


@dataclass
class _Previous:
    """The quantity read just before in the sentence: what a joined figure inherits."""

    end: int
    comparator: str
    falls: bool
    commitment: str
    decision: str


class _Reader:
    """Walks the article line by line, carrying section and paragraph tense."""

    def __init__(self, original: str, copy: str, context: cues.DocumentContext) -> None:
        """Keep both texts: rules read the copy, proposals quote the original."""
        self.original = original
        self.copy = copy
        self.context = context
        self.section: str | None = None
        self.proposals: list[Proposal] = []
        self.floor_same: Decimal | None = None  # an investment floor stated with (下同)
        self.heading_category = ""

    def read_line(self, line: Line) -> None:
        """Propose the goals of one article line (a paragraph)."""
        heading = cues.section_tense(line.text)
        if heading is not None:
            self.section = heading
        if cues.is_heading(line.text):
            # (六)招商效率和招商质量提升工程: the section's category holds until the next one.
            self.heading_category = attributes.category_of(line.text, line.text)
        quantities = find_quantities(line.text)
        paragraph: str | None = None
        state = cues.MetricState()
        for start, end in _sentences(line):
            sentence = line.text[start:end]
            masked = cues.mask_non_cues(sentence)
            previous: _Previous | None = None
            scope = _Scope()
            ordinal = 0
            for q in quantities:
                if start <= q.start < end:
                    previous, ordinal = self._consider(
                        line, start, sentence, masked, q, paragraph, previous, state, scope, ordinal
                    )
            paragraph = cues.last_tense(masked, self.context) or paragraph

    def _decide(
        self,
        sentence: str,
        masked: str,
        position: int,
        q: Quantity,
        prefix: str,
        paragraph: str | None,
        previous: _Previous | None,
    ) -> str:
        """Goal or result, from the strongest evidence available.

        In order: a cue in the quantity's own clause; for a clause that only continues the
        previous quantity (总投资26亿元, 增长15%), that quantity's reading; a cue earlier in the
        sentence (a goal cue there is not trusted in a progress report, where 计划新开工12个,
        完成9个 puts plan and result side by side); the goal's own form (以上, 不低于, …的目标);
        a sentence opening on an elapsed period (1-7月，…) reads as a result; then the
        paragraph, the section heading and the kind of document. A goal is not inherited
        from the sentence before in a progress report: 年度目标是新开工60个。全区新开工43个 —
        the 43 is this year's result.
        """
        tense, same_clause = cues.tense_before(masked, position, self.context)
        if tense is not None and same_clause:
            return tense
        comparator, words, _ = cues.comparator_of(prefix, q.suffix, q.base_unit)
        if previous is not None and cues.continues_previous(prefix[: len(prefix) - words]):
            return previous.decision
        expected = self.section or self.context.default
        if tense == cues.PAST or (tense == cues.FUTURE and expected == cues.FUTURE):
            return tense
        after = masked[position + (q.end - q.start) :]
        if q.suffix in ("以上", "以内", "以下") or comparator in (">=", "<="):
            return cues.FUTURE
        if _GOAL_AFTER.match(after):
            return cues.FUTURE
        if cues.opens_with_elapsed_period(sentence):
            return cues.PAST
        if paragraph == cues.FUTURE and expected == cues.PAST:
            paragraph = None
        return paragraph or expected

    def _consider(
        self,
        line: Line,
        sentence_start: int,
        sentence: str,
        masked: str,
        q: Quantity,
        paragraph: str | None,
        previous: _Previous | None,
        state: cues.MetricState,
        scope: _Scope,
        ordinal: int,
    ) -> tuple[_Previous, int]:
        """Propose one quantity if its sentence says it is a goal; return what it read."""
        position = q.start - sentence_start
        clause_start = _clause_start(line.text, q.start, sentence_start)
        prefix = line.text[clause_start : q.start]
        decision = self._decide(sentence, masked, position, q, prefix, paragraph, previous)
        comparator, words, falls = cues.comparator_of(prefix, q.suffix, q.base_unit)
        joined = previous is not None and attributes.joined_to_previous(
            line.text[previous.end : q.start]
        )
        if (
            previous is not None
            and joined
            and (words, comparator, previous.comparator) == (0, "=", "growth")
            and q.base_unit in ("%", "个百分点", "倍")
        ):
            # 分别增长8%、9%; 增长7%左右，力争8%: a bare figure joined to a growth is a growth.
            comparator, falls = "growth", previous.falls
        commitment = attributes.commitment_of(cues.mask_non_cues(prefix)) or (
            previous.commitment if previous is not None and joined and not prefix.strip() else ""
        )
        reading = _Previous(q.end, comparator, falls, commitment, decision)
        ordinal = ordinal + 1 if previous is not None and joined else 0
        if decision != cues.FUTURE:
            return reading, ordinal
        span_start = line.start + q.start - words
        span_end = line.start + q.end
        original_line = self.original[line.start : line.end]
        own_qualifier = _is_qualifier(line.text, clause_start, sentence_start)
        qualifier = own_qualifier or (
            scope.qualifier and cues.continues_previous(prefix[: len(prefix) - words])
        )
        clause_end = _clause_end(line.text, q.end)
        is_count = q.base_unit in COUNT_UNITS and q.base_unit not in ("个百分点", "倍")
        metric = cues.metric_of(
            line.text[clause_start : q.start - words],
            original_line[clause_start : q.start - words],
            state,
            is_count,
            own_qualifier,
            original_line[q.end : clause_end],
        )
        respective = attributes.respective_subject(sentence, position, ordinal)
        if respective is not None:
            begin, finish = respective
            metric = original_line[sentence_start + begin : sentence_start + finish].strip()
        period = cues.period_of(
            original_line[sentence_start : sentence_start + len(sentence)],
            masked,
            position,
        )
        restriction = line.text[clause_start : q.start]
        floor, same = attributes.floor_of(restriction)
        if same:
            self.floor_same = floor
        if floor is not None:
            scope.floor = floor
        elif attributes.counts_project_stages(metric):
            floor = scope.floor or self.floor_same
        kind = "count" if is_count else q.unit
        parent = scope.parents.get(kind) if qualifier else None
        if qualifier and parent is not None:
            floor = floor or self.proposals[parent].floor_wan
        category = (
            attributes.category_of(restriction, line.text)
            or scope.category
            or self.heading_category
        )
        scope.category = category
        self.proposals.append(
            Proposal(
                value=-q.value if falls else q.value,
                unit=q.unit,
                metric=metric,
                comparator=comparator,
                period=period,
                start=span_start,
                end=span_end,
                text=self.original[span_start:span_end],
                commitment=commitment,
                due_month=attributes.due_month_of(period),
                floor_wan=floor if "项目" in metric else None,
                category=category,
                strategic="战略性新兴产业" in restriction or "战新" in restriction,
                foreign="外资" in restriction,
                parent=parent,
            )
        )
        if qualifier:
            scope.qualifier = True
        else:
            scope.qualifier = False
            scope.parents[kind] = len(self.proposals) - 1
        return reading, ordinal


@dataclass
class _Scope:
    """Within one sentence: the broader targets a 其中 narrows, and the floor stated so far."""

    parents: dict[str, int] = field(default_factory=dict)
    floor: Decimal | None = None
    qualifier: bool = False
    category: str = ""


def _clause_end(text: str, position: int) -> int:
    """End of the clause containing ``position`` (the next clause delimiter or the end)."""
    found = re.search(r"[,;:。!?、]", text[position:])
    return position + found.start() if found else len(text)


def extract(text: str, chrome: Sequence[tuple[int, int]] = ()) -> list[Proposal]:
    """Every goal figure in ``text`` (the document's original text), in reading order.

    ``chrome`` are ranges already known to be page chrome (from an HTML reader).
    """
    copy = matching_copy(text)
    lines = article_lines(copy, chrome, split_lines(copy))
    context = cues.document_context("\n".join(line.text for line in lines))
    reader = _Reader(text, copy, context)
    for line in lines:
        reader.read_line(line)
    return reader.proposals
