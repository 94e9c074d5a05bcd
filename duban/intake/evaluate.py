"""Score the extractor against hand labels: precision, recall, F1 per split.

A proposal is right when a label of the same document has the same value after 万/亿
scaling (26 亿元 = 2600000000 元), the same base unit, the same comparator, and an
overlapping span. Offsets of labels and proposals alike index the document's original text
(the HTML source of a web page); a label's ``text`` is the span's words as shown. Spans
only need to overlap because people draw span edges differently
(``168个`` or ``新开工168个``); the number itself is inside both. Each label matches at most
one proposal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from duban.intake import extract_document
from duban.intake.extract import Proposal
from duban.intake.text import SourceDocument, load_file

__all__ = [
    "EVALUATION",
    "Label",
    "Score",
    "load_labels",
    "matches",
    "scaled",
    "score_split",
]

EVALUATION = Path(__file__).with_name("evaluation")
_SCALES = (
    ("万亿", Decimal(10) ** 12),
    ("亿", Decimal(10) ** 8),
    ("万", Decimal(10) ** 4),
)


@dataclass(frozen=True)
class Label:
    """One hand-labelled target of an evaluation document."""

    value: Decimal
    unit: str
    comparator: str
    start: int
    end: int
    text: str
    metric: str


@dataclass
class Score:
    """Counts for one split, with the mistakes kept for reading."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    characters: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of proposals that are labelled targets (1.0 when nothing was proposed)."""
        proposed = self.true_positives + self.false_positives
        return self.true_positives / proposed if proposed else 1.0

    @property
    def recall(self) -> float:
        """Share of labelled targets that were proposed (1.0 when there are none)."""
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def scaled(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """(value in the base unit, base unit): 26 亿元 → (2600000000, 元)."""
    for prefix, factor in _SCALES:
        if unit.startswith(prefix):
            return value * factor, unit[len(prefix) :]
    return value, unit


def matches(proposal: Proposal, label: Label) -> bool:
    """The rule stated in the module docstring."""
    if proposal.comparator != label.comparator:
        return False
    if scaled(proposal.value, proposal.unit) != scaled(label.value, label.unit):
        return False
    return proposal.start < label.end and label.start < proposal.end


@lru_cache(maxsize=64)
def _document(name: str) -> SourceDocument:
    """An evaluation document, read once per process (a .doc/.wps starts LibreOffice)."""
    return load_file(EVALUATION / "documents" / name)


def load_labels(path: Path) -> tuple[SourceDocument, str, list[Label]]:
    """(document, split, labels) of one label file; spans are checked against the document."""
    data = json.loads(path.read_text(encoding="utf-8"))
    document = _document(data["document"])
    labels: list[Label] = []
    for item in data["labels"]:
        label = Label(
            Decimal(str(item["value"])),
            item["unit"],
            item["comparator"],
            item["start"],
            item["end"],
            item["text"],
            item.get("metric", ""),
        )
        start, end = document.to_text(label.start, label.end)
        if document.text[start:end] != label.text:
            raise ValueError(f"{path.name}: label span does not match its text: {label.text!r}")
        labels.append(label)
    return document, data["split"], labels


def score_document(document: SourceDocument, labels: list[Label]) -> Score:
    """Score one document."""
    score = Score(characters=len(document.original))
    unmatched = list(labels)
    for proposal in extract_document(document):
        hit = next((label for label in unmatched if matches(proposal, label)), None)
        if hit is None:
            score.false_positives += 1
            score.mistakes.append(
                f"FP {proposal.text!r} {proposal.value} {proposal.unit} {proposal.comparator}"
            )
        else:
            unmatched.remove(hit)
            score.true_positives += 1
    for label in unmatched:
        score.false_negatives += 1
        score.mistakes.append(f"FN {label.text!r} {label.value} {label.unit} {label.comparator}")
    return score


def score_split(split: str | None = None) -> dict[str, Score]:
    """Scores per document for one split (``tuning``, ``heldout``) or all documents."""
    results: dict[str, Score] = {}
    for path in sorted((EVALUATION / "labels").glob("*.json")):
        document, document_split, labels = load_labels(path)
        if split is not None and document_split != split:
            continue
        results[document.name] = score_document(document, labels)
    return results


def total(scores: dict[str, Score]) -> Score:
    """Sum of per-document scores."""
    result = Score()
    for name, score in scores.items():
        result.true_positives += score.true_positives
        result.false_positives += score.false_positives
        result.false_negatives += score.false_negatives
        result.characters += score.characters
        result.mistakes.extend(f"{name}: {mistake}" for mistake in score.mistakes)
    return result
