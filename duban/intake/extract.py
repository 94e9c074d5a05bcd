"""Propose every quantitative target stated in a document.

``extract(text)`` returns :class:`Proposal` objects, each pointing at its exact span of the
*original* text. The pipeline: a same-length matching copy (Simplified, half-width), the
article lines of a saved page (``clean``), quantities that are amounts rather than names
(``quantities``), and the sentence reading that keeps goals and drops results (``cues``).
Nothing here imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from duban.intake import cues
from duban.intake.clean import Line, article_lines, split_lines
from duban.intake.convert import matching_copy
from duban.intake.quantities import COUNT_UNITS, Quantity, find_quantities

__all__ = ["COMPARATORS", "Proposal", "extract"]

COMPARATORS = (">=", "<=", "growth", "=")
_SENTENCE_END = re.compile(r"[。!?]")
_CLAUSE_DELIMITERS = ",;:、"
_GOAL_AFTER = re.compile(r"[^,;。]{0,3}?的(?:预期)?(?:目标|任务)")


@dataclass(frozen=True)
class Proposal:
    """One proposed target: a value with its unit, what it measures, and where it was read.

    ``start``/``end`` index the original text and ``text`` is that slice, so a reviewer sees
    exactly the words the figure came from. ``value`` keeps 万/亿 in ``unit`` (26 亿元); a fall
    (下降3%) is a negative growth.
    """

    value: Decimal
    unit: str
    metric: str
    comparator: str
    period: str | None
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form used by the CLI (value as a number, exact for integers)."""
        value: int | float = (
            int(self.value) if self.value == self.value.to_integral_value() else float(self.value)
        )
        return {
            "value": value,
            "unit": self.unit,
            "metric": self.metric,
            "comparator": self.comparator,
            "period": self.period,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


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


class _Reader:
    """Walks the article line by line, carrying section and paragraph tense."""

    def __init__(self, original: str, copy: str, context: cues.DocumentContext) -> None:
        """Keep both texts: rules read the copy, proposals quote the original."""
        self.original = original
        self.copy = copy
        self.context = context
        self.section: str | None = None
        self.proposals: list[Proposal] = []

    def read_line(self, line: Line) -> None:
        """Propose the goals of one article line (a paragraph)."""
        heading = cues.section_tense(line.text)
        if heading is not None:
            self.section = heading
        quantities = find_quantities(line.text)
        paragraph: str | None = None
        state = cues.MetricState()
        for start, end in _sentences(line):
            sentence = line.text[start:end]
            masked = cues.mask_non_cues(sentence)
            previous: str | None = None
            for q in quantities:
                if start <= q.start < end:
                    previous = self._consider(
                        line, start, sentence, masked, q, paragraph, previous, state
                    )
            paragraph = cues.last_tense(masked, self.context) or paragraph

    def _decide(
        self,
        masked: str,
        position: int,
        q: Quantity,
        prefix: str,
        paragraph: str | None,
        previous: str | None,
    ) -> str:
        """Goal or result, from the strongest evidence available.

        In order: a cue in the quantity's own clause; for a clause that only continues the
        previous quantity (总投资26亿元, 增长15%), that quantity's reading; a cue earlier in the
        sentence (a goal cue there is not trusted in a progress report, where 计划新开工12个,
        完成9个 puts plan and result side by side); the goal's own form (以上, 不低于, …的目标);
        then the paragraph, the section heading and the kind of document.
        """
        tense, same_clause = cues.tense_before(masked, position, self.context)
        if tense is not None and same_clause:
            return tense
        comparator, words, _ = cues.comparator_of(prefix, q.suffix, q.base_unit)
        if previous is not None and cues.continues_previous(prefix[: len(prefix) - words]):
            return previous
        if tense == cues.PAST or (tense == cues.FUTURE and self.context.default == cues.FUTURE):
            return tense
        after = masked[position + (q.end - q.start) :]
        if q.suffix in ("以上", "以内", "以下") or comparator in (">=", "<="):
            return cues.FUTURE
        if _GOAL_AFTER.match(after):
            return cues.FUTURE
        return paragraph or self.section or self.context.default

    def _consider(
        self,
        line: Line,
        sentence_start: int,
        sentence: str,
        masked: str,
        q: Quantity,
        paragraph: str | None,
        previous: str | None,
        state: cues.MetricState,
    ) -> str:
        """Propose one quantity if its sentence says it is a goal; return that reading."""
        position = q.start - sentence_start
        clause_start = _clause_start(line.text, q.start, sentence_start)
        prefix = line.text[clause_start : q.start]
        decision = self._decide(masked, position, q, prefix, paragraph, previous)
        if decision != cues.FUTURE:
            return decision
        comparator, words, falls = cues.comparator_of(prefix, q.suffix, q.base_unit)
        span_start = line.start + q.start - words
        span_end = line.start + q.end
        original_line = self.original[line.start : line.end]
        qualifier = _is_qualifier(line.text, clause_start, sentence_start)
        metric = cues.metric_of(
            line.text[clause_start : q.start - words],
            original_line[clause_start : q.start - words],
            state,
            q.base_unit in COUNT_UNITS and q.base_unit not in ("个百分点", "倍"),
            qualifier,
        )
        period = cues.period_of(
            original_line[sentence_start : sentence_start + len(sentence)],
            masked,
            position,
        )
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
            )
        )
        return decision


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
